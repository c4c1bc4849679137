export { WindowSelect, WINDOW_DAYS } from './WindowSelect';

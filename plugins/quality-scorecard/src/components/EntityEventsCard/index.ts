export { EntityEventsCard } from './EntityEventsCard';

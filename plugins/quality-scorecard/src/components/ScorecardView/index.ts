export { ScorecardView, ScorecardToolbar } from './ScorecardView';

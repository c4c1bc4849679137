export { ScorecardHeader } from './ScorecardHeader';

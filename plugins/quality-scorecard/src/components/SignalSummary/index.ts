export { SignalSummary, currentSignalsBySeverity } from './SignalSummary';

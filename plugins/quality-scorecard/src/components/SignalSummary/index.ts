export { SignalSummary, latestSignals } from './SignalSummary';

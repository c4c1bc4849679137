export { ControlChart, controlChartPoints } from './ControlChart';
export type { ControlChartPoint } from './ControlChart';
export { ControlChartDialog } from './ControlChartDialog';
export { SignalList } from './SignalList';

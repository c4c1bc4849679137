export { PrFlowCard } from './PrFlowCard';
export { PrFlowByGroupChart } from './PrFlowByGroupChart';
export { flowRows, flowWeeks, hasFlowData } from './prFlowData';

export { AiPolicyBlock } from './AiPolicyBlock';
export { AiComparisonTable } from './AiComparisonTable';
export { ViolationsTable } from './ViolationsTable';

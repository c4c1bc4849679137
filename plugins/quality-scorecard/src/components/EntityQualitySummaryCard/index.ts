export { EntityQualitySummaryCard } from './EntityQualitySummaryCard';

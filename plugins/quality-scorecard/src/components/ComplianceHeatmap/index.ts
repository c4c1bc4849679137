export { ComplianceHeatmap, complianceColor } from './ComplianceHeatmap';

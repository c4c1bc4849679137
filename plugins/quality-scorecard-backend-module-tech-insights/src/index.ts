/**
 * Publishes the Shewhart quality scorecard's metrics, levels and check
 * results as tech-insights facts, so that a portal running tech-insights can
 * use them in its own checks.
 *
 * @packageDocumentation
 */
export { techInsightsModuleQualityScorecardFacts as default } from './module';
export {
  createQualityScorecardFactRetriever,
  QUALITY_SCORECARD_FACT_RETRIEVER_ID,
  type QualityScorecardFactRetrieverOptions,
} from './retriever';
export {
  QUALITY_SCORECARD_FACT_SCHEMA,
  factsOf,
  type FactSchemaEntry,
} from './facts';

/**
 * The Shewhart quality scorecard frontend plugin (legacy frontend system).
 * The new frontend system's plugin is exported from `./alpha`.
 *
 * @packageDocumentation
 */
export {
  qualityScorecardPlugin,
  EntityQualityContent,
  EntityGroupQualityContent,
  EntityQualitySummaryCard,
  QualityOverviewPage,
} from './plugin';
export * from './api';

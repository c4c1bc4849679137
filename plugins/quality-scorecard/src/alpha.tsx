/**
 * The Shewhart quality scorecard for the new frontend system: the Quality
 * tab, the team tab on groups, the summary card and the overview page.
 *
 * @packageDocumentation
 */
import { qualityScorecardPlugin } from './alpha/plugin';

export {
  entityQualityContent,
  entityGroupQualityContent,
} from './alpha/entityContent';
export { entityQualitySummaryCard } from './alpha/entityCards';
export { qualityOverviewPage } from './alpha/pages';

/** @alpha */
export default qualityScorecardPlugin;

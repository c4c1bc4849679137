import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { rootRouteRef } from '../routes';
import { qualityScorecardApi } from './api';
import { entityQualitySummaryCard } from './entityCards';
import {
  entityGroupQualityContent,
  entityQualityContent,
} from './entityContent';
import { qualityOverviewPage } from './pages';

/**
 * The quality scorecard plugin for the new frontend system.
 * @alpha
 */
export const qualityScorecardPlugin = createFrontendPlugin({
  pluginId: 'quality-scorecard',
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [
    qualityScorecardApi,
    entityQualityContent,
    entityGroupQualityContent,
    entityQualitySummaryCard,
    qualityOverviewPage,
  ],
});

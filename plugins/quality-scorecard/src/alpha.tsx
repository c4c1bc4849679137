import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { QualityScorecardClient, qualityScorecardApiRef } from './api';

const qualityScorecardApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: qualityScorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new QualityScorecardClient(deps),
    }),
});

/** The Quality tab on components (and groups, rolled up). */
const entityQualityContent = EntityContentBlueprint.make({
  params: {
    path: '/quality',
    title: 'Quality',
    filter: { kind: { $in: ['component', 'group'] } },
    loader: () =>
      import('./components/EntityQualityContent').then(m => (
        <m.EntityQualityContent />
      )),
  },
});

/**
 * The quality scorecard plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'quality-scorecard',
  extensions: [qualityScorecardApi, entityQualityContent],
});

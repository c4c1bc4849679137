import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { QualityScorecardClient, qualityScorecardApiRef } from './api';
import { rootRouteRef } from './routes';

/** @public */
export const qualityScorecardPlugin = createPlugin({
  id: 'quality-scorecard',
  apis: [
    createApiFactory({
      api: qualityScorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new QualityScorecardClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Quality tab content for `EntityLayout.Route` in a legacy app.
 * @public
 */
export const EntityQualityContent = qualityScorecardPlugin.provide(
  createComponentExtension({
    name: 'EntityQualityContent',
    component: {
      lazy: () =>
        import('./components/EntityQualityContent').then(m => m.EntityQualityContent),
    },
  }),
);

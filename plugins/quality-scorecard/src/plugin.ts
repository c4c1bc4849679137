import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
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
 * The Quality tab for `EntityLayout.Route` in a legacy app: the balanced
 * scorecard of a component (or the team scorecard on a Group or User page).
 * @public
 */
export const EntityQualityContent = qualityScorecardPlugin.provide(
  createComponentExtension({
    name: 'EntityQualityContent',
    component: {
      lazy: () =>
        import('./components/EntityQualityContent').then(
          m => m.EntityQualityContent,
        ),
    },
  }),
);

/**
 * The team scorecard for a Group page: roll-up, services and sub-groups.
 * @public
 */
export const EntityGroupQualityContent = qualityScorecardPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupQualityContent',
    component: {
      lazy: () =>
        import('./components/GroupQualityContent').then(
          m => m.GroupQualityContent,
        ),
    },
  }),
);

/**
 * A card for the entity Overview tab: headline metrics and current signals.
 * @public
 */
export const EntityQualitySummaryCard = qualityScorecardPlugin.provide(
  createComponentExtension({
    name: 'EntityQualitySummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityQualitySummaryCard').then(
          m => m.EntityQualitySummaryCard,
        ),
    },
  }),
);

/**
 * The overview page for platform teams: every group ranked, and the AI
 * policy compliance heat map. Mount it at a route such as `/quality`.
 * @public
 */
export const QualityOverviewPage = qualityScorecardPlugin.provide(
  createRoutableExtension({
    name: 'QualityOverviewPage',
    component: () =>
      import('./components/QualityOverviewPage').then(
        m => m.QualityOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

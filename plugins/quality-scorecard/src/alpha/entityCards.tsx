import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** The summary card of the Overview tab: headline metrics and current signals. */
export const entityQualitySummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: { kind: { $in: ['component', 'group'] } },
    loader: () =>
      import('../components/EntityQualitySummaryCard').then(m =>
        compatWrapper(<m.EntityQualitySummaryCard />),
      ),
  },
});

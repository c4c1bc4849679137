import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The Quality tab. Components by default; other kinds through the
 * extension's `filter` config, e.g. `{ kind: { $in: [component, resource] } }`.
 */
export const entityQualityContent = EntityContentBlueprint.make({
  name: 'quality',
  params: {
    path: '/quality',
    title: 'Quality',
    filter: { kind: { $in: ['component'] } },
    loader: () =>
      import('../components/EntityQualityContent').then(m =>
        compatWrapper(<m.EntityQualityContent />),
      ),
  },
});

/** The team scorecard on Group pages: roll-up, services, sub-groups. */
export const entityGroupQualityContent = EntityContentBlueprint.make({
  name: 'team-quality',
  params: {
    path: '/quality',
    title: 'Quality',
    filter: { kind: { $in: ['group'] } },
    loader: () =>
      import('../components/GroupQualityContent').then(m =>
        compatWrapper(<m.GroupQualityContent />),
      ),
  },
});

import AssessmentIcon from '@material-ui/icons/Assessment';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The platform overview at /quality; its title and icon make the nav item. */
export const qualityOverviewPage = PageBlueprint.make({
  params: {
    path: '/quality',
    title: 'Quality',
    icon: <AssessmentIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    noHeader: true,
    loader: () =>
      import('../components/QualityOverviewPage').then(m =>
        compatWrapper(<m.QualityOverviewPage />),
      ),
  },
});

import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { QualityScorecardClient, qualityScorecardApiRef } from '../api';

/** The client of the quality scorecard backend. */
export const qualityScorecardApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: qualityScorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new QualityScorecardClient(deps),
    }),
});

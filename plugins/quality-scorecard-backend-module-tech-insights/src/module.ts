import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createQualityScorecardFactRetriever,
  QUALITY_SCORECARD_FACT_RETRIEVER_ID,
} from './retriever';

/**
 * Adds the quality scorecard's fact retriever to tech-insights. Like every
 * tech-insights retriever it runs only with a cadence in
 * `techInsights.factRetrievers.qualityScorecardFactRetriever`.
 *
 * @public
 */
export const techInsightsModuleQualityScorecardFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'quality-scorecard-facts',
  register(env) {
    env.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
      },
      async init({ factRetrievers, catalog }) {
        factRetrievers.addFactRetrievers({
          [QUALITY_SCORECARD_FACT_RETRIEVER_ID]:
            createQualityScorecardFactRetriever({ catalog }),
        });
      },
    });
  },
});

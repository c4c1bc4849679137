import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  qualityScorecardLocatorsExtensionPoint,
  qualityScorecardWebhookSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { readIncidentIoConfig, readOpsgenieConfig } from './config';
import { incidentIoLocator } from './incidentIo/locator';
import { createIncidentIoWebhookSource } from './incidentIo/webhookSource';
import { opsgenieLocator } from './opsgenie/locator';
import { createOpsgenieWebhookSource } from './opsgenie/webhookSource';

/**
 * Incidents from Opsgenie, Jira Service Management Operations and incident.io
 * for the quality scorecard: verified webhooks at
 * `POST /api/quality-scorecard/webhooks/opsgenie` and `…/incident-io`, matched
 * to entities by the annotations their Backstage plugins use. Idle until
 * configured: without secrets, both routes answer 401 to every request.
 *
 * @public
 */
export const qualityScorecardModuleIncidents = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'incidents',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        webhookSources: qualityScorecardWebhookSourcesExtensionPoint,
        locators: qualityScorecardLocatorsExtensionPoint,
      },
      async init({ config, logger, webhookSources, locators }) {
        const opsgenie = readOpsgenieConfig(config);
        const incidentIo = readIncidentIoConfig(config);
        webhookSources.addWebhookSource(createOpsgenieWebhookSource(opsgenie));
        webhookSources.addWebhookSource(
          createIncidentIoWebhookSource(incidentIo),
        );
        locators.addLocator(opsgenieLocator);
        locators.addLocator(incidentIoLocator);
        if (opsgenie.webhookSecrets.length === 0) {
          logger.info(
            'Opsgenie webhooks answer 401: qualityScorecard.opsgenie.webhookSecrets is not set',
          );
        }
        if (incidentIo.webhookSecrets.length === 0) {
          logger.info(
            'incident.io webhooks answer 401: qualityScorecard.incidentIo.webhookSecrets is not set',
          );
        }
      },
    });
  },
});

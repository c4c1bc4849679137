import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { qualityScorecardPermissions } from '@shewhart/plugin-quality-scorecard-common';
import {
  QualityEventSource,
  qualityScorecardEventSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { DatabaseQualityStore } from './database/DatabaseQualityStore';
import { createRouter } from './service/router';
import { readPluginConfig } from './config';
import {
  EntityIndex,
  catalogAnnotationIndexLoader,
} from './ingest/EntityIndex';
import { IngestionService } from './ingest/IngestionService';
import { WebhookService } from './ingest/WebhookService';

/**
 * The quality scorecard backend plugin.
 *
 * @public
 */
export const qualityScorecardPlugin = createBackendPlugin({
  pluginId: 'quality-scorecard',
  register(env) {
    const eventSources: QualityEventSource[] = [];
    env.registerExtensionPoint(qualityScorecardEventSourcesExtensionPoint, {
      addEventSource(source) {
        eventSources.push(source);
      },
    });
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readPluginConfig(deps.config);
        deps.permissionsRegistry.addPermissions(qualityScorecardPermissions);

        const store = await DatabaseQualityStore.create({ database: deps.database });
        const entityIndex = new EntityIndex(
          catalogAnnotationIndexLoader({ catalog: deps.catalog, auth: deps.auth }),
          { logger: deps.logger, refreshIntervalMs: config.attributionRefreshMs },
        );
        const ingestion = new IngestionService(store, entityIndex, { logger: deps.logger });
        const webhooks = new WebhookService(store, ingestion, {
          logger: deps.logger,
          githubSecret: config.githubWebhookSecret,
          pagerDutySecrets: config.pagerDutyWebhookSecrets,
        });

        await deps.scheduler.scheduleTask({
          id: 'quality-scorecard-attribution',
          frequency: { seconds: Math.max(10, config.attributionRefreshMs / 1000) },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            await webhooks.resumeUnprocessed();
            await ingestion.reattribute();
          },
        });

        for (const source of eventSources) {
          await source.connect({ ingest: events => ingestion.ingest(events) });
        }

        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            ingestion,
            webhooks,
            maxBodySize: config.maxBodySize,
          }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Webhooks authenticate by signature, not by Backstage credentials.
        deps.httpRouter.addAuthPolicy({ path: '/webhooks', allow: 'unauthenticated' });
      },
    });
  },
});

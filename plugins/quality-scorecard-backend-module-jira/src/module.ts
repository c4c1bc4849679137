import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  QualityEventSink,
  qualityScorecardEventSourcesExtensionPoint,
  qualityScorecardLocatorsExtensionPoint,
  qualityScorecardWebhookSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { readJiraConfig } from './config';
import { JiraStore } from './database/JiraStore';
import { jiraLocator } from './jira/locators';
import { createSyncRouter, SYNC_TASK_ID } from './service/router';
import { JiraSync } from './sync/JiraSync';
import { createJiraWebhookSource } from './webhook/webhookSource';

/**
 * Jira (Cloud and Data Center) for the quality scorecard: bugs and incidents
 * from signed webhooks at `POST /api/quality-scorecard/webhooks/jira` and a
 * scheduled sync of every project named by a `jira/project-key` annotation.
 *
 * @public
 */
export const qualityScorecardModuleJira = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'jira',
  register(env) {
    let connect: (sink: QualityEventSink) => void = () => {};
    const sink = new Promise<QualityEventSink>(resolve => {
      connect = resolve;
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        eventSources: qualityScorecardEventSourcesExtensionPoint,
        webhookSources: qualityScorecardWebhookSourcesExtensionPoint,
        locators: qualityScorecardLocatorsExtensionPoint,
      },
      async init(deps) {
        const config = readJiraConfig(deps.config);
        deps.locators.addLocator(jiraLocator);
        const store = await JiraStore.create({ database: deps.database });
        // Mounted whatever the secrets: without one it answers 401 to all.
        deps.webhookSources.addWebhookSource(
          createJiraWebhookSource({
            secrets: config.webhookSecrets,
            tokens: config.webhookTokens,
            rules: config.rules,
            store,
          }),
        );
        if (config.webhookSecrets.length + config.webhookTokens.length === 0) {
          deps.logger.info(
            'Jira webhooks answer 401: neither qualityScorecard.jira.webhookSecrets nor webhookTokens is set',
          );
        }

        const routerOptions = {
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          scheduler: deps.scheduler,
          staleAfterMs: durationToMilliseconds(
            config.sync.schedule.timeout as HumanDuration,
          ),
        };
        let disabledReason: string | undefined;
        if (!config.sync.enabled) {
          disabledReason = 'qualityScorecard.jira.sync.enabled is false';
        } else if (config.instances.length === 0) {
          disabledReason =
            'no Jira instance is configured (qualityScorecard.jira.instances)';
        }
        if (disabledReason) {
          deps.logger.info(`Jira sync disabled: ${disabledReason}`);
          deps.httpRouter.use(
            createSyncRouter({ ...routerOptions, disabledReason }),
          );
          return;
        }

        deps.eventSources.addEventSource({
          id: 'jira-sync',
          connect: async eventSink => connect(eventSink),
        });
        const sync = new JiraSync({
          config,
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          logger: deps.logger,
          sink: () => sink,
        });
        // The scheduler runs it on one backend instance at a time.
        await deps.scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          ...config.sync.schedule,
          fn: async signal => {
            await sync.runAll({ signal });
          },
        });
        deps.httpRouter.use(createSyncRouter({ ...routerOptions, store }));
        deps.logger.info(
          `Jira sync enabled for ${config.instances
            .map(i => i.baseUrl)
            .join(', ')}; first sync of a project reads ${
            config.sync.historyDays
          } days`,
        );
      },
    });
  },
});

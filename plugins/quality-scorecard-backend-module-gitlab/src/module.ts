import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  QualityEventSink,
  qualityScorecardEventSourcesExtensionPoint,
  qualityScorecardWebhookSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { readGitlabConfig } from './config';
import { GitlabSyncStore } from './database/GitlabSyncStore';
import { createSyncRouter, SYNC_TASK_ID } from './service/router';
import { GitlabSync } from './sync/GitlabSync';
import { createGitlabWebhookSource } from './webhook/webhookSource';

/**
 * GitLab for the quality scorecard: signed webhooks at
 * `POST /api/quality-scorecard/webhooks/gitlab` and a scheduled sync of every
 * catalog entity with a `gitlab.com/project-slug` annotation.
 *
 * @public
 */
export const qualityScorecardModuleGitlab = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'gitlab',
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
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        eventSources: qualityScorecardEventSourcesExtensionPoint,
        webhookSources: qualityScorecardWebhookSourcesExtensionPoint,
      },
      async init(deps) {
        const config = readGitlabConfig(deps.config);
        // Mounted whatever the secrets: without one it answers 401 to all.
        deps.webhookSources.addWebhookSource(
          createGitlabWebhookSource({
            secrets: config.webhookSecrets,
            issues: config.issues,
          }),
        );
        if (config.webhookSecrets.length === 0) {
          deps.logger.info(
            'GitLab webhooks answer 401: qualityScorecard.gitlab.webhookSecrets is not set',
          );
        }

        const integrations = ScmIntegrations.fromConfig(deps.config);
        const routerOptions = {
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          scheduler: deps.scheduler,
          staleAfterMs: durationToMilliseconds(
            config.sync.schedule.timeout as HumanDuration,
          ),
        };
        const withToken = integrations.gitlab
          .list()
          .filter(i => Boolean(i.config.token));
        let disabledReason: string | undefined;
        if (!config.sync.enabled) {
          disabledReason = 'qualityScorecard.gitlab.sync.enabled is false';
        } else if (withToken.length === 0) {
          disabledReason =
            'no GitLab integration with a token is configured (integrations.gitlab)';
        }
        if (disabledReason) {
          deps.logger.info(`GitLab sync disabled: ${disabledReason}`);
          deps.httpRouter.use(
            createSyncRouter({ ...routerOptions, disabledReason }),
          );
          return;
        }

        deps.eventSources.addEventSource({
          id: 'gitlab-sync',
          connect: async eventSink => connect(eventSink),
        });
        const store = await GitlabSyncStore.create({ database: deps.database });
        const sync = new GitlabSync({
          config,
          integrations,
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
        const manualRuns = new AbortController();
        deps.lifecycle.addShutdownHook(() => manualRuns.abort());
        deps.httpRouter.use(
          createSyncRouter({
            ...routerOptions,
            sync,
            store,
            signal: manualRuns.signal,
          }),
        );
        deps.logger.info(
          `GitLab sync enabled for ${withToken
            .map(i => i.config.host)
            .join(', ')}; first sync of a project backfills ${
            config.sync.historyDays
          } days`,
        );
      },
    });
  },
});

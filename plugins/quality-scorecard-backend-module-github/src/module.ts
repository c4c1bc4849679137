import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  QualityEventSink,
  qualityScorecardEventSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { readGithubSyncConfig } from './config';
import { GithubSyncStore } from './database/GithubSyncStore';
import { createSyncRouter, SYNC_TASK_ID } from './service/router';
import { GithubSync } from './sync/GithubSync';

/**
 * Backfills and syncs GitHub pull requests, deployments and labelled issues
 * of every catalog entity with a `github.com/project-slug` annotation.
 *
 * @public
 */
export const qualityScorecardModuleGithub = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'github',
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
      },
      async init(deps) {
        const config = readGithubSyncConfig(deps.config);
        const integrations = ScmIntegrations.fromConfig(deps.config);
        const staleAfterMs = durationToMilliseconds(
          config.schedule.timeout as HumanDuration,
        );
        const routerOptions = {
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          scheduler: deps.scheduler,
          staleAfterMs,
        };

        const withCredentials = integrations.github
          .list()
          .filter(i => i.config.token || i.config.apps?.length);
        let disabledReason: string | undefined;
        if (!config.enabled) {
          disabledReason = 'qualityScorecard.github.sync.enabled is false';
        } else if (withCredentials.length === 0) {
          disabledReason =
            'no GitHub integration with a token or GitHub App is configured (integrations.github)';
        }
        if (disabledReason) {
          deps.logger.info(`GitHub sync disabled: ${disabledReason}`);
          deps.httpRouter.use(
            createSyncRouter({ ...routerOptions, disabledReason }),
          );
          return;
        }

        deps.eventSources.addEventSource({
          id: 'github-sync',
          connect: async eventSink => connect(eventSink),
        });
        const store = await GithubSyncStore.create({ database: deps.database });
        const sync = new GithubSync({
          config,
          integrations,
          credentialsProvider:
            DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          logger: deps.logger,
          sink: () => sink,
        });
        // The scheduler runs it on one backend instance at a time.
        await deps.scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          ...config.schedule,
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
          `GitHub sync enabled for ${withCredentials
            .map(i => i.config.host)
            .join(', ')}; ` +
            `first sync of a repository backfills ${config.historyDays} days`,
        );
      },
    });
  },
});

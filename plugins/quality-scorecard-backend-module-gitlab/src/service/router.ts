import express from 'express';
import Router from 'express-promise-router';
import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  qualityScorecardAdminPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { GitlabSyncStore, SyncRun } from '../database/GitlabSyncStore';
import { GitlabSync } from '../sync/GitlabSync';

export const SYNC_TASK_ID = 'quality-scorecard-gitlab-sync';

export interface SyncRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** Absent when sync is off; `disabledReason` says why. */
  sync?: GitlabSync;
  store?: GitlabSyncStore;
  disabledReason?: string;
  /** A run not updated for this long died with its instance. */
  staleAfterMs: number;
  /** Aborts one-entity runs when the backend stops. */
  signal?: AbortSignal;
}

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

function runView(run: SyncRun, now: number, staleAfterMs: number) {
  const stale = run.status === 'running' && now - run.updatedAt > staleAfterMs;
  return {
    id: run.id,
    trigger: run.trigger,
    entityRef: run.scope,
    status: stale ? 'stale' : run.status,
    startedAt: iso(run.startedAt),
    updatedAt: iso(run.updatedAt),
    finishedAt: iso(run.finishedAt),
    projects: {
      total: run.totalProjects,
      done: run.doneProjects,
      current: run.current,
    },
    requests: run.requests,
    items: run.items,
    errors: run.errors,
    message: run.message,
  };
}

/**
 * `POST /gitlab/sync` (one entity with `{entityRef}`: refresh permission;
 * every project: admin permission) and `GET /gitlab/sync/status`.
 */
export function createSyncRouter(options: SyncRouterOptions): express.Router {
  const { httpAuth, permissions } = options;
  const router = Router();

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };

  router.post(
    '/gitlab/sync',
    express.json({ limit: '10kb' }),
    async (req, res) => {
      const entityRef: unknown = req.body?.entityRef;
      if (entityRef !== undefined && typeof entityRef !== 'string') {
        throw new InputError(
          'entityRef must be a string such as component:default/payments',
        );
      }
      const credentials = await authorize(
        req,
        entityRef
          ? qualityScorecardRefreshPermission
          : qualityScorecardAdminPermission,
      );
      if (!options.sync) {
        throw new ServiceUnavailableError(
          `GitLab sync is disabled: ${options.disabledReason}`,
        );
      }
      if (!entityRef) {
        // Runs on whichever instance the scheduler picks; 409 while one runs.
        await options.scheduler.triggerTask(SYNC_TASK_ID);
        res.status(202).json({ triggered: SYNC_TASK_ID });
        return;
      }
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (error) {
        throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
      }
      const started = await options.sync.startEntitySync(
        ref,
        credentials,
        options.signal,
      );
      res.status(202).json({ entityRef: ref, ...started });
    },
  );

  router.get('/gitlab/sync/status', async (req, res) => {
    await authorize(req, qualityScorecardRefreshPermission);
    if (!options.sync || !options.store) {
      res.json({
        enabled: false,
        reason: options.disabledReason,
        runs: [],
        projects: [],
      });
      return;
    }
    const now = Date.now();
    const runs = await options.store.listRuns(10);
    const projects = await options.store.listProjects();
    res.json({
      enabled: true,
      runs: runs.map(run => runView(run, now, options.staleAfterMs)),
      projects: projects.map(p => ({
        project: p.path,
        host: p.host,
        key: p.projectKey,
        status: p.lastStatus,
        error: p.lastError,
        lastStartedAt: iso(p.lastStartedAt),
        lastFinishedAt: iso(p.lastFinishedAt),
        historyFrom: iso(p.historyFrom),
        cursors: p.cursors,
        counts: p.lastCounts,
      })),
    });
  });

  return router;
}

import express from 'express';
import Router from 'express-promise-router';
import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  qualityScorecardAdminPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import type { JiraStore, SyncRun } from '../database/JiraStore';

export const SYNC_TASK_ID = 'quality-scorecard-jira-sync';

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

function runView(run: SyncRun, now: number, staleAfterMs: number) {
  const stale = run.status === 'running' && now - run.updatedAt > staleAfterMs;
  return {
    id: run.id,
    trigger: run.trigger,
    status: stale ? 'stale' : run.status,
    startedAt: iso(run.startedAt),
    updatedAt: iso(run.updatedAt),
    finishedAt: iso(run.finishedAt),
    requests: run.requests,
    items: { bugs: run.bugs, incidents: run.incidents },
    errors: run.errors,
  };
}

/** `POST /jira/sync` (admin permission) and `GET /jira/sync/status` (refresh permission). */
export function createSyncRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** Absent when the sync is off; `disabledReason` says why. */
  store?: JiraStore;
  disabledReason?: string;
  /** A run not updated for this long died with its instance. */
  staleAfterMs: number;
}): express.Router {
  const { httpAuth, permissions } = options;
  const router = Router();

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };

  router.post('/jira/sync', async (req, res) => {
    await authorize(req, qualityScorecardAdminPermission);
    if (!options.store) {
      throw new ServiceUnavailableError(
        `Jira sync is disabled: ${options.disabledReason}`,
      );
    }
    // Runs on whichever instance the scheduler picks; 409 while one runs.
    await options.scheduler.triggerTask(SYNC_TASK_ID);
    res.status(202).json({ triggered: SYNC_TASK_ID });
  });

  router.get('/jira/sync/status', async (req, res) => {
    await authorize(req, qualityScorecardRefreshPermission);
    if (!options.store) {
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
        baseUrl: p.baseUrl,
        project: p.project,
        status: p.lastStatus,
        error: p.lastError,
        cursor: iso(p.cursor),
        lastFinishedAt: iso(p.lastFinishedAt),
      })),
    });
  });

  return router;
}

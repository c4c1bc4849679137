import express from 'express';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  createSourceSyncRouter,
  isoOrNull as iso,
  syncRunStatus,
} from '@shewhart/plugin-quality-scorecard-node';
import { GitlabSyncStore, SyncRun } from '../database/GitlabSyncStore';
import { GitlabSync } from '../sync/GitlabSync';

export const SYNC_TASK_ID = 'quality-scorecard-gitlab-sync';

export interface SyncRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
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

function runView(run: SyncRun, now: number, staleAfterMs: number) {
  return {
    id: run.id,
    trigger: run.trigger,
    entityRef: run.scope,
    status: syncRunStatus(run, now, staleAfterMs),
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
  const { sync, store } = options;
  return createSourceSyncRouter({
    source: 'gitlab',
    title: 'GitLab',
    taskId: SYNC_TASK_ID,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    auditor: options.auditor,
    scheduler: options.scheduler,
    disabledReason: sync && store ? undefined : options.disabledReason ?? 'off',
    emptyStatus: { runs: [], projects: [] },
    syncEntity: sync
      ? async (ref, credentials) => ({
          ...(await sync.startEntitySync(ref, credentials, options.signal)),
        })
      : undefined,
    status: store
      ? async () => {
          const now = Date.now();
          const runs = await store.listRuns(10);
          const projects = await store.listProjects();
          return JSON.parse(
            JSON.stringify({
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
            }),
          );
        }
      : undefined,
  });
}

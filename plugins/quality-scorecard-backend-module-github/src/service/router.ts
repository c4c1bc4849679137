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
import { GithubSyncStore, SyncRun } from '../database/GithubSyncStore';
import { GithubSync } from '../sync/GithubSync';

export const SYNC_TASK_ID = 'quality-scorecard-github-sync';

export interface SyncRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** Absent when sync is off; `disabledReason` says why. */
  sync?: GithubSync;
  store?: GithubSyncStore;
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
    repositories: {
      total: run.totalRepositories,
      done: run.doneRepositories,
      current: run.current,
    },
    requests: run.requests,
    items: run.items,
    errors: run.errors,
    message: run.message,
  };
}

/**
 * `POST /github/sync` (one entity with `{entityRef}`: refresh permission;
 * every repository: admin permission) and `GET /github/sync/status`.
 */
export function createSyncRouter(options: SyncRouterOptions): express.Router {
  const { sync, store } = options;
  return createSourceSyncRouter({
    source: 'github',
    title: 'GitHub',
    taskId: SYNC_TASK_ID,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    auditor: options.auditor,
    scheduler: options.scheduler,
    disabledReason: sync && store ? undefined : options.disabledReason ?? 'off',
    emptyStatus: { runs: [], repositories: [] },
    syncEntity: sync
      ? async (ref, credentials) => ({
          ...(await sync.startEntitySync(ref, credentials, options.signal)),
        })
      : undefined,
    status: store
      ? async () => {
          const now = Date.now();
          const runs = await store.listRuns(10);
          const repositories = await store.listRepositories();
          return JSON.parse(
            JSON.stringify({
              runs: runs.map(run => runView(run, now, options.staleAfterMs)),
              repositories: repositories.map(r => ({
                repository: r.fullName ?? r.repositoryKey,
                key: r.repositoryKey,
                status: r.lastStatus,
                error: r.lastError,
                archived: r.archived,
                lastStartedAt: iso(r.lastStartedAt),
                lastFinishedAt: iso(r.lastFinishedAt),
                historyFrom: iso(r.historyFrom),
                cursors: r.cursors,
                counts: r.lastCounts,
              })),
            }),
          );
        }
      : undefined,
  });
}

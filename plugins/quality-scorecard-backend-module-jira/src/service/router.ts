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
import type { JiraStore, SyncRun } from '../database/JiraStore';

export const SYNC_TASK_ID = 'quality-scorecard-jira-sync';

function runView(run: SyncRun, now: number, staleAfterMs: number) {
  return {
    id: run.id,
    trigger: run.trigger,
    status: syncRunStatus(run, now, staleAfterMs),
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
  auditor: AuditorService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** Absent when the sync is off; `disabledReason` says why. */
  store?: JiraStore;
  disabledReason?: string;
  /** A run not updated for this long died with its instance. */
  staleAfterMs: number;
}): express.Router {
  const { store } = options;
  return createSourceSyncRouter({
    source: 'jira',
    title: 'Jira',
    taskId: SYNC_TASK_ID,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    auditor: options.auditor,
    scheduler: options.scheduler,
    disabledReason: store ? undefined : options.disabledReason ?? 'off',
    emptyStatus: { runs: [], projects: [] },
    status: store
      ? async () => {
          const now = Date.now();
          const runs = await store.listRuns(10);
          const projects = await store.listProjects();
          return JSON.parse(
            JSON.stringify({
              runs: runs.map(run => runView(run, now, options.staleAfterMs)),
              projects: projects.map(p => ({
                baseUrl: p.baseUrl,
                project: p.project,
                status: p.lastStatus,
                error: p.lastError,
                cursor: iso(p.cursor),
                lastFinishedAt: iso(p.lastFinishedAt),
              })),
            }),
          );
        }
      : undefined,
  });
}

import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
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
import type { JsonObject } from '@backstage/types';
import {
  qualityScorecardAdminPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * The routes of a source's scheduled sync (GitHub, GitLab, Jira, …).
 * @public
 */
export interface SourceSyncRouterOptions {
  /** The route segment: `POST /<source>/sync`, `GET /<source>/sync/status`. */
  source: string;
  /** The source's name in messages: `GitLab`. */
  title: string;
  /** The scheduled task that syncs everything. */
  taskId: string;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  /** Records each sync trigger (`source-sync`), with the caller, entity and outcome. */
  auditor: AuditorService;
  /** Why the sync is off; absent when it is on. */
  disabledReason?: string;
  /** What `GET /status` shows when the sync is off, besides `enabled` and `reason` (empty lists). */
  emptyStatus: JsonObject;
  /** What `GET /status` shows when the sync is on, besides `enabled: true`. */
  status?: () => Promise<JsonObject>;
  /**
   * Syncs one entity's source now (`POST /<source>/sync` with
   * `{entityRef}`), answering what the client is told; absent when the
   * source syncs only as a whole.
   */
  syncEntity?: (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => Promise<JsonObject>;
}

/**
 * `POST /<source>/sync` — `{entityRef}`: that entity now (refresh
 * permission); `{}`: the scheduled sync of everything (admin permission),
 * on whichever instance the scheduler picks — and `GET /<source>/sync/status`
 * (refresh permission). 503 while the sync is off. Every trigger is audited
 * (`source-sync`: medium for everything, low for one entity).
 * @public
 */
export function createSourceSyncRouter(
  options: SourceSyncRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, source, title } = options;
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

  const startSync = async (
    req: express.Request,
    entityRef: unknown,
  ): Promise<JsonObject> => {
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
    if (options.disabledReason !== undefined) {
      throw new ServiceUnavailableError(
        `${title} sync is disabled: ${options.disabledReason}`,
      );
    }
    if (!entityRef) {
      // Runs on whichever instance the scheduler picks; 409 while one runs.
      await options.scheduler.triggerTask(options.taskId);
      return { triggered: options.taskId };
    }
    if (!options.syncEntity) {
      throw new InputError(
        `${title} syncs only as a whole: send {} to start the sync of everything`,
      );
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
    return { entityRef: ref, ...(await options.syncEntity(ref, credentials)) };
  };

  router.post(
    `/${source}/sync`,
    express.json({ limit: '10kb' }),
    async (req, res) => {
      const entityRef: unknown = req.body?.entityRef;
      const audit = await auditor.createEvent({
        eventId: 'source-sync',
        severityLevel: entityRef ? 'low' : 'medium',
        request: req,
        meta: {
          source,
          entityRef: typeof entityRef === 'string' ? entityRef : null,
        },
      });
      try {
        const answer = await startSync(req, entityRef);
        await audit.success({ meta: { source, ...answer } });
        res.status(202).json(answer);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.get(`/${source}/sync/status`, async (req, res) => {
    await authorize(req, qualityScorecardRefreshPermission);
    if (options.disabledReason !== undefined || !options.status) {
      res.json({
        enabled: false,
        reason: options.disabledReason,
        ...options.emptyStatus,
      });
      return;
    }
    res.json({ enabled: true, ...(await options.status()) });
  });

  return router;
}

/**
 * A run's status as the status route shows it: a run still `running` but not
 * updated for `staleAfterMs` died with its instance (`stale`).
 * @public
 */
export function syncRunStatus(
  run: { status: string; updatedAt: number },
  now: number,
  staleAfterMs: number,
): string {
  return run.status === 'running' && now - run.updatedAt > staleAfterMs
    ? 'stale'
    : run.status;
}

/**
 * Epoch milliseconds as ISO-8601, null as null.
 * @public
 */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

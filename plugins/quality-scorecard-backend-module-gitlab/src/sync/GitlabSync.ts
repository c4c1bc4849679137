import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readCatalogInPages,
  type QualityEventSink,
} from '@shewhart/plugin-quality-scorecard-node';
import { GitlabModuleConfig } from '../config';
import {
  addCounts,
  emptyCounts,
  GitlabSyncStore,
  SyncRun,
} from '../database/GitlabSyncStore';
import { GitlabClient } from './GitlabClient';
import { ProjectSync, ProjectTarget } from './ProjectSync';
import {
  describeError,
  RateLimitExhaustedError,
  SyncAbortedError,
} from './requester';

export const PROJECT_SLUG_ANNOTATION = 'gitlab.com/project-slug';
export const INSTANCE_ANNOTATION = 'gitlab.com/instance';

export interface GitlabSyncOptions {
  config: GitlabModuleConfig;
  integrations: ScmIntegrationRegistry;
  catalog: CatalogService;
  auth: AuthService;
  store: GitlabSyncStore;
  logger: LoggerService;
  /** Resolves once the plugin has connected the event source. */
  sink: () => Promise<QualityEventSink>;
}

/**
 * Syncs the GitLab projects of catalog entities: every one on a schedule, or
 * one entity's on demand. Progress is logged and kept in the database.
 */
export class GitlabSync {
  /** Projects being synced by this instance. */
  private readonly busy = new Set<string>();

  constructor(private readonly options: GitlabSyncOptions) {}

  /**
   * The project of an entity's `gitlab.com/project-slug`, on the host of its
   * `gitlab.com/instance`, else on the first GitLab integration with a token.
   */
  targetOf(entity: Entity): ProjectTarget | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const path = annotations[PROJECT_SLUG_ANNOTATION]?.trim();
    if (!path || !/^[\w.-]+(\/[\w.-]+)+$/.test(path)) {
      return undefined;
    }
    const instance = annotations[INSTANCE_ANNOTATION]?.trim().toLowerCase();
    const host =
      instance ||
      this.options.integrations.gitlab
        .list()
        .find(i => Boolean(i.config.token))
        ?.config.host.toLowerCase();
    if (!host) {
      return undefined;
    }
    return { host, path, key: `${host}/${path}`.toLowerCase() };
  }

  /** Every project annotated in the catalog, once. */
  async discover(): Promise<ProjectTarget[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const items = await readCatalogInPages(
      this.options.catalog,
      {
        filter: {
          [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      credentials,
    );
    const targets = new Map<string, ProjectTarget>();
    for (const entity of items) {
      const target = this.targetOf(entity);
      if (!target) {
        this.options.logger.warn(
          `GitLab sync: ${stringifyEntityRef(
            entity,
          )} has an invalid ${PROJECT_SLUG_ANNOTATION} annotation`,
        );
      } else if (!targets.has(target.key)) {
        targets.set(target.key, target);
      }
    }
    return [...targets.values()];
  }

  /** The scheduled run: every annotated project. */
  async runAll(options: { signal?: AbortSignal } = {}): Promise<SyncRun> {
    const runId = await this.options.store.startRun({
      trigger: 'schedule',
      scope: null,
      now: Date.now(),
    });
    let targets;
    try {
      targets = await this.discover();
    } catch (error) {
      const now = Date.now();
      await this.options.store.updateRun(runId, {
        status: 'failed',
        message: `reading the catalog failed: ${describeError(error)}`,
        finishedAt: now,
        updatedAt: now,
      });
      throw error;
    }
    return this.execute(runId, targets, options.signal);
  }

  /**
   * Starts a sync of one entity's project in the background; its progress is
   * in the run with the returned id.
   */
  async startEntitySync(
    entityRef: string,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<{ runId: number; project: string }> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const target = this.targetOf(entity);
    if (!target) {
      throw new InputError(
        `${entityRef} has no valid ${PROJECT_SLUG_ANNOTATION} annotation`,
      );
    }
    if (this.busy.has(target.key)) {
      throw new ConflictError(`${target.path} is being synced already`);
    }
    const runId = await this.options.store.startRun({
      trigger: 'manual',
      scope: entityRef,
      now: Date.now(),
    });
    this.execute(runId, [target], signal).catch(error =>
      this.options.logger.error(
        `GitLab sync of ${entityRef} failed: ${describeError(error)}`,
      ),
    );
    return { runId, project: target.path };
  }

  /** One client per host: the host's rate limit is shared by its projects. */
  private clientFactory(
    signal: AbortSignal | undefined,
    onRequest: () => void,
  ) {
    const clients = new Map<string, GitlabClient>();
    return (host: string): GitlabClient | undefined => {
      const integration = this.options.integrations.gitlab.byHost(host);
      if (!integration?.config.token) {
        return undefined;
      }
      let client = clients.get(host);
      if (!client) {
        client = new GitlabClient({
          integration: integration.config,
          maxRateLimitWaitMs: this.options.config.sync.maxRateLimitWaitMs,
          logger: this.options.logger,
          signal,
          onRequest,
        });
        clients.set(host, client);
      }
      return client;
    };
  }

  private async execute(
    runId: number,
    targets: ProjectTarget[],
    signal?: AbortSignal,
  ): Promise<SyncRun> {
    const { store, logger } = this.options;
    const sink = await this.options.sink();
    const sent = { requests: 0 };
    const clientFor = this.clientFactory(signal, () => {
      sent.requests += 1;
    });
    const items = emptyCounts();
    const errors: SyncRun['errors'] = [];
    /** Hosts whose rate limit stopped a project: their others wait for the next run. */
    const exhausted = new Map<string, string>();
    let done = 0;
    let stopped: string | null = null;
    await store.updateRun(runId, {
      totalProjects: targets.length,
      updatedAt: Date.now(),
    });
    logger.info(`GitLab sync started: ${targets.length} projects`);

    for (const [index, target] of targets.entries()) {
      if (signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const client = clientFor(target.host);
      const skipped = !client
        ? `no token for ${target.host} in integrations.gitlab`
        : exhausted.get(target.host) ??
          (this.busy.has(target.key)
            ? 'being synced by another run; skipped'
            : undefined);
      if (skipped || !client) {
        errors.push({ project: target.path, message: skipped! });
        done += 1;
        continue;
      }
      this.busy.add(target.key);
      const position = `project ${index + 1} of ${targets.length}`;
      logger.info(`GitLab sync: ${position}: ${target.path}`);
      const before = sent.requests;
      const counts = emptyCounts();
      try {
        await ProjectSync.run(target, {
          client,
          store,
          sink,
          config: this.options.config,
          logger,
          now: Date.now(),
          signal,
          counts,
          onProgress: progress =>
            store.updateRun(runId, {
              current: { project: target.path, ...progress },
              requests: sent.requests,
              updatedAt: Date.now(),
            }),
        });
        logger.info(
          `GitLab sync: ${position}: ${target.path}: ${counts.mergeRequests} merge requests, ` +
            `${counts.deployments} deployments, ${counts.incidents} incidents, ${counts.bugs} bugs ` +
            `with ${sent.requests - before} requests`,
        );
      } catch (error) {
        const message = describeError(error);
        errors.push({ project: target.path, message });
        if (error instanceof SyncAbortedError || signal?.aborted) {
          stopped = 'aborted';
          logger.warn(`GitLab sync stopped at ${target.path}: aborted`);
          break;
        }
        if (error instanceof RateLimitExhaustedError) {
          exhausted.set(target.host, `${target.host}: ${message}`);
        }
        logger.warn(`GitLab sync: ${target.path}: ${message}`);
      } finally {
        this.busy.delete(target.key);
        addCounts(items, counts);
      }
      done += 1;
      await store.updateRun(runId, {
        doneProjects: done,
        requests: sent.requests,
        items,
        errors,
        updatedAt: Date.now(),
      });
    }

    let status: SyncRun['status'] = 'succeeded';
    if (stopped) {
      status = 'failed';
    } else if (errors.length > 0) {
      status = 'partial';
    }
    const finishedAt = Date.now();
    await store.updateRun(runId, {
      status,
      doneProjects: done,
      current: null,
      requests: sent.requests,
      items,
      errors,
      message: stopped,
      finishedAt,
      updatedAt: finishedAt,
    });
    const reported =
      errors.length > 0 ? `; ${errors.length} projects reported` : '';
    logger.info(
      `GitLab sync ${status}: ${done} of ${targets.length} projects, ` +
        `${items.mergeRequests} merge requests, ${items.deployments} deployments, ` +
        `${items.incidents} incidents, ${items.bugs} bugs, ${sent.requests} requests${reported}`,
    );
    return (await store.getRun(runId))!;
  }
}

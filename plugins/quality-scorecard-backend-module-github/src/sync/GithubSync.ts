import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readCatalogInPages,
  type QualityEventSink,
} from '@shewhart/plugin-quality-scorecard-node';
import { GithubSyncConfig } from '../config';
import {
  GithubSyncStore,
  SyncCounts,
  SyncRun,
  emptyCounts,
} from '../database/GithubSyncStore';
import {
  GithubClient,
  RateLimitExhaustedError,
  describeError,
} from '../github/GithubClient';
import { RepositorySync, RepositoryTarget } from './RepositorySync';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

export interface GithubSyncOptions {
  config: GithubSyncConfig;
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
  catalog: CatalogService;
  auth: AuthService;
  store: GithubSyncStore;
  logger: LoggerService;
  /** Resolves once the plugin has connected the event source. */
  sink: () => Promise<QualityEventSink>;
  /** Milliseconds per second of `retry-after`; tests make waits shorter. */
  retryAfterBaseMs?: number;
}

function add(total: SyncCounts, counts: SyncCounts) {
  total.pullRequests += counts.pullRequests;
  total.deployments += counts.deployments;
  total.incidents += counts.incidents;
  total.bugs += counts.bugs;
}

/**
 * Syncs the GitHub repositories of catalog entities: every one on a schedule,
 * or one entity's on demand. Progress is logged and kept in the database.
 */
export class GithubSync {
  /** Repositories being synced by this instance. */
  private readonly busy = new Set<string>();

  constructor(private readonly options: GithubSyncOptions) {}

  /** The repository of an entity's `github.com/project-slug` annotation. */
  targetOf(entity: Entity): RepositoryTarget | undefined {
    const slug = entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.trim();
    if (!slug || !/^[\w.-]+\/[\w.-]+$/.test(slug)) {
      return undefined;
    }
    // GitHub Enterprise: the host of the source location, if it is a GitHub integration.
    let host = 'github.com';
    const location = entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION];
    if (location) {
      try {
        const url = new URL(location.replace(/^url:/, ''));
        if (this.options.integrations.github.byHost(url.host)) {
          host = url.host;
        }
      } catch {
        // Not a URL: keep github.com.
      }
    }
    return { host, slug, key: `${host}/${slug}`.toLowerCase() };
  }

  /** Every repository annotated in the catalog, once. */
  async discover(): Promise<RepositoryTarget[]> {
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
    const targets = new Map<string, RepositoryTarget>();
    for (const entity of items) {
      const target = this.targetOf(entity);
      if (!target) {
        this.options.logger.warn(
          `GitHub sync: ${stringifyEntityRef(
            entity,
          )} has an invalid ${PROJECT_SLUG_ANNOTATION} annotation`,
        );
      } else if (!targets.has(target.key)) {
        targets.set(target.key, target);
      }
    }
    return [...targets.values()];
  }

  /** The scheduled run: every annotated repository. */
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
   * Starts a sync of one entity's repository in the background; its progress
   * is in the run with the returned id.
   */
  async startEntitySync(
    entityRef: string,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<{ runId: number; repository: string }> {
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
      throw new ConflictError(`${target.slug} is being synced already`);
    }
    const runId = await this.options.store.startRun({
      trigger: 'manual',
      scope: entityRef,
      now: Date.now(),
    });
    this.execute(runId, [target], signal).catch(error =>
      this.options.logger.error(
        `GitHub sync of ${entityRef} failed: ${describeError(error)}`,
      ),
    );
    return { runId, repository: target.slug };
  }

  private clientFactory(
    signal: AbortSignal | undefined,
    onRequest: () => void,
  ) {
    const clients = new Map<string, GithubClient>();
    return (target: RepositoryTarget): GithubClient | undefined => {
      const integration = this.options.integrations.github.byHost(target.host);
      if (
        !integration ||
        !(integration.config.token || integration.config.apps?.length)
      ) {
        return undefined;
      }
      // A GitHub App installation (and so a rate limit) belongs to an owner.
      const owner = target.slug.split('/')[0].toLowerCase();
      const cacheKey = `${target.host}/${owner}`;
      let client = clients.get(cacheKey);
      if (!client) {
        const url = `https://${target.host}/${target.slug}`;
        client = new GithubClient({
          baseUrl:
            integration.config.apiBaseUrl ?? `https://${target.host}/api/v3`,
          token: async () =>
            (await this.options.credentialsProvider.getCredentials({ url }))
              .token,
          logger: this.options.logger,
          maxRateLimitWaitMs: this.options.config.maxRateLimitWaitMs,
          onRequest,
          signal,
          retryAfterBaseMs: this.options.retryAfterBaseMs,
        });
        clients.set(cacheKey, client);
      }
      return client;
    };
  }

  private async execute(
    runId: number,
    targets: RepositoryTarget[],
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
    let done = 0;
    let stopped: string | null = null;
    await store.updateRun(runId, {
      totalRepositories: targets.length,
      updatedAt: Date.now(),
    });
    logger.info(`GitHub sync started: ${targets.length} repositories`);

    for (const [index, target] of targets.entries()) {
      if (signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const client = clientFor(target);
      if (!client) {
        errors.push({
          repository: target.slug,
          message: `no credentials for ${target.host} in integrations.github`,
        });
        done += 1;
        continue;
      }
      if (this.busy.has(target.key)) {
        errors.push({
          repository: target.slug,
          message: 'being synced by another run; skipped',
        });
        done += 1;
        continue;
      }
      this.busy.add(target.key);
      const position = `repository ${index + 1} of ${targets.length}`;
      logger.info(`GitHub sync: ${position}: ${target.slug}`);
      const before = sent.requests;
      const counts = emptyCounts();
      try {
        const outcome = await RepositorySync.run(target, {
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
              current: { repository: target.slug, ...progress },
              requests: sent.requests,
              updatedAt: Date.now(),
            }),
        });
        const c = outcome.counts;
        if (outcome.status === 'skipped') {
          errors.push({
            repository: target.slug,
            message: `${outcome.reason}; skipped`,
          });
          logger.info(
            `GitHub sync: ${target.slug} is ${outcome.reason}; skipped`,
          );
        } else {
          logger.info(
            `GitHub sync: ${position}: ${target.slug}: ${c.pullRequests} pull requests, ` +
              `${c.deployments} deployments, ${c.incidents} incidents, ${c.bugs} bugs fetched ` +
              `with ${sent.requests - before} requests`,
          );
        }
      } catch (error) {
        const message = describeError(error);
        errors.push({ repository: target.slug, message });
        if (error instanceof RateLimitExhaustedError || signal?.aborted) {
          // Every other repository would meet the same limit: resume next run.
          stopped = signal?.aborted ? 'aborted' : message;
          logger.warn(`GitHub sync stopped at ${target.slug}: ${message}`);
          break;
        }
        logger.warn(`GitHub sync: ${target.slug} skipped: ${message}`);
      } finally {
        this.busy.delete(target.key);
        add(items, counts);
      }
      done += 1;
      await store.updateRun(runId, {
        doneRepositories: done,
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
      doneRepositories: done,
      current: null,
      requests: sent.requests,
      items,
      errors,
      message: stopped,
      finishedAt,
      updatedAt: finishedAt,
    });
    const reported =
      errors.length > 0 ? `; ${errors.length} repositories reported` : '';
    logger.info(
      `GitHub sync ${status}: ${done} of ${targets.length} repositories, ` +
        `${items.pullRequests} pull requests, ${items.deployments} deployments, ` +
        `${items.incidents} incidents, ${items.bugs} bugs, ${sent.requests} requests${reported}`,
    );
    return (await store.getRun(runId))!;
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { QualityEventSink } from '@shewhart/plugin-quality-scorecard-node';
import { GithubSyncConfig } from '../config';
import {
  GithubSyncStore,
  RepositoryState,
  SyncCounts,
} from '../database/GithubSyncStore';
import {
  GithubClient,
  describeError,
  isGithubRequestError,
} from '../github/GithubClient';
import {
  classifyIssue,
  deploymentEvent,
  issueEvent,
  rootCauseSha,
  workflowRunDeploymentEvent,
} from '../github/mapping';
import { partition, settleWithConcurrency } from './pool';
import { fetchPullRequest, pullRequestOfCommit } from './pullRequestReads';

type Json = Record<string, any>;

const DAY = 24 * 60 * 60 * 1000;
/** Deployments this much older than the newest seen may still get a status. */
const DEPLOYMENT_SETTLE_MS = 7 * DAY;
/** A workflow run created before the newest successful one may finish after it. */
const WORKFLOW_SETTLE_MS = DAY;
/** Pull requests fetched, stored and recorded together. */
const BATCH = 25;

/** A repository to sync, found through a catalog entity's annotation. */
export interface RepositoryTarget {
  host: string;
  /** `owner/name` as annotated. */
  slug: string;
  /** `host/owner/name` in lower case: the key of its stored state. */
  key: string;
}

export type RepositoryOutcome =
  | { status: 'ok'; counts: SyncCounts }
  | { status: 'skipped'; reason: string; counts: SyncCounts };

export interface RepositorySyncContext {
  client: GithubClient;
  store: GithubSyncStore;
  sink: QualityEventSink;
  config: GithubSyncConfig;
  logger: LoggerService;
  now: number;
  signal?: AbortSignal;
  /** Counts of what this repository's sync fetched, kept even if it fails. */
  counts: SyncCounts;
  onProgress(progress: {
    phase: string;
    done?: number;
    total?: number;
  }): Promise<void>;
}

const later = (a: string | undefined, b: string | undefined) => {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) {
    throw new Error('GitHub sync aborted');
  }
}

/**
 * One repository's sync: pull requests, deployments, deployment workflow runs
 * and labelled issues changed since its cursors (or within the configured
 * history on its first sync). Cursors and ETags are saved only when every
 * part succeeded; pull requests and deployments are recorded as they are
 * stored, so a failed run's successor does not fetch them again.
 */
export class RepositorySync {
  private readonly counts: SyncCounts;
  private readonly owner: string;
  private readonly repo: string;
  private readonly cursors: Record<string, string>;
  private readonly etags: RepositoryState['etags'];
  private fullName: string;

  constructor(
    private readonly target: RepositoryTarget,
    private readonly state: RepositoryState,
    private readonly ctx: RepositorySyncContext,
  ) {
    [this.owner, this.repo] = target.slug.split('/');
    this.counts = ctx.counts;
    this.cursors = { ...state.cursors };
    this.etags = { ...state.etags };
    this.fullName = state.fullName ?? target.slug;
  }

  static async run(
    target: RepositoryTarget,
    ctx: RepositorySyncContext,
  ): Promise<RepositoryOutcome> {
    const stored = await ctx.store.getRepository(target.key);
    const historyFrom = ctx.now - ctx.config.historyDays * DAY;
    const state: RepositoryState = stored ?? {
      repositoryKey: target.key,
      fullName: null,
      archived: false,
      historyFrom: null,
      cursors: {},
      etags: {},
      lastStartedAt: null,
      lastFinishedAt: null,
      lastStatus: null,
      lastError: null,
      lastCounts: null,
    };
    // A longer configured history than synced so far: walk back again
    // (what is already stored is recognised and not fetched twice).
    if (state.historyFrom === null || historyFrom < state.historyFrom - DAY) {
      state.historyFrom = historyFrom;
      state.cursors = {};
      state.etags = {
        ...(state.etags.repository
          ? { repository: state.etags.repository }
          : {}),
      };
    }
    state.lastStartedAt = ctx.now;
    const sync = new RepositorySync(target, state, ctx);
    try {
      const outcome = await sync.execute();
      await ctx.store.saveRepository({
        ...state,
        fullName: sync.fullName,
        cursors: sync.cursors,
        etags: sync.etags,
        lastFinishedAt: Date.now(),
        lastStatus: outcome.status,
        lastError: outcome.status === 'skipped' ? outcome.reason : null,
        lastCounts: outcome.counts,
      });
      return outcome;
    } catch (error) {
      await ctx.store.saveRepository({
        ...state,
        fullName: sync.fullName,
        lastFinishedAt: Date.now(),
        lastStatus: 'error',
        lastError: describeError(error),
        lastCounts: sync.counts,
      });
      throw error;
    }
  }

  private get params() {
    return { owner: this.owner, repo: this.repo };
  }

  /** The stored ETag of a first page, if it was for this exact query. */
  private etagFor(key: string, query: string): string | undefined {
    const stored = this.etags[key];
    return stored && stored.url === query ? stored.etag : undefined;
  }

  private keepEtag(key: string, query: string, etag: string | undefined) {
    if (etag) {
      this.etags[key] = { url: query, etag };
    } else {
      delete this.etags[key];
    }
  }

  private async ingest(events: QualityEvent[]) {
    if (events.length > 0) {
      await this.ctx.sink.ingest(events);
    }
  }

  private async execute(): Promise<RepositoryOutcome> {
    const repository = await this.ctx.client.get<Json>(
      '/repos/{owner}/{repo}',
      this.params,
      this.state.etags.repository?.etag,
    );
    if (repository) {
      this.fullName = repository.data.full_name ?? this.target.slug;
      this.state.archived = Boolean(repository.data.archived);
      this.keepEtag('repository', 'repository', repository.etag);
    }
    if (this.state.archived) {
      return { status: 'skipped', reason: 'archived', counts: this.counts };
    }
    await this.syncPullRequests();
    if (this.ctx.config.deploymentsEnabled) {
      await this.syncDeployments();
    }
    for (const workflow of this.ctx.config.deploymentWorkflows) {
      await this.syncWorkflowRuns(workflow);
    }
    await this.syncIssues();
    return { status: 'ok', counts: this.counts };
  }

  private since(kind: string, settleMs = 0): number {
    const cursor = this.cursors[kind];
    const historyFrom = this.state.historyFrom ?? this.ctx.now;
    return cursor
      ? Math.max(Date.parse(cursor) - settleMs, historyFrom)
      : historyFrom;
  }

  /**
   * The items of a list sorted newest first by `field`, down to `since`. The
   * query never changes between runs, so the first page's ETag answers 304
   * when nothing changed (undefined: no quota spent, nothing to do).
   */
  private async newestItems(
    etagKey: string,
    route: string,
    params: Record<string, string | number | undefined>,
    options: {
      field: 'updated_at' | 'created_at';
      since: number;
      itemsKey?: string;
    },
  ): Promise<Json[] | undefined> {
    const query = JSON.stringify([route, params]);
    const items: Json[] = [];
    const result = await this.ctx.client.list<Json>(
      route,
      { ...this.params, ...params },
      {
        etag: this.etagFor(etagKey, query),
        itemsKey: options.itemsKey,
        onPage: page => {
          for (const item of page) {
            if (Date.parse(item[options.field]) < options.since) {
              return false;
            }
            items.push(item);
          }
          return true;
        },
      },
    );
    if (result.notModified) {
      return undefined;
    }
    this.keepEtag(etagKey, query, result.etag);
    return items;
  }

  private advanceCursor(
    kind: string,
    items: Json[],
    field: 'updated_at' | 'created_at',
  ) {
    for (const item of items) {
      const newest = later(this.cursors[kind], item[field]);
      if (newest) {
        this.cursors[kind] = newest;
      }
    }
  }

  private async syncPullRequests() {
    await this.ctx.onProgress({ phase: 'listing pull requests' });
    const listed = await this.newestItems(
      'pulls',
      '/repos/{owner}/{repo}/pulls',
      { state: 'all', sort: 'updated', direction: 'desc' },
      { field: 'updated_at', since: this.since('pulls') },
    );
    if (!listed) {
      return;
    }
    const known = await this.ctx.store.knownPulls(
      this.target.key,
      listed.map(pr => pr.number),
    );
    const changed = listed.filter(pr => known.get(pr.number) !== pr.updated_at);
    for (let i = 0; i < changed.length; i += BATCH) {
      throwIfAborted(this.ctx.signal);
      const batch = changed.slice(i, i + BATCH);
      const settled = partition(
        await settleWithConcurrency(batch, this.ctx.config.concurrency, pr =>
          fetchPullRequest(this.ctx, this.params, this.fullName, pr.number),
        ),
      );
      const fetched = settled.values.filter(
        (f): f is NonNullable<typeof f> => f !== undefined,
      );
      await this.ingest(fetched.map(f => f.event));
      await this.ctx.store.recordPulls(
        this.target.key,
        fetched.map(f => ({
          number: f.event.number,
          updatedAt: f.updatedAt,
          mergeCommitSha: f.event.mergeCommitSha ?? null,
          commitShas: f.event.commits.map(c => c.sha),
        })),
      );
      this.counts.pullRequests += fetched.length;
      if (settled.failure !== undefined) {
        // What was fetched beside the failure is stored and recorded.
        throw settled.failure;
      }
      const done = Math.min(i + BATCH, changed.length);
      this.ctx.logger.info(
        `GitHub sync ${this.fullName}: ${done} of ${changed.length} pull requests fetched`,
      );
      await this.ctx.onProgress({
        phase: 'pull requests',
        done,
        total: changed.length,
      });
    }
    this.advanceCursor('pulls', listed, 'updated_at');
  }

  private async syncDeployments() {
    await this.ctx.onProgress({ phase: 'deployments' });
    // Newest created first; a recent deployment may still get its status.
    const listed = await this.newestItems(
      'deployments',
      '/repos/{owner}/{repo}/deployments',
      {},
      {
        field: 'created_at',
        since: this.since('deployments', DEPLOYMENT_SETTLE_MS),
      },
    );
    if (!listed) {
      return;
    }
    const known = await this.ctx.store.knownDeployments(
      this.target.key,
      listed.map(d => String(d.id)),
    );
    const changed = listed.filter(
      d => known.get(String(d.id)) !== d.updated_at,
    );
    for (let i = 0; i < changed.length; i += BATCH) {
      throwIfAborted(this.ctx.signal);
      const batch = changed.slice(i, i + BATCH);
      const settled = partition(
        await settleWithConcurrency(
          batch,
          this.ctx.config.concurrency,
          async d => {
            // Newest first: the first page holds the latest outcome.
            const statuses = await this.ctx.client.get<Json[]>(
              '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
              { ...this.params, deployment_id: d.id, per_page: 100 },
            );
            return {
              deployment: d,
              event: deploymentEvent(this.fullName, d, statuses?.data ?? []),
            };
          },
        ),
      );
      const finished = settled.values.flatMap(v => (v.event ? [v.event] : []));
      await this.ingest(finished);
      await this.ctx.store.recordDeployments(
        this.target.key,
        settled.values.map(v => ({
          id: String(v.deployment.id),
          updatedAt: String(v.deployment.updated_at),
        })),
      );
      this.counts.deployments += finished.length;
      if (settled.failure !== undefined) {
        throw settled.failure;
      }
    }
    this.advanceCursor('deployments', listed, 'updated_at');
  }

  private async syncWorkflowRuns(
    workflow: GithubSyncConfig['deploymentWorkflows'][number],
  ) {
    const kind = `runs:${workflow.workflow}`;
    await this.ctx.onProgress({ phase: `workflow ${workflow.workflow}` });
    let runs;
    try {
      runs = await this.newestItems(
        kind,
        '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        {
          workflow_id: workflow.workflow,
          status: 'success',
          branch: workflow.branch,
        },
        {
          field: 'created_at',
          since: this.since(kind, WORKFLOW_SETTLE_MS),
          itemsKey: 'workflow_runs',
        },
      );
    } catch (error) {
      // Not every repository has the workflow.
      if (isGithubRequestError(error) && error.status === 404) {
        this.ctx.logger.debug(
          `GitHub sync ${this.fullName}: no workflow ${workflow.workflow}`,
        );
        return;
      }
      throw error;
    }
    if (!runs) {
      return;
    }
    const events = runs
      .filter(run => !run.conclusion || run.conclusion === 'success')
      .map(run =>
        workflowRunDeploymentEvent(this.fullName, run, workflow.environment),
      );
    await this.ingest(events);
    this.counts.deployments += events.length;
    this.advanceCursor(kind, runs, 'created_at');
  }

  private async syncIssues() {
    const { incidentLabels, bugLabels } = this.ctx.config;
    const labels = [
      ...new Map(
        [...incidentLabels, ...bugLabels].map(l => [l.toLowerCase(), l]),
      ).values(),
    ];
    const since = this.since('issues');
    const issues = new Map<number, Json>();
    await this.ctx.onProgress({ phase: 'issues' });
    for (const label of labels) {
      const listed = await this.newestItems(
        `issues:${label.toLowerCase()}`,
        '/repos/{owner}/{repo}/issues',
        { state: 'all', labels: label, sort: 'updated', direction: 'desc' },
        { field: 'updated_at', since },
      );
      for (const issue of listed ?? []) {
        issues.set(issue.number, issue);
      }
    }
    const events: QualityEvent[] = [];
    const culprits = new Map<string, number | undefined>();
    for (const issue of issues.values()) {
      const kind = classifyIssue(issue, {
        incident: incidentLabels,
        bug: bugLabels,
      });
      if (!kind) continue;
      const sha = rootCauseSha(issue.body);
      let pullRequest: number | undefined;
      if (sha) {
        if (!culprits.has(sha)) {
          culprits.set(
            sha,
            await pullRequestOfCommit(
              this.ctx,
              this.target.key,
              this.params,
              sha,
            ),
          );
        }
        pullRequest = culprits.get(sha);
      }
      events.push(issueEvent(this.fullName, issue, kind, pullRequest));
      this.counts[kind === 'incident' ? 'incidents' : 'bugs'] += 1;
    }
    await this.ingest(events);
    this.advanceCursor('issues', [...issues.values()], 'updated_at');
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { QualityEventSink } from '@shewhart/plugin-quality-scorecard-node';
import { GitlabModuleConfig } from '../config';
import {
  GitlabSyncStore,
  ProjectState,
  SyncCounts,
} from '../database/GitlabSyncStore';
import { GitlabProject } from '../mapping/common';
import { GitlabClient, Json, ListPage } from './GitlabClient';
import {
  describeError,
  RateLimitExhaustedError,
  statusOf,
  SyncAbortedError,
} from './requester';
import { deploymentEvent, issueEvent, mergeRequestEvent } from './restMapping';

const DAY = 24 * 60 * 60 * 1000;
/** A run resumes this far before its cursor: clocks and commits racing the last run. */
export const CURSOR_OVERLAP_MS = 5 * 60 * 1000;

/** A project to sync, found through a catalog entity's annotations. */
export interface ProjectTarget {
  /** The GitLab host, lower case (an integration's `host`). */
  host: string;
  /** `group/subgroup/project` as annotated. */
  path: string;
  /** `host/path` in lower case: the key of its stored state. */
  key: string;
}

export interface ProjectSyncContext {
  client: GitlabClient;
  store: GitlabSyncStore;
  sink: QualityEventSink;
  config: GitlabModuleConfig;
  logger: LoggerService;
  now: number;
  signal?: AbortSignal;
  /** What this project's sync delivered, kept even if it fails. */
  counts: SyncCounts;
  onProgress(progress: {
    phase: string;
    done?: number;
    total?: number;
  }): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) {
    throw new SyncAbortedError('GitLab sync aborted');
  }
}

function newest(items: Json[]): string | undefined {
  let result: string | undefined;
  for (const item of items) {
    const at = item.updated_at;
    if (
      typeof at === 'string' &&
      (!result || Date.parse(at) > Date.parse(result))
    ) {
      result = at;
    }
  }
  return result;
}

/**
 * One project's sync: merge requests, deployments and issues updated since
 * its cursors (within the configured history on its first sync). A kind's
 * cursor moves, and is saved, only once a page's events are delivered, so
 * a run that stops anywhere is resumed by the next without loss; what is
 * delivered twice is stored once (the plugin upserts by source and id).
 */
export class ProjectSync {
  private project: GitlabProject;

  private constructor(
    private readonly target: ProjectTarget,
    private readonly state: ProjectState,
    private readonly ctx: ProjectSyncContext,
  ) {
    this.project = { host: target.host, path: state.path };
  }

  static async run(
    target: ProjectTarget,
    ctx: ProjectSyncContext,
  ): Promise<void> {
    const stored = await ctx.store.getProject(target.key);
    const historyFrom = ctx.now - ctx.config.sync.historyDays * DAY;
    const state: ProjectState = stored ?? {
      projectKey: target.key,
      host: target.host,
      path: target.path,
      historyFrom: null,
      cursors: {},
      lastStartedAt: null,
      lastFinishedAt: null,
      lastStatus: null,
      lastError: null,
      lastCounts: null,
    };
    // A longer configured history than synced so far: walk back again (an
    // unchanged merge request already stored is not fetched twice).
    if (state.historyFrom === null || historyFrom < state.historyFrom - DAY) {
      state.historyFrom = historyFrom;
      state.cursors = {};
    }
    state.lastStartedAt = ctx.now;
    await ctx.store.saveProject(state);
    const sync = new ProjectSync(target, state, ctx);
    const finish = async (
      status: ProjectState['lastStatus'],
      error: string | null,
    ) => {
      state.lastFinishedAt = Date.now();
      state.lastStatus = status;
      state.lastError = error;
      state.lastCounts = { ...ctx.counts };
      await ctx.store.saveProject(state);
    };
    try {
      await sync.execute();
      await finish('ok', null);
    } catch (error) {
      await finish(
        error instanceof RateLimitExhaustedError ? 'rate-limited' : 'error',
        describeError(error),
      );
      throw error;
    }
  }

  private async execute() {
    const { client } = this.ctx;
    await this.ctx.onProgress({ phase: 'project' });
    const project = await client.project(this.target.path);
    if (typeof project.path_with_namespace === 'string') {
      this.state.path = project.path_with_namespace;
      this.project = { host: this.target.host, path: this.state.path };
    }
    const path = this.target.path;
    await this.eachPage('mergeRequests', client.mergeRequestPage(path), page =>
      this.deliverMergeRequests(page),
    );
    await this.eachPage('deployments', client.deploymentPage(path), page =>
      this.deliverEvents(
        'deployments',
        page.flatMap(d => deploymentEvent(this.project, d) ?? []),
      ),
    );
    await this.eachPage('issues', client.issuePage(path), page =>
      this.deliverEvents(
        'issues',
        page.flatMap(
          i => issueEvent(this.project, i, this.ctx.config.issues) ?? [],
        ),
      ),
    );
  }

  private startOf(kind: string): string {
    const cursor = this.state.cursors[kind];
    const historyFrom = this.state.historyFrom ?? this.ctx.now;
    return iso(
      cursor
        ? Math.max(Date.parse(cursor) - CURSOR_OVERLAP_MS, historyFrom)
        : historyFrom,
    );
  }

  /**
   * Every item of a list sorted by `updated_at` ascending, page by page:
   * each page is delivered, then the cursor moves to its newest `updated_at`
   * and is saved. The next page is asked as `updated_after` that time (GitLab
   * includes it) from page 1, so that an item updated meanwhile, which moves
   * to the end of the list, shifts no other past a page number; page numbers
   * advance only through items sharing one `updated_at`.
   */
  private async eachPage(
    kind: string,
    list: ListPage,
    deliver: (items: Json[]) => Promise<void>,
  ) {
    /** `updated_at` of what this run delivered, by id: a repeat is skipped. */
    const delivered = new Map<string, string>();
    let after = this.startOf(kind);
    let page = 1;
    let done = 0;
    let total: number | undefined;
    await this.ctx.onProgress({ phase: kind, done });
    for (;;) {
      throwIfAborted(this.ctx.signal);
      const result = await list(after, page);
      total = total ?? result.total ?? undefined;
      const fresh = result.items.filter(
        item => delivered.get(String(item.id)) !== item.updated_at,
      );
      await deliver(fresh);
      for (const item of fresh) delivered.set(String(item.id), item.updated_at);
      done += fresh.length;
      const last = newest(result.items);
      const cursor = this.state.cursors[kind];
      if (last && (!cursor || Date.parse(last) > Date.parse(cursor))) {
        this.state.cursors = { ...this.state.cursors, [kind]: last };
        await this.ctx.store.saveProject(this.state);
      }
      await this.ctx.onProgress({
        phase: kind,
        done,
        total: total !== undefined ? Math.max(total, done) : undefined,
      });
      if (!result.next || result.items.length === 0) return;
      if (last && Date.parse(last) > Date.parse(after)) {
        after = last;
        page = 1;
      } else {
        page = result.next;
      }
    }
  }

  private async ingest(events: QualityEvent[]) {
    if (events.length > 0) {
      await this.ctx.sink.ingest(events);
    }
  }

  private async deliverEvents(
    kind: 'deployments' | 'issues',
    events: QualityEvent[],
  ) {
    await this.ingest(events);
    for (const event of events) {
      if (event.type === 'deployment') this.ctx.counts.deployments += 1;
      if (event.type === 'incident') this.ctx.counts.incidents += 1;
      if (event.type === 'bug') this.ctx.counts.bugs += 1;
    }
    if (kind === 'issues' && events.length > 0) {
      this.ctx.logger.debug(
        `GitLab sync ${this.project.path}: ${events.length} incidents and bugs delivered`,
      );
    }
  }

  /**
   * The page's merge requests not seen at this `updated_at` before, each with
   * its commits, diffs, notes and approvals. What was read before a failure
   * is delivered before the failure is passed on.
   */
  private async deliverMergeRequests(page: Json[]) {
    const { store, client } = this.ctx;
    const known = await store.knownMergeRequests(
      this.target.key,
      page.map(mr => mr.iid),
    );
    const changed = page.filter(mr => known.get(mr.iid) !== mr.updated_at);
    const events: QualityEvent[] = [];
    const read: Array<{ iid: number; updatedAt: string }> = [];
    let failure: unknown;
    for (const mr of changed) {
      try {
        throwIfAborted(this.ctx.signal);
        const reads = await client.mergeRequestReads(this.target.path, mr.iid);
        events.push(
          mergeRequestEvent(this.project, { mergeRequest: mr, ...reads }),
        );
      } catch (error) {
        if (statusOf(error) !== 404) {
          failure = error;
          break;
        }
        // Deleted between listing and reading.
        this.ctx.logger.warn(
          `GitLab sync ${this.project.path}: merge request !${mr.iid} is gone`,
        );
      }
      read.push({ iid: mr.iid, updatedAt: mr.updated_at });
    }
    await this.ingest(events);
    await store.recordMergeRequests(this.target.key, read);
    this.ctx.counts.mergeRequests += events.length;
    if (failure !== undefined) {
      this.ctx.logger.warn(
        `GitLab sync ${this.project.path}: ${describeError(failure)}`,
      );
      throw failure;
    }
  }
}

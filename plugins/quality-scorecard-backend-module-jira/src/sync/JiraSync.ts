import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import {
  readCatalogInPages,
  type QualityEventSink,
} from '@shewhart/plugin-quality-scorecard-node';
import type { JiraInstance, JiraModuleConfig } from '../config';
import type { JiraStore, SyncRun } from '../database/JiraStore';
import { PROJECT_KEY_ANNOTATION } from '../jira/locators';
import { mapIssue, SOURCE } from '../jira/mapIssue';
import { withCause } from '../jira/withCause';
import { createJiraSearch, failureOf, JiraSearch } from './JiraSearch';

const MAX_ATTEMPTS = 5;

/** JQL's string quoting. */
const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/**
 * The sync's search. `updated >= -<n>m` is relative to now, so it does not
 * depend on the time zone of the token's user, as a written date would.
 */
export function searchJql(
  project: string,
  sinceMinutes: number,
  rules: JiraModuleConfig['rules'],
): string {
  const narrow =
    rules.bugs.jql && rules.incidents.jql
      ? ` AND ((${rules.bugs.jql}) OR (${rules.incidents.jql}))`
      : '';
  return `project = ${quote(
    project,
  )} AND updated >= -${sinceMinutes}m${narrow} ORDER BY updated ASC, key ASC`;
}

/** Succeeded with no error, failed when every project failed, else partial. */
function runStatus(failed: number, total: number): SyncRun['status'] {
  if (failed === 0) return 'succeeded';
  return failed < total ? 'partial' : 'failed';
}

interface RunTally {
  requests: number;
  bugs: number;
  incidents: number;
}

/**
 * Scheduled pull of bugs and incidents: every project named by a
 * `jira/project-key` annotation, on every configured site, from its cursor
 * (newest `updated` delivered, less an overlap) or `historyDays` back. The
 * cursor moves only after a page's events are stored, so a run that stops
 * resumes where it stopped.
 */
export class JiraSync {
  constructor(
    private readonly options: {
      config: JiraModuleConfig;
      catalog: CatalogService;
      auth: AuthService;
      store: JiraStore;
      logger: LoggerService;
      sink: () => Promise<QualityEventSink>;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
      search?: (instance: JiraInstance) => JiraSearch;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private sleep(ms: number) {
    return (this.options.sleep ?? (t => new Promise(r => setTimeout(r, t))))(
      ms,
    );
  }

  /** The distinct project keys of annotated catalog entities. */
  async projects(): Promise<string[]> {
    const items = await readCatalogInPages(
      this.options.catalog,
      {
        filter: {
          [`metadata.annotations.${PROJECT_KEY_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['metadata.annotations'],
      },
      await this.options.auth.getOwnServiceCredentials(),
    );
    const keys = items
      .map(e =>
        e.metadata.annotations?.[PROJECT_KEY_ANNOTATION]?.trim().toUpperCase(),
      )
      .filter((k): k is string => Boolean(k));
    return [...new Set(keys)].sort();
  }

  async runAll(
    options: { signal?: AbortSignal; trigger?: SyncRun['trigger'] } = {},
  ) {
    const { store, config } = this.options;
    const runId = await store.startRun(
      options.trigger ?? 'schedule',
      this.now(),
    );
    const tally: RunTally = { requests: 0, bugs: 0, incidents: 0 };
    const errors: SyncRun['errors'] = [];
    const projects = await this.projects();
    let attempted = 0;
    for (const instance of config.instances) {
      const search = (this.options.search ?? createJiraSearch)(instance);
      for (const project of projects) {
        if (options.signal?.aborted) break;
        if (instance.projects && !instance.projects.includes(project)) continue;
        attempted += 1;
        try {
          await this.syncProject(
            instance,
            search,
            project,
            tally,
            runId,
            options.signal,
          );
        } catch (error) {
          const message = String((error as Error)?.message ?? error);
          errors.push({ project: `${instance.baseUrl} ${project}`, message });
          this.options.logger.warn(
            `Jira sync of ${project} at ${instance.baseUrl} stopped: ${message}`,
          );
        }
      }
    }
    await store.updateRun(
      runId,
      {
        ...tally,
        errors,
        status: runStatus(errors.length, attempted),
        finishedAt: this.now(),
      },
      this.now(),
    );
    return runId;
  }

  private async syncProject(
    instance: JiraInstance,
    search: JiraSearch,
    project: string,
    tally: RunTally,
    runId: number,
    signal?: AbortSignal,
  ) {
    const { store, config } = this.options;
    const state = await store.getProject(instance.baseUrl, project);
    const now = this.now();
    const since =
      state.cursor === null
        ? now - config.sync.historyDays * 86_400_000
        : state.cursor - config.sync.overlapMs;
    const jql = searchJql(
      project,
      Math.max(1, Math.ceil((now - since) / 60_000)),
      config.rules,
    );
    let from: string | undefined;
    try {
      do {
        if (signal?.aborted) return;
        const start = from;
        const page = await this.withRetries(
          () => search.page(jql, start, config.sync.pageSize),
          tally,
        );
        const events: QualityEvent[] = [];
        const gone: Array<{ type: 'bug' | 'incident'; id: string }> = [];
        let newest = state.cursor ?? 0;
        for (const issue of page.issues) {
          const mapped = mapIssue(issue, config.rules);
          newest = Math.max(newest, mapped.updatedAt);
          if (!(await store.admitIssue(mapped.id, mapped.updatedAt))) continue;
          // An issue that is no longer a bug (or an incident) leaves that kind.
          for (const other of ['bug', 'incident'] as const) {
            if (mapped.kind !== other)
              gone.push({ type: other, id: mapped.id });
          }
          if (!mapped.event) continue;
          events.push(await withCause(mapped.event, store));
          tally[mapped.event.type === 'bug' ? 'bugs' : 'incidents'] += 1;
        }
        const sink = await this.options.sink();
        for (const g of gone) {
          await sink.deleteEvent(g.type, SOURCE, g.id);
        }
        if (events.length > 0) {
          await sink.ingest(events);
        }
        // Delivered: a run that stops after here resumes from this page's newest.
        state.cursor = newest || state.cursor;
        await store.saveProject(state);
        await store.updateRun(runId, tally, this.now());
        from = page.next;
      } while (from !== undefined);
      state.lastStatus = 'ok';
      state.lastError = null;
    } catch (error) {
      state.lastStatus = 'error';
      state.lastError = String((error as Error)?.message ?? error);
      throw error;
    } finally {
      state.lastFinishedAt = this.now();
      await store.saveProject(state);
    }
  }

  /** A call retried on 429 (after its Retry-After) and on 5xx (after a short backoff). */
  private async withRetries<T>(
    call: () => Promise<T>,
    tally: RunTally,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      tally.requests += 1;
      try {
        return await call();
      } catch (error) {
        const { status, retryAfterMs } = failureOf(error);
        const retriable =
          status === 429 || (status !== undefined && status >= 500);
        if (!retriable || attempt >= MAX_ATTEMPTS) throw error;
        const wait =
          status === 429 ? retryAfterMs ?? 60_000 : 250 * 2 ** (attempt - 1);
        if (wait > this.options.config.sync.maxRateLimitWaitMs) {
          throw new ServiceUnavailableError(
            `Jira asked to wait ${Math.round(
              wait / 1000,
            )} s, longer than sync.maxRateLimitWaitMinutes; the next run resumes`,
          );
        }
        await this.sleep(wait);
      }
    }
  }
}

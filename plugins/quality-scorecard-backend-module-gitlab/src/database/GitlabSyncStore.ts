import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend-module-gitlab',
  'migrations',
);

/** Counts of events delivered, by kind. */
export interface SyncCounts {
  mergeRequests: number;
  deployments: number;
  incidents: number;
  bugs: number;
}

export const emptyCounts = (): SyncCounts => ({
  mergeRequests: 0,
  deployments: 0,
  incidents: 0,
  bugs: 0,
});

export function addCounts(total: SyncCounts, counts: SyncCounts) {
  total.mergeRequests += counts.mergeRequests;
  total.deployments += counts.deployments;
  total.incidents += counts.incidents;
  total.bugs += counts.bugs;
}

export type ProjectStatus = 'ok' | 'error' | 'rate-limited';

/** What the sync remembers of one project between runs. */
export interface ProjectState {
  /** `host/path` in lower case. */
  projectKey: string;
  host: string;
  /** Path with namespace as GitLab spells it (as annotated until first read). */
  path: string;
  /** The earliest time synced: a longer configured history re-backfills. */
  historyFrom: number | null;
  /** Newest GitLab `updated_at` delivered to the plugin, per kind. */
  cursors: Record<string, string>;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastStatus: ProjectStatus | null;
  lastError: string | null;
  lastCounts: SyncCounts | null;
}

/** Progress of one sync run, kept in the database so any instance can report it. */
export interface SyncRun {
  id: number;
  trigger: 'schedule' | 'manual';
  scope: string | null;
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  totalProjects: number;
  doneProjects: number;
  current: {
    project: string;
    phase: string;
    done?: number;
    total?: number;
  } | null;
  requests: number;
  items: SyncCounts;
  errors: Array<{ project: string; message: string }>;
  message: string | null;
}

const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' && value ? (JSON.parse(value) as T) : fallback;

const num = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

function chunks<T>(list: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

/** Cursors, seen merge requests and run progress of the GitLab sync (tables `qs_gitlab_*`). */
export class GitlabSyncStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<GitlabSyncStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      // The plugin's and the GitHub module's migrations keep their own tables.
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: 'knex_migrations_quality_scorecard_gitlab',
      });
    }
    return new GitlabSyncStore(client);
  }

  constructor(private readonly db: Knex) {}

  async getProject(projectKey: string): Promise<ProjectState | undefined> {
    const row = await this.db('qs_gitlab_projects')
      .where({ project_key: projectKey })
      .first();
    return row ? this.toProject(row) : undefined;
  }

  async listProjects(): Promise<ProjectState[]> {
    const rows = await this.db('qs_gitlab_projects').orderBy('project_key');
    return rows.map(r => this.toProject(r));
  }

  private toProject(row: any): ProjectState {
    return {
      projectKey: row.project_key,
      host: row.host,
      path: row.path,
      historyFrom: num(row.history_from),
      cursors: json(row.cursors, {}),
      lastStartedAt: num(row.last_started_at),
      lastFinishedAt: num(row.last_finished_at),
      lastStatus: row.last_status ?? null,
      lastError: row.last_error ?? null,
      lastCounts: json(row.last_counts, null),
    };
  }

  async saveProject(state: ProjectState): Promise<void> {
    await this.db('qs_gitlab_projects')
      .insert({
        project_key: state.projectKey,
        host: state.host,
        path: state.path,
        history_from: state.historyFrom,
        cursors: JSON.stringify(state.cursors),
        last_started_at: state.lastStartedAt,
        last_finished_at: state.lastFinishedAt,
        last_status: state.lastStatus,
        last_error: state.lastError,
        last_counts: state.lastCounts ? JSON.stringify(state.lastCounts) : null,
      })
      .onConflict('project_key')
      .merge();
  }

  /** The `updated_at` each of these merge requests had when last fetched. */
  async knownMergeRequests(
    projectKey: string,
    iids: number[],
  ): Promise<Map<number, string>> {
    const known = new Map<number, string>();
    for (const part of chunks(iids)) {
      const rows = await this.db('qs_gitlab_merge_requests')
        .where({ project_key: projectKey })
        .whereIn('iid', part)
        .select('iid', 'updated_at');
      for (const r of rows) {
        known.set(Number(r.iid), r.updated_at);
      }
    }
    return known;
  }

  async recordMergeRequests(
    projectKey: string,
    mergeRequests: Array<{ iid: number; updatedAt: string }>,
  ): Promise<void> {
    for (const part of chunks(mergeRequests, 100)) {
      await this.db('qs_gitlab_merge_requests')
        .insert(
          part.map(m => ({
            project_key: projectKey,
            iid: m.iid,
            updated_at: m.updatedAt,
          })),
        )
        .onConflict(['project_key', 'iid'])
        .merge();
    }
  }

  async startRun(run: {
    trigger: SyncRun['trigger'];
    scope: string | null;
    now: number;
  }): Promise<number> {
    const [row] = await this.db('qs_gitlab_runs')
      .insert({
        trigger: run.trigger,
        scope: run.scope,
        status: 'running',
        started_at: run.now,
        updated_at: run.now,
        items: JSON.stringify(emptyCounts()),
        errors: '[]',
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async updateRun(
    id: number,
    patch: Partial<Omit<SyncRun, 'id' | 'trigger' | 'scope' | 'startedAt'>>,
  ): Promise<void> {
    const columns: Record<string, [string, (v: any) => unknown]> = {
      status: ['status', v => v],
      updatedAt: ['updated_at', v => v],
      finishedAt: ['finished_at', v => v],
      totalProjects: ['total_projects', v => v],
      doneProjects: ['done_projects', v => v],
      current: ['current', v => (v ? JSON.stringify(v) : null)],
      requests: ['requests', v => v],
      items: ['items', v => JSON.stringify(v)],
      errors: ['errors', v => JSON.stringify(v)],
      message: ['message', v => v],
    };
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && columns[key]) {
        const [column, encode] = columns[key];
        row[column] = encode(value);
      }
    }
    await this.db('qs_gitlab_runs').where({ id }).update(row);
  }

  async getRun(id: number): Promise<SyncRun | undefined> {
    const row = await this.db('qs_gitlab_runs').where({ id }).first();
    return row ? this.toRun(row) : undefined;
  }

  async listRuns(limit: number): Promise<SyncRun[]> {
    const rows = await this.db('qs_gitlab_runs')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => this.toRun(r));
  }

  private toRun(r: any): SyncRun {
    return {
      id: Number(r.id),
      trigger: r.trigger,
      scope: r.scope ?? null,
      status: r.status,
      startedAt: Number(r.started_at),
      updatedAt: Number(r.updated_at),
      finishedAt: num(r.finished_at),
      totalProjects: Number(r.total_projects),
      doneProjects: Number(r.done_projects),
      current: json(r.current, null),
      requests: Number(r.requests),
      items: json(r.items, emptyCounts()),
      errors: json(r.errors, []),
      message: r.message ?? null,
    };
  }
}

import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend-module-github',
  'migrations',
);

/** Counts of events fetched, by kind. */
export interface SyncCounts {
  pullRequests: number;
  deployments: number;
  incidents: number;
  bugs: number;
}

export const emptyCounts = (): SyncCounts => ({
  pullRequests: 0,
  deployments: 0,
  incidents: 0,
  bugs: 0,
});

/** What the sync remembers of one repository between runs. */
export interface RepositoryState {
  repositoryKey: string;
  fullName: string | null;
  archived: boolean;
  /** The earliest time synced: a longer configured history re-backfills. */
  historyFrom: number | null;
  /** Newest GitHub `updated_at` (or `created_at`) seen per kind of item. */
  cursors: Record<string, string>;
  /** ETag of a list's first page, valid for that exact URL only. */
  etags: Record<string, { url: string; etag: string }>;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastStatus: 'ok' | 'skipped' | 'error' | null;
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
  totalRepositories: number;
  doneRepositories: number;
  current: {
    repository: string;
    phase: string;
    done?: number;
    total?: number;
  } | null;
  requests: number;
  items: SyncCounts;
  errors: Array<{ repository: string; message: string }>;
  message: string | null;
}

const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' && value ? (JSON.parse(value) as T) : fallback;

function chunks<T>(list: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

/** Cursors, ETags, seen items and run progress of the GitHub sync (tables `qs_github_*`). */
export class GithubSyncStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<GithubSyncStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      // The plugin's own migrations use knex's default table in this database.
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: 'qs_github_knex_migrations',
      });
    }
    return new GithubSyncStore(client);
  }

  constructor(private readonly db: Knex) {}

  async getRepository(
    repositoryKey: string,
  ): Promise<RepositoryState | undefined> {
    const row = await this.db('qs_github_repositories')
      .where({ repository_key: repositoryKey })
      .first();
    return row ? this.toRepositoryState(row) : undefined;
  }

  async listRepositories(): Promise<RepositoryState[]> {
    const rows = await this.db('qs_github_repositories').orderBy(
      'repository_key',
    );
    return rows.map(r => this.toRepositoryState(r));
  }

  private toRepositoryState(row: any): RepositoryState {
    return {
      repositoryKey: row.repository_key,
      fullName: row.full_name ?? null,
      archived: Boolean(row.archived),
      historyFrom: row.history_from === null ? null : Number(row.history_from),
      cursors: json(row.cursors, {}),
      etags: json(row.etags, {}),
      lastStartedAt:
        row.last_started_at === null ? null : Number(row.last_started_at),
      lastFinishedAt:
        row.last_finished_at === null ? null : Number(row.last_finished_at),
      lastStatus: row.last_status ?? null,
      lastError: row.last_error ?? null,
      lastCounts: json(row.last_counts, null),
    };
  }

  async saveRepository(state: RepositoryState): Promise<void> {
    const row = {
      repository_key: state.repositoryKey,
      full_name: state.fullName,
      archived: state.archived,
      history_from: state.historyFrom,
      cursors: JSON.stringify(state.cursors),
      etags: JSON.stringify(state.etags),
      last_started_at: state.lastStartedAt,
      last_finished_at: state.lastFinishedAt,
      last_status: state.lastStatus,
      last_error: state.lastError,
      last_counts: state.lastCounts ? JSON.stringify(state.lastCounts) : null,
    };
    await this.db('qs_github_repositories')
      .insert(row)
      .onConflict('repository_key')
      .merge();
  }

  /** The `updated_at` each of these pull requests had when last fetched. */
  async knownPulls(
    repositoryKey: string,
    numbers: number[],
  ): Promise<Map<number, string>> {
    const known = new Map<number, string>();
    for (const part of chunks(numbers)) {
      const rows = await this.db('qs_github_pulls')
        .where({ repository_key: repositoryKey })
        .whereIn('number', part)
        .select('number', 'updated_at');
      for (const r of rows) {
        known.set(Number(r.number), r.updated_at);
      }
    }
    return known;
  }

  async recordPulls(
    repositoryKey: string,
    pulls: Array<{
      number: number;
      updatedAt: string;
      mergeCommitSha: string | null;
      commitShas: string[];
    }>,
  ): Promise<void> {
    if (pulls.length === 0) {
      return;
    }
    await this.db.transaction(async tx => {
      for (const part of chunks(pulls, 100)) {
        await tx('qs_github_pulls')
          .insert(
            part.map(p => ({
              repository_key: repositoryKey,
              number: p.number,
              updated_at: p.updatedAt,
              merge_commit_sha: p.mergeCommitSha?.toLowerCase() ?? null,
            })),
          )
          .onConflict(['repository_key', 'number'])
          .merge();
      }
      const commits = pulls.flatMap(p =>
        p.commitShas.map(sha => ({
          repository_key: repositoryKey,
          sha: sha.toLowerCase(),
          number: p.number,
        })),
      );
      for (const part of chunks(commits, 200)) {
        await tx('qs_github_commits')
          .insert(part)
          .onConflict(['repository_key', 'sha', 'number'])
          .ignore();
      }
    });
  }

  /** The PR whose merge commit, or else one of whose commits, starts with `sha`. */
  async findPullRequestByCommit(
    repositoryKey: string,
    sha: string,
  ): Promise<number | undefined> {
    if (!/^[0-9a-f]{7,40}$/.test(sha)) {
      return undefined;
    }
    const merged = await this.db('qs_github_pulls')
      .where({ repository_key: repositoryKey })
      .where('merge_commit_sha', 'like', `${sha}%`)
      .orderBy('number')
      .first('number');
    if (merged) {
      return Number(merged.number);
    }
    const commit = await this.db('qs_github_commits')
      .where({ repository_key: repositoryKey })
      .where('sha', 'like', `${sha}%`)
      .orderBy('number')
      .first('number');
    return commit ? Number(commit.number) : undefined;
  }

  async knownDeployments(
    repositoryKey: string,
    ids: string[],
  ): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    for (const part of chunks(ids)) {
      const rows = await this.db('qs_github_deployments')
        .where({ repository_key: repositoryKey })
        .whereIn('deployment_id', part)
        .select('deployment_id', 'updated_at');
      for (const r of rows) {
        known.set(String(r.deployment_id), r.updated_at);
      }
    }
    return known;
  }

  async recordDeployments(
    repositoryKey: string,
    deployments: Array<{ id: string; updatedAt: string }>,
  ): Promise<void> {
    for (const part of chunks(deployments, 100)) {
      await this.db('qs_github_deployments')
        .insert(
          part.map(d => ({
            repository_key: repositoryKey,
            deployment_id: d.id,
            updated_at: d.updatedAt,
          })),
        )
        .onConflict(['repository_key', 'deployment_id'])
        .merge();
    }
  }

  async startRun(run: {
    trigger: SyncRun['trigger'];
    scope: string | null;
    now: number;
  }): Promise<number> {
    const [row] = await this.db('qs_github_runs')
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
    const row: Record<string, unknown> = {};
    if (patch.status !== undefined) row.status = patch.status;
    if (patch.updatedAt !== undefined) row.updated_at = patch.updatedAt;
    if (patch.finishedAt !== undefined) row.finished_at = patch.finishedAt;
    if (patch.totalRepositories !== undefined)
      row.total_repositories = patch.totalRepositories;
    if (patch.doneRepositories !== undefined)
      row.done_repositories = patch.doneRepositories;
    if (patch.current !== undefined)
      row.current = patch.current ? JSON.stringify(patch.current) : null;
    if (patch.requests !== undefined) row.requests = patch.requests;
    if (patch.items !== undefined) row.items = JSON.stringify(patch.items);
    if (patch.errors !== undefined) row.errors = JSON.stringify(patch.errors);
    if (patch.message !== undefined) row.message = patch.message;
    await this.db('qs_github_runs').where({ id }).update(row);
  }

  async getRun(id: number): Promise<SyncRun | undefined> {
    const row = await this.db('qs_github_runs').where({ id }).first();
    return row ? this.toRun(row) : undefined;
  }

  async listRuns(limit: number): Promise<SyncRun[]> {
    const rows = await this.db('qs_github_runs')
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
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      totalRepositories: Number(r.total_repositories),
      doneRepositories: Number(r.done_repositories),
      current: json(r.current, null),
      requests: Number(r.requests),
      items: json(r.items, emptyCounts()),
      errors: json(r.errors, []),
      message: r.message ?? null,
    };
  }
}

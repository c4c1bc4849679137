import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend-module-jira',
  'migrations',
);

const num = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

export interface ProjectState {
  projectKey: string;
  baseUrl: string;
  project: string;
  /** Newest `fields.updated` delivered to the plugin (epoch ms). */
  cursor: number | null;
  lastFinishedAt: number | null;
  lastStatus: string | null;
  lastError: string | null;
}

export interface SyncRun {
  id: number;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  requests: number;
  bugs: number;
  incidents: number;
  errors: Array<{ project: string; message: string }>;
}

/** Issue versions, sync cursors and runs of the Jira module (tables `qs_jira_*`). */
export class JiraStore {
  static async create(options: { database: DatabaseService }) {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: 'knex_migrations_quality_scorecard_jira',
      });
    }
    return new JiraStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Whether a version of an issue updated at `updatedAt` is the newest seen
   * (or the same again) and the issue was not deleted after it; if so it is
   * recorded as the newest.
   */
  async admitIssue(issueId: string, updatedAt: number): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx('qs_jira_issues')
        .where({ issue_id: issueId })
        .first();
      if (row) {
        const deletedAt = num(row.deleted_at);
        if (deletedAt !== null && updatedAt <= deletedAt) return false;
        if (updatedAt < Number(row.updated_at)) return false;
        await tx('qs_jira_issues')
          .where({ issue_id: issueId })
          .update({ updated_at: updatedAt });
        return true;
      }
      await tx('qs_jira_issues').insert({
        issue_id: issueId,
        updated_at: updatedAt,
      });
      return true;
    });
  }

  /**
   * The pull request that caused an issue: `found` (named in this version's
   * text) is kept for later versions, whose payloads may not carry the
   * comment that named it.
   */
  async causedBy(
    issueId: string,
    found: number | undefined,
  ): Promise<number | undefined> {
    if (found !== undefined) {
      await this.db('qs_jira_issues')
        .where({ issue_id: issueId })
        .update({ caused_by_pr: found });
      return found;
    }
    const row = await this.db('qs_jira_issues')
      .where({ issue_id: issueId })
      .first('caused_by_pr');
    return num(row?.caused_by_pr) ?? undefined;
  }

  /** Marks an issue deleted at `deletedAt`: no version updated before then is admitted. */
  async markDeleted(issueId: string, deletedAt: number): Promise<void> {
    await this.db.transaction(async tx => {
      const row = await tx('qs_jira_issues')
        .where({ issue_id: issueId })
        .first();
      if (!row) {
        await tx('qs_jira_issues').insert({
          issue_id: issueId,
          updated_at: deletedAt,
          deleted_at: deletedAt,
        });
        return;
      }
      await tx('qs_jira_issues')
        .where({ issue_id: issueId })
        .update({
          updated_at: Math.max(Number(row.updated_at), deletedAt),
          deleted_at: Math.max(num(row.deleted_at) ?? 0, deletedAt),
        });
    });
  }

  async getProject(baseUrl: string, project: string): Promise<ProjectState> {
    const projectKey = `${baseUrl}|${project}`;
    const row = await this.db('qs_jira_projects')
      .where({ project_key: projectKey })
      .first();
    return row
      ? this.toProject(row)
      : {
          projectKey,
          baseUrl,
          project,
          cursor: null,
          lastFinishedAt: null,
          lastStatus: null,
          lastError: null,
        };
  }

  async listProjects(): Promise<ProjectState[]> {
    const rows = await this.db('qs_jira_projects').orderBy('project_key');
    return rows.map(r => this.toProject(r));
  }

  async saveProject(state: ProjectState): Promise<void> {
    await this.db('qs_jira_projects')
      .insert({
        project_key: state.projectKey,
        base_url: state.baseUrl,
        project: state.project,
        cursor: state.cursor,
        last_finished_at: state.lastFinishedAt,
        last_status: state.lastStatus,
        last_error: state.lastError,
      })
      .onConflict('project_key')
      .merge();
  }

  private toProject(row: any): ProjectState {
    return {
      projectKey: row.project_key,
      baseUrl: row.base_url,
      project: row.project,
      cursor: num(row.cursor),
      lastFinishedAt: num(row.last_finished_at),
      lastStatus: row.last_status,
      lastError: row.last_error,
    };
  }

  async startRun(trigger: SyncRun['trigger'], now: number): Promise<number> {
    const [row] = await this.db('qs_jira_runs')
      .insert({
        trigger,
        status: 'running',
        started_at: now,
        updated_at: now,
        errors: '[]',
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async updateRun(
    id: number,
    patch: Partial<
      Pick<
        SyncRun,
        'status' | 'finishedAt' | 'requests' | 'bugs' | 'incidents' | 'errors'
      >
    >,
    now: number,
  ): Promise<void> {
    await this.db('qs_jira_runs')
      .where({ id })
      .update({
        updated_at: now,
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.finishedAt !== undefined
          ? { finished_at: patch.finishedAt }
          : {}),
        ...(patch.requests !== undefined ? { requests: patch.requests } : {}),
        ...(patch.bugs !== undefined ? { bugs: patch.bugs } : {}),
        ...(patch.incidents !== undefined
          ? { incidents: patch.incidents }
          : {}),
        ...(patch.errors ? { errors: JSON.stringify(patch.errors) } : {}),
      });
  }

  async listRuns(limit: number): Promise<SyncRun[]> {
    const rows = await this.db('qs_jira_runs')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => ({
      id: Number(r.id),
      trigger: r.trigger,
      status: r.status,
      startedAt: Number(r.started_at),
      updatedAt: Number(r.updated_at),
      finishedAt: num(r.finished_at),
      requests: Number(r.requests),
      bugs: Number(r.bugs),
      incidents: Number(r.incidents),
      errors: JSON.parse(r.errors),
    }));
  }
}

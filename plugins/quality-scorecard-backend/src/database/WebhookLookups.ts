import { Knex } from 'knex';
import type {
  IncidentEvent,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import { WebhookLookupStore } from './QualityStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import { chunks, num, iso } from './knexHelpers';
import { TABLE_BY_TYPE } from './eventRows';
import type { IncidentStatus } from './types';

/**
 * What webhook sources read and write while they map a delivery (the
 * QualityWebhookStore of -node): stored pull requests and incidents, pushed
 * commits, removals; SQLite and PostgreSQL.
 */
export class DatabaseWebhookLookups implements WebhookLookupStore {
  constructor(
    private readonly db: Knex,
    private readonly dirty: DatabaseDirtyMarkStore,
  ) {}

  async getPullRequest(
    source: string,
    externalId: string,
  ): Promise<PullRequestEvent | undefined> {
    const row = await this.db('qs_pull_requests')
      .where({ source, external_id: externalId })
      .first();
    return row ? rowToPullRequestEvent(row) : undefined;
  }

  async getIncident(
    source: string,
    externalId: string,
  ): Promise<
    (IncidentEvent & { statusAt?: number; status?: IncidentStatus }) | undefined
  > {
    const r = await this.db('qs_incidents')
      .where({ source, external_id: externalId })
      .first();
    if (!r) {
      return undefined;
    }
    return {
      type: 'incident',
      id: r.external_id,
      source: r.source,
      entityRef: r.entity_ref ?? undefined,
      pagerDutyServiceId: r.pagerduty_service_id ?? undefined,
      repository: r.repository ?? undefined,
      ...sourceLocators(r),
      title: r.title,
      createdAt: iso(r.created_at)!,
      resolvedAt: iso(r.resolved_at),
      severity: r.severity,
      url: r.url,
      causedBy:
        r.caused_by_deployment || r.caused_by_pr !== null
          ? {
              deploymentId: r.caused_by_deployment ?? undefined,
              pullRequest: num(r.caused_by_pr) ?? undefined,
            }
          : null,
      statusAt: num(r.status_at) ?? undefined,
      status: r.status ?? undefined,
    };
  }

  async findOpenPullRequestsByHeadRef(
    source: string,
    repository: string,
    headRef: string,
  ): Promise<PullRequestEvent[]> {
    const rows = await this.db('qs_pull_requests')
      .where({ source, head_ref: headRef })
      // A GitLab source names the project by its path (gitlab_project).
      .andWhere(q =>
        q.where({ repository }).orWhere({ gitlab_project: repository }),
      )
      .whereNull('merged_at');
    return rows.map(rowToPullRequestEvent);
  }

  async findPullRequestByCommit(
    source: string,
    repository: string,
    sha: string,
  ): Promise<number | undefined> {
    const prefix = sha.toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(prefix)) return undefined;
    const row = await this.db('qs_pull_requests')
      .where({ source })
      .andWhere(q =>
        q.where({ repository }).orWhere({ gitlab_project: repository }),
      )
      .whereNotNull('merged_at')
      .andWhere(q =>
        q
          .where('merge_commit_sha', 'like', `${prefix}%`)
          // Commits are stored as JSON: {"sha":"<sha>",…}.
          .orWhere('commits', 'like', `%"sha":"${prefix}%`),
      )
      .orderBy('merged_at')
      .first('number');
    return row ? Number(row.number) : undefined;
  }

  async deleteEvent(
    type: 'incident' | 'bug',
    source: string,
    externalId: string,
    at?: number,
  ): Promise<boolean> {
    const table = TABLE_BY_TYPE[type];
    return this.db.transaction(async tx => {
      if (at !== undefined) {
        const key = { type, source, external_id: externalId };
        const before = await tx('qs_deleted_events')
          .where(key)
          .first('deleted_at');
        if (!before) {
          await tx('qs_deleted_events').insert({ ...key, deleted_at: at });
        } else if (Number(before.deleted_at) < at) {
          await tx('qs_deleted_events').where(key).update({ deleted_at: at });
        }
      }
      const row = await tx(table)
        .where({ source, external_id: externalId })
        .first('entity_ref', 'created_at');
      if (!row) return false;
      await tx(table).where({ source, external_id: externalId }).delete();
      if (row.entity_ref) {
        await this.dirty.markDirtyIn(
          tx,
          [{ entityRef: row.entity_ref, since: Number(row.created_at) }],
          Date.now(),
        );
      }
      return true;
    });
  }

  async deletedAt(
    type: 'incident' | 'bug',
    source: string,
    externalId: string,
  ): Promise<number | undefined> {
    const row = await this.db('qs_deleted_events')
      .where({ type, source, external_id: externalId })
      .first('deleted_at');
    return row ? Number(row.deleted_at) : undefined;
  }

  async addPushCommits(
    repository: string,
    ref: string,
    commits: Array<{ sha: string; authoredAt: string; message: string }>,
  ): Promise<void> {
    for (const part of chunks(commits, 50)) {
      await this.db('qs_push_commits')
        .insert(
          part.map(c => ({
            repository,
            ref,
            sha: c.sha,
            authored_at: Date.parse(c.authoredAt),
            message: c.message,
          })),
        )
        .onConflict(['repository', 'sha'])
        .ignore();
    }
  }

  async listPushCommits(
    repository: string,
    ref: string,
  ): Promise<Array<{ sha: string; authoredAt: string; message: string }>> {
    const rows = await this.db('qs_push_commits')
      .where({ repository, ref })
      .orderBy('authored_at');
    return rows.map(r => ({
      sha: r.sha,
      authoredAt: new Date(Number(r.authored_at)).toISOString(),
      message: r.message,
    }));
  }
}

/** A row's v1.1 locators (GitLab's, modules' keys), as the event carried them. */
function sourceLocators(r: Record<string, any>) {
  return {
    ...(r.gitlab_project ? { gitlabProject: r.gitlab_project as string } : {}),
    ...(r.gitlab_instance
      ? { gitlabInstance: r.gitlab_instance as string }
      : {}),
    ...(r.locators ? { locators: JSON.parse(r.locators) as string[] } : {}),
  };
}

function rowToPullRequestEvent(r: Record<string, any>): PullRequestEvent {
  return {
    type: 'pull_request',
    id: r.external_id,
    source: r.source,
    entityRef: r.entity_ref ?? undefined,
    repository: r.repository ?? undefined,
    ...sourceLocators(r),
    number: Number(r.number),
    title: r.title,
    author: r.author,
    url: r.url,
    createdAt: iso(r.created_at)!,
    mergedAt: iso(r.merged_at),
    closedAt: iso(r.closed_at),
    additions: Number(r.additions),
    deletions: Number(r.deletions),
    changedFiles: Number(r.changed_files),
    labels: JSON.parse(r.labels),
    files: r.files ? JSON.parse(r.files) : undefined,
    body: r.body,
    mergeCommitSha: r.merge_commit_sha,
    mergedBy: r.merged_by,
    reverts: num(r.reverts),
    headRef: r.head_ref,
    startedBy: r.started_by ?? null,
    ...(r.ready_for_review_at !== null && r.ready_for_review_at !== undefined
      ? { readyForReviewAt: iso(r.ready_for_review_at)! }
      : {}),
    commits: JSON.parse(r.commits).map(
      (c: {
        sha: string;
        authoredAt: number;
        committedAt?: number | null;
        message: string;
      }) => ({
        ...c,
        authoredAt: iso(c.authoredAt)!,
        ...(typeof c.committedAt === 'number'
          ? { committedAt: iso(c.committedAt)! }
          : {}),
      }),
    ),
    reviews: JSON.parse(r.reviews).map(
      (v: {
        reviewer: string;
        state: any;
        submittedAt: number;
        isBot: boolean;
      }) => ({
        ...v,
        submittedAt: iso(v.submittedAt)!,
      }),
    ),
  };
}

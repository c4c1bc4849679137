import { Knex } from 'knex';
import type {
  IncidentEvent,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import { EventStore } from './QualityStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import {
  chunks,
  num,
  iso,
  isWriteConflict,
  jsonRow,
  touchedSince,
} from './knexHelpers';
import {
  EventType,
  TABLE_BY_TYPE,
  checkTimes,
  contentHash,
  earliestTime,
  eventColumns,
  eventKey,
} from './eventRows';
import {
  ENTITY_EVENT_COLUMNS,
  EntityEventRows,
  eventsFromRows,
} from './entityEventRows';
import type {
  AttributedEvent,
  EntityEvents,
  IncidentStatus,
  WriteResult,
} from './types';

/** Knex store of normalized events (pull requests, deployments, incidents, bugs) and pushed commits, written idempotently with their dirty marks; SQLite and PostgreSQL. */
export class DatabaseEventStore implements EventStore {
  constructor(
    private readonly db: Knex,
    private readonly dirty: DatabaseDirtyMarkStore,
  ) {}

  async writeEvents(
    events: AttributedEvent[],
    options: { demo: boolean; now: number },
  ): Promise<WriteResult> {
    // Two requests carrying the same new event both find it absent and both
    // insert it; on PostgreSQL the second insert waits for the first and then
    // fails on the unique key (or two writers deadlock on shared rows). The
    // whole transaction is rolled back: run it again, and the loser finds the
    // winner's rows (duplicates). SQLite runs one write transaction at a time.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeEventsOnce(events, options);
      } catch (error) {
        if (attempt >= 5 || !isWriteConflict(error)) throw error;
        await new Promise(resolve =>
          setTimeout(resolve, Math.random() * 20 * attempt),
        );
      }
    }
  }

  private async writeEventsOnce(
    events: AttributedEvent[],
    options: { demo: boolean; now: number },
  ): Promise<WriteResult> {
    const result: WriteResult = { accepted: 0, duplicates: 0, unattributed: 0 };
    if (events.length === 0) {
      return result;
    }
    const dirty = new Map<string, number>();
    await this.db.transaction(async tx => {
      const byType = new Map<EventType, AttributedEvent[]>();
      for (const event of events) {
        const list = byType.get(event.type) ?? [];
        list.push(event);
        byType.set(event.type, list);
      }
      for (const [type, list] of byType) {
        const table = TABLE_BY_TYPE[type];
        // What is stored already, by key → content hash, and its entity.
        const stored = new Map<string, string>();
        const storedEntity = new Map<string, string | null>();
        for (const part of chunks(list)) {
          const rows = await tx(table)
            .whereIn(
              ['source', 'external_id'],
              part.map(e => [e.source, e.id]),
            )
            .select('source', 'external_id', 'content_hash', 'entity_ref');
          for (const r of rows) {
            const key = eventKey({ type, source: r.source, id: r.external_id });
            stored.set(key, r.content_hash);
            storedEntity.set(key, r.entity_ref ?? null);
          }
        }
        const inserts = new Map<string, Record<string, unknown>>();
        const updates: Array<Record<string, unknown>> = [];
        for (const event of list) {
          checkTimes(event);
          const columns = eventColumns(event);
          const hash = contentHash(columns);
          const key = eventKey(event);
          const previous = stored.get(key) ?? inserts.get(key)?.content_hash;
          if (previous === hash) {
            result.duplicates += 1;
            continue;
          }
          result.accepted += 1;
          if (event.resolvedEntityRef === null) {
            result.unattributed += 1;
          } else {
            const since = earliestTime(event);
            const known = dirty.get(event.resolvedEntityRef);
            dirty.set(
              event.resolvedEntityRef,
              known === undefined ? since : Math.min(known, since),
            );
          }
          const row = {
            ...columns,
            content_hash: hash,
            demo: options.demo,
            updated_at: options.now,
          };
          if (stored.has(key)) {
            // An event that moved (a bug to another project, an issue whose
            // locator now matches another entity) leaves its old entity too.
            const before = storedEntity.get(key);
            if (before && before !== event.resolvedEntityRef) {
              const since = earliestTime(event);
              const known = dirty.get(before);
              dirty.set(before, known === undefined ? since : Math.min(known, since));
            }
            updates.push(row);
            stored.set(key, hash);
          } else if (inserts.has(key)) {
            inserts.set(key, { ...inserts.get(key), ...row });
          } else {
            inserts.set(key, { ...row, received_at: options.now });
          }
        }
        for (const part of chunks([...inserts.values()], 50)) {
          await tx(table).insert(part);
        }
        for (const row of updates) {
          const { source, external_id, ...rest } = row;
          await tx(table).where({ source, external_id }).update(rest);
        }
      }
      await this.dirty.markDirtyIn(
        tx,
        [...dirty].map(([entityRef, since]) => ({ entityRef, since })),
        options.now,
      );
    });
    return result;
  }

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
      .andWhere(q => q.where({ repository }).orWhere({ gitlab_project: repository }))
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
        const before = await tx('qs_deleted_events').where(key).first('deleted_at');
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

  async countEvents(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [type, table] of Object.entries(TABLE_BY_TYPE)) {
      const [{ count }] = await this.db(table).count({ count: '*' });
      out[type] = Number(count);
    }
    return out;
  }

  async loadEntityEvents(
    entityRef: string,
    since: number,
  ): Promise<EntityEvents> {
    return eventsFromRows(await this.loadEntityEventRows(entityRef, since));
  }

  async loadEntityEventRows(
    entityRef: string,
    since: number,
  ): Promise<EntityEventRows> {
    const C = ENTITY_EVENT_COLUMNS;
    const [pullRequests, deployments, incidents, bugs] = (
      await Promise.all([
        // PRs created before `since` may still be merged or reverted after it.
        this.db('qs_pull_requests')
          .select(jsonRow(this.db, C.pullRequests))
          .where(q =>
            touchedSince(
              q,
              entityRef,
              ['created_at', 'merged_at', 'closed_at'],
              since,
            ),
          )
          // One order whichever index answers, so that an incremental and a full
          // recompute see the same events in the same order.
          .orderBy(['created_at', 'source', 'external_id']),
        this.db('qs_deployments')
          .select(jsonRow(this.db, C.deployments))
          .where({ entity_ref: entityRef })
          .andWhere('finished_at', '>=', since)
          .orderBy(['finished_at', 'source', 'external_id']),
        this.db('qs_incidents')
          .select(jsonRow(this.db, C.incidents))
          .where(q =>
            touchedSince(q, entityRef, ['created_at', 'resolved_at'], since),
          )
          .orderBy(['created_at', 'source', 'external_id']),
        this.db('qs_bugs')
          .select(jsonRow(this.db, C.bugs))
          .where({ entity_ref: entityRef })
          .andWhere('created_at', '>=', since)
          .orderBy(['created_at', 'source', 'external_id']),
      ])
    ).map(rows => (rows as Array<{ row: string }>).map(r => r.row));
    return { pullRequests, deployments, incidents, bugs };
  }
}

/** A row's v1.1 locators (GitLab's, modules' keys), as the event carried them. */
function sourceLocators(r: Record<string, any>) {
  return {
    ...(r.gitlab_project ? { gitlabProject: r.gitlab_project as string } : {}),
    ...(r.gitlab_instance ? { gitlabInstance: r.gitlab_instance as string } : {}),
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

/*
 * The baseline for the ingest rate: the same rows that DatabaseQualityStore
 * writes, inserted with better-sqlite3 prepared statements in one transaction
 * per batch, into a second SQLite file migrated with the plugin's migrations.
 * The column mapping mirrors eventColumns() in src/database/DatabaseQualityStore.ts.
 */
import { createHash } from 'crypto';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';

// The parts of better-sqlite3 (a devDependency, without bundled types) used here.
interface Statement {
  run(params: unknown): unknown;
  get(): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  transaction<A extends unknown[]>(
    fn: (...args: A) => void,
  ): (...args: A) => void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database: new (
  filename: string,
) => SqliteDatabase = require('better-sqlite3');

const TABLE_BY_TYPE = {
  pull_request: 'qs_pull_requests',
  deployment: 'qs_deployments',
  incident: 'qs_incidents',
  bug: 'qs_bugs',
} as const;

const ms = (iso: string | null | undefined): number | null =>
  iso ? Date.parse(iso) : null;

type Row = Record<string, string | number | null>;

function columns(event: QualityEvent): Row {
  const base = {
    source: event.source,
    external_id: event.id,
    entity_ref: event.entityRef ?? null,
    repository: event.repository ?? null,
  };
  switch (event.type) {
    case 'pull_request':
      return {
        ...base,
        number: event.number,
        title: event.title,
        author: event.author,
        url: event.url,
        created_at: ms(event.createdAt),
        merged_at: ms(event.mergedAt),
        closed_at: ms(event.closedAt ?? event.mergedAt),
        additions: event.additions,
        deletions: event.deletions,
        changed_files: event.changedFiles,
        labels: JSON.stringify(event.labels),
        files: event.files ? JSON.stringify(event.files) : null,
        body: event.body ?? null,
        merge_commit_sha: event.mergeCommitSha ?? null,
        merged_by: event.mergedBy ?? null,
        reverts: event.reverts ?? null,
        head_ref: event.headRef ?? null,
        started_by: event.startedBy ?? null,
        commits: JSON.stringify(
          event.commits.map(c => ({
            sha: c.sha,
            authoredAt: Date.parse(c.authoredAt),
            message: c.message,
          })),
        ),
        reviews: JSON.stringify(
          event.reviews.map(r => ({
            reviewer: r.reviewer,
            state: r.state,
            submittedAt: Date.parse(r.submittedAt),
            isBot: r.isBot ?? r.reviewer.endsWith('[bot]'),
          })),
        ),
      };
    case 'deployment':
      return {
        ...base,
        environment: event.environment,
        status: event.status,
        started_at: ms(event.startedAt),
        finished_at: ms(event.finishedAt),
        commit_sha: event.commitSha ?? null,
        pull_requests: event.pullRequests
          ? JSON.stringify(event.pullRequests)
          : null,
      };
    case 'incident':
      return {
        ...base,
        pagerduty_service_id: event.pagerDutyServiceId ?? null,
        title: event.title,
        created_at: ms(event.createdAt),
        resolved_at: ms(event.resolvedAt),
        severity: event.severity ?? null,
        status_at: null,
        caused_by_deployment: event.causedBy?.deploymentId ?? null,
        caused_by_pr: event.causedBy?.pullRequest ?? null,
        url: event.url ?? null,
      };
    case 'bug':
    default:
      return {
        ...base,
        title: event.title,
        created_at: ms(event.createdAt),
        closed_at: ms(event.closedAt),
        introduced_by_pr: event.introducedBy?.pullRequest ?? null,
        url: event.url ?? null,
      };
  }
}

/** Rows by table, with the bookkeeping columns the store adds. */
export function rowsOf(
  events: QualityEvent[],
  now: number,
): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const event of events) {
    const cols = columns(event);
    const hash = createHash('sha256')
      .update(JSON.stringify(cols))
      .digest('hex');
    const table = TABLE_BY_TYPE[event.type];
    const list = out.get(table) ?? [];
    list.push({
      ...cols,
      content_hash: hash,
      demo: 0,
      received_at: now,
      updated_at: now,
    });
    out.set(table, list);
  }
  return out;
}

export class RawInserter {
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();
  private readonly insertAll: (rows: Map<string, Row[]>) => void;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.insertAll = this.db.transaction((rows: Map<string, Row[]>) => {
      for (const [table, list] of rows) {
        const statement = this.statement(table, list[0]);
        for (const row of list) statement.run(row);
      }
    });
  }

  private statement(table: string, sample: Row) {
    const cols = Object.keys(sample);
    const key = `${table}:${cols.join(',')}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols
          .map(c => `@${c}`)
          .join(', ')})`,
      );
      this.statements.set(key, statement);
    }
    return statement;
  }

  insert(rows: Map<string, Row[]>) {
    this.insertAll(rows);
  }

  count(): number {
    let total = 0;
    for (const table of Object.values(TABLE_BY_TYPE)) {
      total += (
        this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as {
          n: number;
        }
      ).n;
    }
    return total;
  }

  close() {
    this.db.close();
  }
}

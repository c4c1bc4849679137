/*
 * The baseline for the ingest rate: the same rows that DatabaseQualityStore
 * writes, inserted with better-sqlite3 prepared statements in one transaction
 * per batch, into a second SQLite file migrated with the plugin's migrations.
 * The rows come from the store's own mapping (src/database/eventRows.ts).
 */
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import {
  TABLE_BY_TYPE,
  contentHash,
  eventColumns,
} from '../src/database/eventRows';

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

type Row = Record<string, unknown>;

/** Rows by table, with the bookkeeping columns the store adds. */
export function rowsOf(
  events: QualityEvent[],
  now: number,
): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const event of events) {
    // The store's own mapping: the rows production writes, hash and all.
    const cols = eventColumns({
      ...event,
      resolvedEntityRef: event.entityRef ?? null,
    });
    const hash = contentHash(cols);
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

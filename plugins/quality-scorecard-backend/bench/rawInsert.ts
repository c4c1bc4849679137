/*
 * The baseline for the ingest rate: the same rows that DatabaseQualityStore
 * writes, inserted in one transaction per batch into a second database
 * migrated with the plugin's migrations: on SQLite with better-sqlite3
 * prepared statements, on PostgreSQL with the `pg` driver as one multi-row
 * parameterised INSERT per table per batch. The rows come from the store's
 * own mapping (src/database/eventRows.ts).
 */
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import {
  TABLE_BY_TYPE,
  contentHash,
  eventColumns,
} from '../src/database/eventRows';
import type { PgClient } from './postgres';

/** A raw batched insert of the store's rows, beside the store. */
export interface RawBaseline {
  readonly driver: 'better-sqlite3' | 'pg';
  insert(rows: Map<string, Row[]>): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

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

export class RawInserter implements RawBaseline {
  readonly driver = 'better-sqlite3';
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

  async insert(rows: Map<string, Row[]>) {
    this.insertAll(rows);
  }

  async count(): Promise<number> {
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

  async close() {
    this.db.close();
  }
}

// PostgreSQL takes at most 65,535 parameters in one statement.
const MAX_PARAMETERS = 65_535;

/** The same rows into PostgreSQL: one multi-row INSERT per table (and column set) per batch, one transaction per batch. */
export class PgRawInserter implements RawBaseline {
  readonly driver = 'pg';
  constructor(private readonly client: PgClient) {}

  async insert(rows: Map<string, Row[]>) {
    await this.client.query('BEGIN');
    try {
      for (const [table, list] of rows) {
        // Rows of one table share their columns but for optional ones.
        const byColumns = new Map<string, Row[]>();
        for (const row of list) {
          const key = Object.keys(row).join(',');
          const group = byColumns.get(key) ?? [];
          group.push(row);
          byColumns.set(key, group);
        }
        for (const [key, group] of byColumns) {
          const cols = key.split(',');
          const perStatement = Math.floor(MAX_PARAMETERS / cols.length);
          for (let start = 0; start < group.length; start += perStatement) {
            const chunk = group.slice(start, start + perStatement);
            const params: unknown[] = [];
            const tuples = chunk.map(row => {
              const slots = cols.map(c => {
                params.push(c === 'demo' ? Boolean(row[c]) : row[c]);
                return `$${params.length}`;
              });
              return `(${slots.join(', ')})`;
            });
            await this.client.query(
              `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(
                ', ',
              )}`,
              params,
            );
          }
        }
      }
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK');
      throw e;
    }
  }

  async count(): Promise<number> {
    let total = 0;
    for (const table of Object.values(TABLE_BY_TYPE)) {
      const { rows } = await this.client.query(
        `SELECT COUNT(*) AS n FROM ${table}`,
      );
      total += Number(rows[0].n);
    }
    return total;
  }

  async close() {
    await this.client.end();
  }
}

/* Query helpers the stores share. */
import { Knex } from 'knex';

// Keeps IN-lists and multi-row inserts under SQLite's variable limit.
const CHUNK = 200;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

export const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(Number(v)).toISOString();

/** True on PostgreSQL. */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).includes('pg');
}

/**
 * Rows as one JSON text for PostgreSQL. A lone UTF-16 surrogate becomes
 * U+FFFD, as the driver's UTF-8 encoding of a bound string does: PostgreSQL
 * refuses the `\\udXXX` escape JSON would otherwise carry.
 */
function pgJson(rows: Array<Record<string, unknown>>): string {
  const text = JSON.stringify(rows);
  return /\\ud[89a-f]/i.test(text)
    ? JSON.stringify(rows, (_key, value) =>
        typeof value === 'string'
          ? (value as string & { toWellFormed(): string }).toWellFormed()
          : value,
      )
    : text;
}

/**
 * Inserts `rows` into `table`. On PostgreSQL each chunk goes as one JSON
 * parameter expanded by `json_populate_recordset` (one bound value instead of
 * one per cell, which the driver and the server bind one by one); SQLite
 * takes a multi-row INSERT.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  if (!isPostgres(db as Knex)) {
    for (const part of chunks(rows, 50)) await db(table).insert(part);
    return;
  }
  const columns = [...new Set(rows.flatMap(r => Object.keys(r)))];
  const list = columns.map(() => '??').join(', ');
  for (const part of chunks(rows, 2000)) {
    await db.raw(
      `insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?)`,
      [table, ...columns, ...columns, table, pgJson(part)],
    );
  }
}

/** The key updateEventRows answers with. */
export const eventRowKey = (source: unknown, externalId: unknown) =>
  `${String(source)}\u0000${String(externalId)}`;

/**
 * Updates the stored events among `rows` (each with every column of its type,
 * keyed by source and external id) and returns the keys of those it found;
 * on PostgreSQL in one statement per 2,000 rows, on SQLite one per row.
 */
export async function updateEventRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Array<Record<string, unknown>>,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (rows.length === 0) return found;
  if (!isPostgres(db as Knex)) {
    for (const row of rows) {
      const { source, external_id, ...rest } = row;
      const n = await db(table).where({ source, external_id }).update(rest);
      if (n > 0) found.add(eventRowKey(source, external_id));
    }
    return found;
  }
  const columns = [...new Set(rows.flatMap(r => Object.keys(r)))].filter(
    c => c !== 'source' && c !== 'external_id',
  );
  const list = columns.map(() => '??').join(', ');
  const values = columns.map(() => 'v.??').join(', ');
  for (const part of chunks(rows, 2000)) {
    const result = await db.raw(
      `update ?? as t set (${list}) = row(${values}) from json_populate_recordset(null::??, ?) as v where t.source = v.source and t.external_id = v.external_id returning t.source, t.external_id`,
      [table, ...columns, ...columns, table, pgJson(part)],
    );
    for (const r of result.rows as Array<Record<string, unknown>>) {
      found.add(eventRowKey(r.source, r.external_id));
    }
  }
  return found;
}

/**
 * Narrows `q` to rows whose (source, external_id) is one of `keys`. On
 * PostgreSQL the keys go as two arrays joined through `unnest`, which the
 * planner answers with one unique-index probe per key; a row-value IN list
 * of 200 pairs took 50 ms there against 2.5 ms (EXPLAIN ANALYZE, 2026-12-04).
 * SQLite answers the IN list through the index itself.
 */
export function whereEventKeyIn(
  db: Knex,
  q: Knex.QueryBuilder,
  keys: Array<[string, string]>,
  columns: [string, string] = ['source', 'external_id'],
): Knex.QueryBuilder {
  if (!isPostgres(db)) return q.whereIn(columns, keys);
  return q.whereIn(
    columns,
    db.raw('select * from unnest(?::text[], ?::text[])', [
      keys.map(k => k[0]),
      keys.map(k => k[1]),
    ]) as unknown as Knex.QueryBuilder,
  );
}

/** A unique-key violation, deadlock or serialization failure (PostgreSQL). */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

/**
 * The selected rows as one JSON text (`rows` column): an array of one array
 * per row of `columns`, in `orderBy` order, built by the database. A full
 * recompute reads an entity's whole history: one string per entity and
 * table, instead of a 22-property object per row (with the JSON columns
 * parsed again one by one) or one string per row, is cheaper to read, to
 * post to a worker thread and to parse there. SQLite joins each row's values
 * in one pass (concat_ws; quoting text, embedding the stored JSON text as it
 * is, which json_array would parse again) and the rows in order
 * (group_concat … ORDER BY; both SQLite 3.44); PostgreSQL builds them with
 * json_build_array and json_agg.
 */
export function jsonRows(
  db: Knex,
  columns: readonly string[],
  orderBy: readonly string[],
): Knex.Raw {
  const names = columns.map(spec => spec.split(':')[0]);
  const kinds = columns.map(spec => spec.split(':')[1]);
  const order = orderBy.map(() => '??').join(', ');
  if (isPostgres(db)) {
    const parts = kinds.map(k => (k === 'json' ? '??::json' : '??'));
    return db.raw(
      `coalesce(json_agg(json_build_array(${parts.join(
        ', ',
      )}) order by ${order}), '[]')::text as ??`,
      [...names, ...orderBy, 'rows'],
    );
  }
  const parts = kinds.map(k =>
    k === 'text' ? 'json_quote(??)' : "coalesce(??, 'null')",
  );
  return db.raw(
    `'[' || coalesce(group_concat('[' || concat_ws(',', ${parts.join(
      ', ',
    )}) || ']', ',' order by ${order}), '') || ']' as ??`,
    [...names, ...orderBy, 'rows'],
  );
}

/**
 * Rows of several entities in one order (code units of the ref): every
 * writer of dirty marks and snapshots takes its row locks in it, so two
 * transactions on PostgreSQL never wait on each other in a circle.
 */
export function inEntityOrder<T extends { entityRef: string }>(
  entries: T[],
): T[] {
  return [...entries].sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
}

/**
 * An entity's rows with any of `columns` at or after `since` (all its rows
 * when `since` is 0), written as one (entity, column) range per term so that
 * SQLite and PostgreSQL search an index per term instead of scanning the
 * entity's whole history.
 */
export function touchedSince(
  q: Knex.QueryBuilder,
  entityRef: string,
  columns: string[],
  since: number,
): Knex.QueryBuilder {
  if (since <= 0) return q.where({ entity_ref: entityRef });
  for (const column of columns) {
    q.orWhere(r =>
      r.where({ entity_ref: entityRef }).andWhere(column, '>=', since),
    );
  }
  return q;
}

/** Knex implementation of QualityStore, for SQLite and PostgreSQL. */

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

/** A unique-key violation, deadlock or serialization failure (PostgreSQL). */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

/**
 * One JSON array per row (`row` column) of `columns`, built by the database:
 * a full recompute reads an entity's whole history, and handing over one
 * string per row instead of a 22-property object (with the JSON columns
 * parsed again one by one) took 40% less time on SQLite. SQLite concatenates
 * the array (quoting text, embedding the stored JSON text as it is, which
 * json_array would parse again); PostgreSQL builds it with json_build_array.
 */
export function jsonRow(db: Knex, columns: readonly string[]): Knex.Raw {
  const pg = String(db.client.config.client).includes('pg');
  const names = columns.map(spec => spec.split(':')[0]);
  const kinds = columns.map(spec => spec.split(':')[1]);
  if (pg) {
    const parts = kinds.map(k => (k === 'json' ? '??::json' : '??'));
    return db.raw(`json_build_array(${parts.join(', ')})::text as ??`, [
      ...names,
      'row',
    ]);
  }
  const parts = kinds.map(k =>
    k === 'text' ? 'json_quote(??)' : "coalesce(??, 'null')",
  );
  return db.raw(`'[' || ${parts.join(" || ',' || ")} || ']' as ??`, [
    ...names,
    'row',
  ]);
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

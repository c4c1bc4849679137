import { Knex } from 'knex';
import { DirtyMarkStore } from './QualityStore';
import { chunks, inEntityOrder, isPostgres } from './knexHelpers';

/** Knex store of the entities whose snapshots wait for a recompute, from which instant on; SQLite and PostgreSQL. */
export class DatabaseDirtyMarkStore implements DirtyMarkStore {
  constructor(private readonly db: Knex) {}

  async markDirty(
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ): Promise<void> {
    await this.db.transaction(tx => this.markDirtyIn(tx, entityRefs, now));
  }

  /** Marks entities dirty within `tx`: the writes that touched them commit with their marks. */
  async markDirtyIn(
    tx: Knex.Transaction,
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ) {
    for (const part of chunks(inEntityOrder(entityRefs), 100)) {
      await tx('qs_dirty_entities')
        .insert(
          part.map(p => ({
            entity_ref: p.entityRef,
            since: p.since,
            marked_at: now,
          })),
        )
        .onConflict('entity_ref')
        .merge({
          // The earliest touched time wins, whichever writer comes last.
          since: tx.raw(
            'CASE WHEN ?? < excluded.since THEN ?? ELSE excluded.since END',
            ['qs_dirty_entities.since', 'qs_dirty_entities.since'],
          ),
          // A mark only ever moves forward, even from a writer whose clock is
          // behind: a recompute that read the older mark must not clear it.
          marked_at: tx.raw(
            'CASE WHEN ?? >= excluded.marked_at THEN ?? + 1 ELSE excluded.marked_at END',
            ['qs_dirty_entities.marked_at', 'qs_dirty_entities.marked_at'],
          ),
        });
    }
  }

  async listDirty(limit: number) {
    const rows = await this.db('qs_dirty_entities')
      .orderBy(['marked_at', 'entity_ref'])
      .limit(limit);
    return rows.map(r => ({
      entityRef: r.entity_ref as string,
      since: Number(r.since),
      markedAt: Number(r.marked_at),
    }));
  }

  async claimDirty(options: {
    limit: number;
    claimant: string;
    now: number;
    leaseMs: number;
  }) {
    const { limit, claimant, now, leaseMs } = options;
    // One statement, so that two instances never claim the same mark: on
    // PostgreSQL the marks another instance is claiming are skipped, not
    // waited for; SQLite runs one writer at a time.
    const lock = isPostgres(this.db) ? 'for update skip locked' : '';
    const result = await this.db.raw(
      `update qs_dirty_entities set claimed_by = ?, claimed_until = ?
       where entity_ref in (
         select entity_ref from qs_dirty_entities
         where claimed_until is null or claimed_until <= ?
         order by marked_at, entity_ref
         limit ? ${lock}
       ) and (claimed_until is null or claimed_until <= ?)
       returning entity_ref, since, marked_at`,
      [claimant, now + leaseMs, now, limit, now],
    );
    const rows: Array<Record<string, unknown>> = Array.isArray(result)
      ? result
      : result.rows;
    return rows
      .map(r => ({
        entityRef: r.entity_ref as string,
        since: Number(r.since),
        markedAt: Number(r.marked_at),
      }))
      .sort(
        (a, b) =>
          a.markedAt - b.markedAt || (a.entityRef < b.entityRef ? -1 : 1),
      );
  }

  async releaseClaims(entityRefs: string[], claimant: string): Promise<void> {
    for (const part of chunks([...entityRefs].sort(), 200)) {
      await this.db('qs_dirty_entities')
        .whereIn('entity_ref', part)
        .andWhere({ claimed_by: claimant })
        .update({ claimed_by: null, claimed_until: null });
    }
  }

  async clearDirty(entityRef: string, markedAt: number): Promise<void> {
    await this.clearDirtyMany([{ entityRef, markedAt }]);
  }

  async clearDirtyMany(
    entries: Array<{ entityRef: string; markedAt: number }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const { entityRef, markedAt } of inEntityOrder(entries)) {
        await tx('qs_dirty_entities')
          .where({ entity_ref: entityRef })
          .andWhere('marked_at', '<=', markedAt)
          .delete();
      }
    });
  }
}

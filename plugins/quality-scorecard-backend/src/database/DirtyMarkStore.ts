import { Knex } from 'knex';
import { DirtyMarkStore } from './QualityStore';
import { chunks, inEntityOrder } from './knexHelpers';

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

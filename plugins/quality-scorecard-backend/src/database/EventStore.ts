import { Knex } from 'knex';
import { EventStore } from './QualityStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import { chunks, isWriteConflict, jsonRow, touchedSince } from './knexHelpers';
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
import type { AttributedEvent, EntityEvents, WriteResult } from './types';

/** Knex store of normalized events (pull requests, deployments, incidents, bugs), written idempotently with their dirty marks, and an entity's history; SQLite and PostgreSQL. The lookups of webhook sources are in WebhookLookups.ts. */
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
              dirty.set(
                before,
                known === undefined ? since : Math.min(known, since),
              );
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

import { Knex } from 'knex';
import { EventStore } from './QualityStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import {
  chunks,
  eventRowKey,
  insertRows,
  updateEventRows,
  isPostgres,
  isWriteConflict,
  jsonRows,
  touchedSince,
  whereEventKeyIn,
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
import type { AttributedEvent, EntityEvents, WriteResult } from './types';
import {
  EventEntities,
  entitiesBefore,
  linkedTo,
  replaceEventEntities,
  sharedEventKeys,
} from './eventEntities';

/** Every entity of an event: several for a shared repository's event (monorepos). */
function entitiesOf(event: AttributedEvent): string[] {
  if (event.entityRefs && event.entityRefs.length > 1) return event.entityRefs;
  return event.resolvedEntityRef ? [event.resolvedEntityRef] : [];
}

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
    const markDirty = (entityRef: string, since: number) => {
      const known = dirty.get(entityRef);
      dirty.set(
        entityRef,
        known === undefined ? since : Math.min(known, since),
      );
    };
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
        for (const part of chunks(list, isPostgres(this.db) ? 1000 : 200)) {
          const rows = await whereEventKeyIn(
            this.db,
            tx(table),
            part.map(e => [e.source, e.id]),
          ).select('source', 'external_id', 'content_hash', 'entity_ref');
          for (const r of rows) {
            const key = eventKey({ type, source: r.source, id: r.external_id });
            stored.set(key, r.content_hash);
            storedEntity.set(key, r.entity_ref ?? null);
          }
        }
        const inserts = new Map<string, Record<string, unknown>>();
        // By key: an event sent twice in one batch is written once, as last sent.
        const updates = new Map<string, Record<string, unknown>>();
        // Entity lists to write: events of several entities, and stored events
        // that may have had several.
        const links = new Map<string, EventEntities & { since: number }>();
        for (const event of list) {
          checkTimes(event);
          const columns = eventColumns(event);
          const entityRefs = entitiesOf(event);
          // A shared event's entity set is part of its content: sent again
          // after a component claimed its path, it is not a duplicate.
          const hash = contentHash(
            entityRefs.length > 1
              ? { ...columns, entity_refs: entityRefs }
              : columns,
          );
          const key = eventKey(event);
          const previous = stored.get(key) ?? inserts.get(key)?.content_hash;
          if (previous === hash) {
            result.duplicates += 1;
            continue;
          }
          result.accepted += 1;
          if (entityRefs.length === 0) {
            result.unattributed += 1;
          }
          for (const entityRef of entityRefs) {
            markDirty(entityRef, earliestTime(event));
          }
          if (entityRefs.length > 1 || stored.has(key)) {
            links.set(key, {
              source: event.source,
              externalId: event.id,
              entityRefs,
              since: earliestTime(event),
            });
          } else {
            links.delete(key);
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
              markDirty(before, earliestTime(event));
            }
            updates.set(key, row);
            stored.set(key, hash);
          } else if (inserts.has(key)) {
            inserts.set(key, { ...inserts.get(key), ...row });
          } else {
            inserts.set(key, { ...row, received_at: options.now });
          }
        }
        await insertRows(tx, table, [...inserts.values()]);
        const updated = await updateEventRows(tx, table, [...updates.values()]);
        // Deleted since it was read (by retention, src/retention): PostgreSQL
        // lets that commit in between. The event is new again, not lost.
        await insertRows(
          tx,
          table,
          [...updates.values()]
            .filter(r => !updated.has(eventRowKey(r.source, r.external_id)))
            .map(r => ({ ...r, received_at: options.now })),
        );
        const linked = [...links.values()];
        const before = await replaceEventEntities(tx, type, linked);
        for (const e of linked) {
          for (const entityRef of entitiesBefore(
            before,
            e.source,
            e.externalId,
          )) {
            markDirty(entityRef, e.since);
          }
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
    const shared = await sharedEventKeys(this.db, entityRef);
    // An entity's rows, and (for an entity of a shared repository) the rows
    // that list it among several entities; without any, the query is as before.
    const ofEntity =
      (type: EventType, columns: string[]) => (q: Knex.QueryBuilder) => {
        q.where(own => touchedSince(own, entityRef, columns, since));
        if (shared.length) {
          q.orWhere(other => {
            other.whereIn(
              ['source', 'external_id'],
              linkedTo(this.db, type, entityRef),
            );
            if (since > 0) {
              other.andWhere(t => {
                for (const column of columns) t.orWhere(column, '>=', since);
              });
            }
          });
        }
      };
    // One order whichever index answers, so that an incremental and a full
    // recompute see the same events in the same order.
    const rowsOf = (
      table: string,
      columns: readonly string[],
      time: string,
      where: (q: Knex.QueryBuilder) => void,
    ) =>
      this.db(table)
        .select(jsonRows(this.db, columns, [time, 'source', 'external_id']))
        .where(where)
        .then(r => (r as Array<{ rows: string }>)[0]?.rows ?? '[]');
    const [pullRequests, deployments, incidents, bugs] = await Promise.all([
      // PRs created before `since` may still be merged or reverted after it.
      rowsOf(
        'qs_pull_requests',
        C.pullRequests,
        'created_at',
        ofEntity('pull_request', ['created_at', 'merged_at', 'closed_at']),
      ),
      rowsOf(
        'qs_deployments',
        C.deployments,
        'finished_at',
        ofEntity('deployment', ['finished_at']),
      ),
      rowsOf(
        'qs_incidents',
        C.incidents,
        'created_at',
        ofEntity('incident', ['created_at', 'resolved_at']),
      ),
      rowsOf('qs_bugs', C.bugs, 'created_at', ofEntity('bug', ['created_at'])),
    ]);
    return {
      pullRequests,
      deployments,
      incidents,
      bugs,
      ...(shared.length ? { shared } : {}),
    };
  }
}

/*
 * qs_event_entities: every entity of an event that belongs to more than one
 * (monorepos, docs/monorepos.md). The event's row keeps the first as its
 * entity_ref; an event of one entity has no rows here.
 */
import { Knex } from 'knex';
import { chunks, eventRowKey, whereEventKeyIn } from './knexHelpers';
import type { EventType } from './eventRows';

export const EVENT_ENTITIES_TABLE = 'qs_event_entities';

/** An event's key and every entity it now belongs to. */
export interface EventEntities {
  source: string;
  externalId: string;
  entityRefs: string[];
}

/**
 * Replaces the entity lists of `events` (of one type); returns the entities
 * each listed before, by source and external id, so that an event that left
 * an entity marks that entity dirty too.
 */
export async function replaceEventEntities(
  tx: Knex | Knex.Transaction,
  type: EventType,
  events: EventEntities[],
): Promise<Map<string, string[]>> {
  const before = new Map<string, string[]>();
  for (const part of chunks(events, 100)) {
    const keys = part.map((e): [string, string] => [e.source, e.externalId]);
    const rows = await whereEventKeyIn(
      tx,
      tx(EVENT_ENTITIES_TABLE).where({ event_type: type }),
      keys,
    ).select('source', 'external_id', 'entity_ref');
    for (const r of rows) {
      const key = eventRowKey(r.source, r.external_id);
      before.set(key, [...(before.get(key) ?? []), r.entity_ref]);
    }
    if (rows.length) {
      await whereEventKeyIn(
        tx,
        tx(EVENT_ENTITIES_TABLE).where({ event_type: type }),
        keys,
      ).delete();
    }
  }
  const inserts = events.flatMap(e =>
    e.entityRefs.length > 1
      ? e.entityRefs.map(entity_ref => ({
          event_type: type,
          source: e.source,
          external_id: e.externalId,
          entity_ref,
        }))
      : [],
  );
  for (const part of chunks(inserts, 50)) {
    await tx(EVENT_ENTITIES_TABLE).insert(part);
  }
  return before;
}

/** The entities an event listed before, from replaceEventEntities' answer. */
export function entitiesBefore(
  before: Map<string, string[]>,
  source: string,
  externalId: string,
): string[] {
  return before.get(eventRowKey(source, externalId)) ?? [];
}

/**
 * The key an owner's roll-up counts a shared event once by, for each event
 * of `entityRef` that belongs to several entities: pairs of
 * `type\0source\0external_id` → `type:source:external_id`.
 */
export async function sharedEventKeys(
  db: Knex,
  entityRef: string,
): Promise<Array<[string, string]>> {
  const rows = await db(EVENT_ENTITIES_TABLE)
    .where({ entity_ref: entityRef })
    .select('event_type', 'source', 'external_id');
  return rows.map(r => [
    `${r.event_type}\u0000${r.source}\u0000${r.external_id}`,
    `${r.event_type}:${r.source}:${r.external_id}`,
  ]);
}

/** Rows of `type` that list `entityRef` among several entities. */
export function linkedTo(
  db: Knex,
  type: EventType,
  entityRef: string,
): Knex.QueryBuilder {
  return db(EVENT_ENTITIES_TABLE)
    .select('source', 'external_id')
    .where({ event_type: type, entity_ref: entityRef });
}

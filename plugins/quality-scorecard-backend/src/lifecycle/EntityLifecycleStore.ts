import { Knex } from 'knex';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseDirtyMarkStore } from '../database/DirtyMarkStore';
import { TABLE_BY_TYPE } from '../database/eventRows';
import { chunks } from '../database/knexHelpers';
import { migrateQualityDatabase } from '../database/migrate';

/** The event tables: rows that carry an entity_ref and the locators it came from. */
export const EVENT_TABLES: string[] = Object.values(TABLE_BY_TYPE);

/**
 * Every table keyed by entity_ref whose rows are an entity's data, with the
 * column that tells an entity's rows apart (deletes go in batches of it).
 * Exemptions are not here: they and their audit trail outlive the entity.
 */
const ENTITY_DATA: Array<{ table: string; key?: string[] }> = [
  ...EVENT_TABLES.map(table => ({ table, key: ['id'] })),
  { table: 'qs_snapshots', key: ['week_start'] },
  { table: 'qs_check_results', key: ['check_id'] },
  { table: 'qs_check_history', key: ['id'] },
  { table: 'qs_signal_episodes', key: ['id'] },
  { table: 'qs_baselines', key: ['id'] },
  { table: 'qs_snapshot_versions' },
  { table: 'qs_scorecard_documents' },
  { table: 'qs_dirty_entities' },
];

/**
 * Every entity of an event that belongs to several (monorepos), keyed by
 * event and entity. Looked up at run time: the store works with the schema
 * it finds.
 */
const EVENT_ENTITIES = {
  table: 'qs_event_entities',
  key: ['event_type', 'source', 'external_id'],
};

/** The tables a rename re-keys as they are (no unique key includes the entity). */
const MOVED_AS_THEY_ARE = [
  ...EVENT_TABLES,
  'qs_check_history',
  'qs_baselines',
  'qs_exemptions',
];

/** An entity the catalog no longer has, since when. */
export interface MissingEntityRow {
  entityRef: string;
  missingSince: number;
  checkedAt: number;
}

/** The locators of an entity's stored events, one row per distinct combination. */
export interface StoredLocators {
  repository: string | null;
  gitlabProject: string | null;
  gitlabInstance: string | null;
  locators: string[] | null;
  pagerDutyServiceId: string | null;
}

/** Rows a run deleted or moved, by table. */
export type RowCounts = Record<string, number>;

/**
 * Knex store of what the catalog says of entities with stored data (present,
 * missing since when), and the deletes and renames of their rows; SQLite and
 * PostgreSQL.
 */
export class EntityLifecycleStore {
  private readonly dirty: DatabaseDirtyMarkStore;
  private eventEntities?: Promise<boolean>;

  constructor(private readonly db: Knex) {
    this.dirty = new DatabaseDirtyMarkStore(db);
  }

  static async create(options: {
    database: DatabaseService;
  }): Promise<EntityLifecycleStore> {
    return new EntityLifecycleStore(
      await migrateQualityDatabase(options.database),
    );
  }

  /** The entity tables of this schema. */
  private async entityData(): Promise<
    Array<{ table: string; key?: string[] }>
  > {
    this.eventEntities ??= this.db.schema.hasTable(EVENT_ENTITIES.table);
    return (await this.eventEntities)
      ? [...ENTITY_DATA, EVENT_ENTITIES]
      : ENTITY_DATA;
  }

  /** Every entity with rows in any entity table, or already tracked here. */
  async listStoredEntityRefs(): Promise<string[]> {
    const refs = new Set<string>();
    for (const { table } of [
      ...(await this.entityData()),
      { table: 'qs_entity_presence' },
    ]) {
      const rows = await this.db(table)
        .whereNotNull('entity_ref')
        .distinct('entity_ref');
      rows.forEach(r => refs.add(r.entity_ref));
    }
    return [...refs].sort();
  }

  /**
   * Records entities the catalog has. Those that were missing are cleared and
   * marked dirty from the start, in the same transaction; they are returned.
   */
  async recordPresent(entityRefs: string[], now: number): Promise<string[]> {
    const returned: string[] = [];
    await this.db.transaction(async tx => {
      for (const part of chunks(entityRefs)) {
        const back = await tx('qs_entity_presence')
          .whereIn('entity_ref', part)
          .whereNotNull('missing_since')
          .pluck('entity_ref');
        returned.push(...back);
        await tx('qs_entity_presence')
          .insert(
            part.map(entity_ref => ({
              entity_ref,
              first_seen_at: now,
              missing_since: null,
              checked_at: now,
            })),
          )
          .onConflict('entity_ref')
          .merge({
            missing_since: null,
            checked_at: now,
            // Rows from before an entity was ever seen present have none.
            first_seen_at: tx.raw('COALESCE(??, excluded.first_seen_at)', [
              'qs_entity_presence.first_seen_at',
            ]),
          });
      }
      await this.dirty.markDirtyIn(
        tx,
        returned.map(entityRef => ({ entityRef, since: 0 })),
        now,
      );
    });
    return returned.sort();
  }

  /** Records entities the catalog answered it does not have; an earlier `missing_since` stays. */
  async recordMissing(entityRefs: string[], now: number): Promise<void> {
    await this.db.transaction(async tx => {
      for (const part of chunks(entityRefs)) {
        await tx('qs_entity_presence')
          .insert(
            part.map(entity_ref => ({
              entity_ref,
              first_seen_at: null,
              missing_since: now,
              checked_at: now,
            })),
          )
          .onConflict('entity_ref')
          .merge({
            checked_at: now,
            missing_since: tx.raw('COALESCE(??, excluded.missing_since)', [
              'qs_entity_presence.missing_since',
            ]),
          });
      }
    });
  }

  /** Every missing entity, longest missing first. */
  async listMissing(): Promise<MissingEntityRow[]> {
    const rows = await this.db('qs_entity_presence')
      .whereNotNull('missing_since')
      .orderBy([
        { column: 'missing_since', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
      ]);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      missingSince: Number(r.missing_since),
      checkedAt: Number(r.checked_at),
    }));
  }

  /** Which of these entities are missing from the catalog. */
  async missingAmong(entityRefs: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(entityRefs)) {
      const refs = await this.db('qs_entity_presence')
        .whereIn('entity_ref', part)
        .whereNotNull('missing_since')
        .pluck('entity_ref');
      refs.forEach(r => out.add(r));
    }
    return out;
  }

  /** When the entity was first seen in the catalog (null: never, or not tracked). */
  async firstSeenAt(entityRef: string): Promise<number | null> {
    const row = await this.db('qs_entity_presence')
      .where({ entity_ref: entityRef })
      .first('first_seen_at');
    return row?.first_seen_at === null || row?.first_seen_at === undefined
      ? null
      : Number(row.first_seen_at);
  }

  /** The distinct locators of the entity's stored events. */
  async locatorsOf(entityRef: string): Promise<StoredLocators[]> {
    const out = new Map<string, StoredLocators>();
    for (const table of EVENT_TABLES) {
      const columns = [
        'repository',
        'gitlab_project',
        'gitlab_instance',
        'locators',
        ...(table === TABLE_BY_TYPE.incident ? ['pagerduty_service_id'] : []),
      ];
      const rows = await this.db(table)
        .where({ entity_ref: entityRef })
        .distinct(columns);
      for (const r of rows as Array<Record<string, string | null>>) {
        const locators: StoredLocators = {
          repository: r.repository ?? null,
          gitlabProject: r.gitlab_project ?? null,
          gitlabInstance: r.gitlab_instance ?? null,
          locators: r.locators ? (JSON.parse(r.locators) as string[]) : null,
          pagerDutyServiceId: r.pagerduty_service_id ?? null,
        };
        out.set(JSON.stringify(locators), locators);
      }
    }
    return [...out.values()];
  }

  /**
   * Deletes every row of the entity (not its exemptions) in batches of
   * `batchSize`, each its own statement, so a large history does not hold one
   * long transaction; the presence row goes last, so an interrupted delete is
   * taken up again by the next run.
   */
  async deleteEntityData(
    entityRef: string,
    batchSize = 500,
  ): Promise<RowCounts> {
    const counts: RowCounts = {};
    const data = await this.entityData();
    if (data.includes(EVENT_ENTITIES))
      await this.handOverSharedEvents(entityRef);
    for (const { table, key } of data) {
      let deleted = 0;
      if (!key) {
        deleted = await this.db(table)
          .where({ entity_ref: entityRef })
          .delete();
      } else {
        for (;;) {
          const rows = await this.db(table)
            .where({ entity_ref: entityRef })
            .limit(batchSize)
            .select(key);
          if (rows.length === 0) break;
          const query = this.db(table).where({ entity_ref: entityRef });
          if (key.length === 1) {
            query.whereIn(
              key[0],
              rows.map(r => r[key[0]]),
            );
          } else {
            query.whereIn(
              key,
              rows.map(r => key.map(k => r[k])),
            );
          }
          deleted += await query.delete();
        }
      }
      counts[table] = deleted;
    }
    await this.db('qs_entity_presence')
      .where({ entity_ref: entityRef })
      .delete();
    return counts;
  }

  /**
   * An event of a monorepo belongs to several entities and its row names the
   * first: where that is the entity being deleted, the row passes to the next
   * one, so the others keep the event.
   */
  private async handOverSharedEvents(entityRef: string) {
    const shared = EVENT_ENTITIES.table;
    for (const [type, table] of Object.entries(TABLE_BY_TYPE)) {
      const others = () =>
        this.db(shared)
          .where(`${shared}.event_type`, type)
          .andWhereRaw('?? = ??', [`${shared}.source`, `${table}.source`])
          .andWhereRaw('?? = ??', [
            `${shared}.external_id`,
            `${table}.external_id`,
          ])
          .andWhereNot(`${shared}.entity_ref`, entityRef);
      await this.db(table)
        .where(`${table}.entity_ref`, entityRef)
        .whereExists(others().select(this.db.raw('1')))
        .update({ entity_ref: others().min(`${shared}.entity_ref`) });
    }
  }

  /**
   * Re-keys every row of `from` to `to` in one transaction, exemptions
   * included. Where both have a row of the same key (a week's snapshot, a
   * check's current result, an episode), `to`'s stays and `from`'s goes: `to`
   * is marked dirty from the start, so its recompute rebuilds them from the
   * events of both. Stored scorecards of both go; `to`'s snapshot version
   * moves past both, so no cached scorecard of either is served.
   */
  async renameEntity(
    from: string,
    to: string,
    now: number,
  ): Promise<RowCounts> {
    const counts: RowCounts = {};
    // Read before the transaction: SQLite has one connection.
    const data = await this.entityData();
    await this.db.transaction(async tx => {
      for (const table of MOVED_AS_THEY_ARE) {
        const update: Record<string, unknown> = { entity_ref: to };
        if (EVENT_TABLES.includes(table)) update.updated_at = now;
        counts[table] = await tx(table)
          .where({ entity_ref: from })
          .update(update);
      }
      const keyed: Array<[string, string[]]> = [
        ['qs_snapshots', ['week_start']],
        ['qs_check_results', ['check_id']],
        ['qs_signal_episodes', ['subject', 'rule', 'side', 'start_at']],
      ];
      if (data.includes(EVENT_ENTITIES)) {
        keyed.push([EVENT_ENTITIES.table, EVENT_ENTITIES.key]);
      }
      for (const [table, columns] of keyed) {
        await tx(table)
          .where({ entity_ref: from })
          .whereExists(function sameKey() {
            this.select(tx.raw('1'))
              .from(`${table} as other`)
              .where('other.entity_ref', to);
            for (const column of columns) {
              this.andWhereRaw('?? = ??', [
                `other.${column}`,
                `${table}.${column}`,
              ]);
            }
          })
          .delete();
        counts[table] = await tx(table)
          .where({ entity_ref: from })
          .update({ entity_ref: to });
      }
      const versions = await tx('qs_snapshot_versions')
        .whereIn('entity_ref', [from, to])
        .pluck('version');
      const version = Math.max(0, ...versions.map(Number)) + 1;
      await tx('qs_snapshot_versions')
        .whereIn('entity_ref', [from, to])
        .delete();
      await tx('qs_snapshot_versions').insert({ entity_ref: to, version });
      await tx('qs_scorecard_documents')
        .whereIn('entity_ref', [from, to])
        .delete();
      await tx('qs_dirty_entities').where({ entity_ref: from }).delete();
      await this.dirty.markDirtyIn(tx, [{ entityRef: to, since: 0 }], now);
      await tx('qs_entity_presence').where({ entity_ref: from }).delete();
    });
    return counts;
  }
}

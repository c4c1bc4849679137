import { DatabaseService } from '@backstage/backend-plugin-api';
import { migrateQualityDatabase } from '../database/migrate';
import { Knex } from 'knex';

/** A baseline as stored: times in ms. */
export interface StoredBaseline {
  id: number;
  entityRef: string;
  /** A metric id; null: every metric of the entity. */
  metric: string | null;
  /** Start of the period's first week (Monday 00:00 UTC). */
  fromWeek: number;
  reason: string;
  startedBy: string;
  startedAt: number;
}

/** The control-chart baselines that people start for an entity. */
export interface BaselineStore {
  /** An entity's baselines, oldest period first (ties: in the order they were started). */
  listBaselines(entityRef: string): Promise<StoredBaseline[]>;
  /** The baselines of many entities (each in that order), for rendering their scorecards. */
  listBaselinesOf(entityRefs: string[]): Promise<Map<string, StoredBaseline[]>>;
  /**
   * Stores a baseline. It changes what the entity's scorecard shows, so it
   * counts as a rewrite of the entity's snapshots (its snapshot version goes
   * up in the same transaction): cached and stored scorecards of the entity
   * are no longer current, on every backend instance.
   */
  addBaseline(baseline: Omit<StoredBaseline, 'id'>): Promise<StoredBaseline>;
}

interface BaselineRow {
  id: number | string;
  entity_ref: string;
  metric: string | null;
  from_week: number | string;
  reason: string;
  started_by: string;
  started_at: number | string;
}

const fromRow = (r: BaselineRow): StoredBaseline => ({
  id: Number(r.id),
  entityRef: r.entity_ref,
  metric: r.metric,
  fromWeek: Number(r.from_week),
  reason: r.reason,
  startedBy: r.started_by,
  startedAt: Number(r.started_at),
});

/** BaselineStore on knex (SQLite, PostgreSQL); the tables come from the plugin's migrations. */
export class DatabaseBaselineStore implements BaselineStore {
  /** The store on the plugin's database, its migrations applied (they need no other store first). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseBaselineStore> {
    return new DatabaseBaselineStore(await migrateQualityDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  async listBaselines(entityRef: string): Promise<StoredBaseline[]> {
    return (await this.listBaselinesOf([entityRef])).get(entityRef) ?? [];
  }

  async listBaselinesOf(
    entityRefs: string[],
  ): Promise<Map<string, StoredBaseline[]>> {
    const out = new Map<string, StoredBaseline[]>();
    // Keeps the IN-list under SQLite's variable limit.
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows: BaselineRow[] = await this.db('qs_baselines')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .orderBy([
          { column: 'from_week', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const row of rows) {
        const baseline = fromRow(row);
        const list = out.get(baseline.entityRef);
        if (list) list.push(baseline);
        else out.set(baseline.entityRef, [baseline]);
      }
    }
    return out;
  }

  async addBaseline(
    baseline: Omit<StoredBaseline, 'id'>,
  ): Promise<StoredBaseline> {
    return this.db.transaction(async tx => {
      const [inserted] = await tx('qs_baselines')
        .insert({
          entity_ref: baseline.entityRef,
          metric: baseline.metric,
          from_week: baseline.fromWeek,
          reason: baseline.reason,
          started_by: baseline.startedBy,
          started_at: baseline.startedAt,
        })
        .returning('id');
      await tx('qs_snapshot_versions')
        .insert({ entity_ref: baseline.entityRef, version: 1 })
        .onConflict('entity_ref')
        .merge({
          version: tx.raw('?? + 1', ['qs_snapshot_versions.version']),
        });
      const id = typeof inserted === 'object' ? inserted.id : inserted;
      return { id: Number(id), ...baseline };
    });
  }
}

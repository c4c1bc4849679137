import { Knex } from 'knex';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { migrateQualityDatabase } from '../database/migrate';
import { EVENT_ENTITIES_TABLE } from '../database/eventEntities';

/** An incident or a bug of an entity as the tab lists it: times in ms. */
export interface ListedEvent {
  type: 'incident' | 'bug';
  id: string;
  source: string;
  title: string;
  url: string | null;
  severity: string | null;
  /** An incident's status as its source says it; a bug's: open or closed. */
  status: string;
  createdAt: number;
  /** Resolved (an incident) or closed (a bug); null while open. */
  endedAt: number | null;
}

export interface EventListQuery {
  entityRef: string;
  types: Array<'incident' | 'bug'>;
  from: number;
  to: number;
  limit: number;
}

const TABLES = {
  incident: { table: 'qs_incidents', end: 'resolved_at' },
  bug: { table: 'qs_bugs', end: 'closed_at' },
} as const;

interface Row {
  source: string;
  external_id: string;
  title: string;
  url: string | null;
  severity: string | null;
  status?: string | null;
  created_at: number | string;
  ended_at: number | string | null;
}

/**
 * The incidents and bugs an entity's scorecard counts, for people to open
 * where they live: those created in the window, newest first.
 */
export class IncidentBugListing {
  static async create(options: {
    database: DatabaseService;
  }): Promise<IncidentBugListing> {
    return new IncidentBugListing(
      await migrateQualityDatabase(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  /** At most `limit` rows of all types together, and whether more exist. */
  async list(
    query: EventListQuery,
  ): Promise<{ items: ListedEvent[]; more: boolean }> {
    const perType = await Promise.all(
      query.types.map(type => this.listType(type, query)),
    );
    // Ties on the creation time keep one order on every engine.
    const all = perType
      .flat()
      .sort(
        (a, b) =>
          b.createdAt - a.createdAt ||
          a.type.localeCompare(b.type) ||
          a.source.localeCompare(b.source) ||
          a.id.localeCompare(b.id),
      );
    return {
      items: all.slice(0, query.limit),
      more: all.length > query.limit,
    };
  }

  private async listType(
    type: 'incident' | 'bug',
    query: EventListQuery,
  ): Promise<ListedEvent[]> {
    const { table, end } = TABLES[type];
    const rows: Row[] = await this.db(table)
      .select(
        'source',
        'external_id',
        'title',
        'url',
        'severity',
        ...(type === 'incident' ? ['status'] : []),
        'created_at',
        `${end} as ended_at`,
      )
      .where(of =>
        of
          .where('entity_ref', query.entityRef)
          // An event of several entities (a monorepo) lists all of them there.
          .orWhereIn(
            ['source', 'external_id'],
            this.db(EVENT_ENTITIES_TABLE)
              .select('source', 'external_id')
              .where({ event_type: type, entity_ref: query.entityRef }),
          ),
      )
      .andWhere('created_at', '>=', query.from)
      .andWhere('created_at', '<', query.to)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'source' },
        { column: 'external_id' },
      ])
      // One more than asked tells whether the list goes on.
      .limit(query.limit + 1);
    return rows.map(r => {
      const endedAt = r.ended_at === null ? null : Number(r.ended_at);
      const open = endedAt === null;
      const bugStatus = open ? 'open' : 'closed';
      return {
        type,
        id: r.external_id,
        source: r.source,
        title: r.title,
        url: r.url,
        severity: r.severity,
        status:
          type === 'incident'
            ? r.status ?? (open ? 'triggered' : 'resolved')
            : bugStatus,
        createdAt: Number(r.created_at),
        endedAt,
      };
    });
  }
}

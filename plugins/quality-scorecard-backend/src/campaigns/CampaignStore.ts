import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import type { CampaignDefinition } from '@shewhart/plugin-quality-scorecard-common';
import { chunks } from '../database/knexHelpers';
import { migrateQualityDatabase } from '../database/migrate';
import type { ExemptionSpan, HistoryRow } from './progress';

/** A campaign stored in the database, with who made and closed it. */
export interface StoredCampaign extends CampaignDefinition {
  createdBy: string;
  createdAt: number;
  updatedBy: string | null;
  updatedAt: number | null;
  closedAt: number | null;
  closedBy: string | null;
}

/** An entity a campaign has held. */
export interface CampaignMember {
  entityRef: string;
  owner: string | null;
}

type Definition = Omit<
  CampaignDefinition,
  'id' | 'source' | 'startDate' | 'dueDate'
>;

const toRow = (c: CampaignDefinition) => ({
  definition: JSON.stringify({
    title: c.title,
    ...(c.description !== undefined ? { description: c.description } : {}),
    owner: c.owner,
    target: c.target,
    filter: c.filter,
    reminderDays: c.reminderDays,
  } satisfies Definition),
  start_date: c.startDate,
  due_date: c.dueDate,
});

const nullableNumber = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

function fromRow(r: any): StoredCampaign {
  const d = JSON.parse(r.definition) as Definition;
  return {
    id: r.id,
    title: d.title,
    ...(d.description !== undefined ? { description: d.description } : {}),
    owner: d.owner,
    target: d.target,
    filter: d.filter ?? {},
    startDate: r.start_date,
    dueDate: r.due_date,
    reminderDays: d.reminderDays ?? [],
    source: 'database',
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedBy: r.updated_by ?? null,
    updatedAt: nullableNumber(r.updated_at),
    closedAt: nullableNumber(r.closed_at),
    closedBy: r.closed_by ?? null,
  };
}

/**
 * The campaigns created over the API, the entities each has held, and the
 * reads of check history, approved exemptions and catalog presence that a
 * campaign's daily series needs. Knex on SQLite and PostgreSQL.
 */
export class CampaignStore {
  /** The store on the plugin's database, its migrations applied. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<CampaignStore> {
    return new CampaignStore(await migrateQualityDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  async list(): Promise<StoredCampaign[]> {
    return (await this.db('qs_campaigns').orderBy('id')).map(fromRow);
  }

  async get(id: string): Promise<StoredCampaign | undefined> {
    const row = await this.db('qs_campaigns').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** False when a campaign with this id exists already. */
  async insert(
    c: CampaignDefinition,
    actor: string,
    now: number,
  ): Promise<boolean> {
    const rows = await this.db('qs_campaigns')
      .insert({ id: c.id, ...toRow(c), created_by: actor, created_at: now })
      .onConflict('id')
      .ignore()
      .returning('id');
    return rows.length > 0;
  }

  /** False when there is no open campaign with this id. */
  async update(
    c: CampaignDefinition,
    actor: string,
    now: number,
  ): Promise<boolean> {
    const n = await this.db('qs_campaigns')
      .where({ id: c.id })
      .whereNull('closed_at')
      .update({ ...toRow(c), updated_by: actor, updated_at: now });
    return n > 0;
  }

  /** False when there is no open campaign with this id (unknown, or closed already). */
  async close(id: string, actor: string, now: number): Promise<boolean> {
    const n = await this.db('qs_campaigns')
      .where({ id })
      .whereNull('closed_at')
      .update({ closed_at: now, closed_by: actor });
    return n > 0;
  }

  /** The entities a campaign has held. */
  async members(campaignId: string): Promise<CampaignMember[]> {
    const rows = await this.db('qs_campaign_members')
      .where({ campaign_id: campaignId })
      .orderBy('entity_ref');
    return rows.map(r => ({ entityRef: r.entity_ref, owner: r.owner ?? null }));
  }

  /** Remembers entities a campaign holds (those it holds already are left as they are). */
  async remember(
    campaignId: string,
    members: CampaignMember[],
    now: number,
  ): Promise<void> {
    for (const part of chunks(members)) {
      await this.db('qs_campaign_members')
        .insert(
          part.map(m => ({
            campaign_id: campaignId,
            entity_ref: m.entityRef,
            owner: m.owner,
            seen_at: now,
          })),
        )
        .onConflict(['campaign_id', 'entity_ref'])
        .ignore();
    }
  }

  /** Every status change of these entities' checks up to `until`, oldest first. */
  async history(
    entityRefs: string[],
    checkIds: string[],
    until: number,
  ): Promise<HistoryRow[]> {
    const out: HistoryRow[] = [];
    if (checkIds.length === 0) return out;
    for (const part of chunks(entityRefs)) {
      const rows = await this.db('qs_check_history')
        .select('entity_ref', 'check_id', 'status', 'at')
        .whereIn('entity_ref', part)
        .whereIn('check_id', checkIds)
        .where('at', '<=', until)
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          checkId: r.check_id,
          status: r.status,
          at: Number(r.at),
        });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /**
   * Approved exemptions of these entities (still approved: a revoked one no
   * longer counts), from their decision to their expiry.
   */
  async approvedExemptions(
    entityRefs: string[],
    checkIds: string[],
  ): Promise<ExemptionSpan[]> {
    const out: ExemptionSpan[] = [];
    if (checkIds.length === 0) return out;
    for (const part of chunks(entityRefs)) {
      const rows = await this.db('qs_exemptions')
        .select(
          'id',
          'entity_ref',
          'check_id',
          'requested_at',
          'decided_at',
          'expires_at',
        )
        .whereIn('entity_ref', part)
        .whereIn('check_id', checkIds)
        .where({ status: 'approved' });
      for (const r of rows) {
        out.push({
          id: Number(r.id),
          entityRef: r.entity_ref,
          checkId: r.check_id,
          from: Number(r.decided_at ?? r.requested_at),
          expiresAt: Number(r.expires_at),
        });
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Since when the catalog has been without each of these entities (those it lacks). */
  async missingSince(entityRefs: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(entityRefs)) {
      const rows = await this.db('qs_entity_presence')
        .select('entity_ref', 'missing_since')
        .whereIn('entity_ref', part)
        .whereNotNull('missing_since');
      for (const r of rows) out.set(r.entity_ref, Number(r.missing_since));
    }
    return out;
  }
}

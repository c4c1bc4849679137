import { DatabaseService } from '@backstage/backend-plugin-api';
import { migrateQualityDatabase } from '../database/migrate';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { EpisodeFacts } from './episodes';

const TABLE = 'qs_signal_episodes';

export type EpisodeKind = 'signal' | 'check' | 'level';
export type EpisodeDelivery = 'pending' | 'sent' | 'covered';

export interface EpisodeRow {
  id: number;
  entityRef: string;
  kind: EpisodeKind;
  subject: string;
  rule: string;
  side: string;
  start: number;
  end: number;
  status: 'open' | 'cleared';
  delivery: EpisodeDelivery;
  ownerRef: string | null;
  severity: NotificationSeverity;
  title: string;
  summary: string;
  detail: string;
  link: string;
  firstSeenAt: number;
  notifiedAt: number | null;
  clearedAt: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromRow(r: any): EpisodeRow {
  return {
    id: Number(r.id),
    entityRef: r.entity_ref,
    kind: r.kind,
    subject: r.subject,
    rule: r.rule,
    side: r.side,
    start: Number(r.start_at),
    end: Number(r.end_at),
    status: r.status,
    delivery: r.delivery,
    ownerRef: r.owner_ref,
    severity: r.severity,
    title: r.title,
    summary: r.summary,
    detail: r.detail,
    link: r.link,
    firstSeenAt: Number(r.first_seen_at),
    notifiedAt: num(r.notified_at),
    clearedAt: num(r.cleared_at),
  };
}

const texts = (f: EpisodeFacts) => ({
  end_at: f.end,
  severity: f.severity,
  title: f.title,
  summary: f.summary,
  detail: f.detail,
  link: f.link,
});

/** A claim older than this is from a backend instance that died while delivering. */
const STALE_CLAIM_MS = 10 * 60 * 1000;

/**
 * The notified episodes (table created by the plugin's migrations, which
 * DatabaseQualityStore.create runs). Knex on SQLite and PostgreSQL.
 */
export class SignalEpisodeStore {
  /** The store on the plugin's database, its migrations applied (they need no other store first). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<SignalEpisodeStore> {
    return new SignalEpisodeStore(await migrateQualityDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  async listOpen(entityRef: string, kind: EpisodeKind): Promise<EpisodeRow[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef, kind, status: 'open' })
      .orderBy('id');
    return rows.map(fromRow);
  }

  /**
   * Stores a newly seen episode. The same episode seen again after it cleared
   * (same key) is reopened as it was: it was told once already.
   */
  async open(
    entityRef: string,
    kind: EpisodeKind,
    facts: EpisodeFacts,
    options: { now: number; delivery: EpisodeDelivery; ownerRef?: string },
  ): Promise<EpisodeRow> {
    const key = {
      entity_ref: entityRef,
      subject: facts.subject,
      rule: facts.rule,
      side: facts.side,
      start_at: facts.start,
    };
    const existing = await this.db(TABLE).where(key).first();
    if (existing) {
      await this.db(TABLE)
        .where({ id: existing.id })
        .update({ ...texts(facts), status: 'open', cleared_at: null });
    } else {
      await this.db(TABLE).insert({
        ...key,
        ...texts(facts),
        kind,
        status: 'open',
        delivery: options.delivery,
        owner_ref: options.ownerRef ?? null,
        first_seen_at: options.now,
      });
    }
    return fromRow(await this.db(TABLE).where(key).first());
  }

  /** Keeps an open episode's last week and words up to date. */
  async update(id: number, facts: EpisodeFacts): Promise<void> {
    await this.db(TABLE).where({ id }).update(texts(facts));
  }

  async clear(ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db(TABLE)
      .whereIn('id', ids)
      .update({ status: 'cleared', cleared_at: now });
  }

  /**
   * Claims the open, undelivered episodes (of one entity, or all) for this
   * caller, so two backend instances never send the same one.
   */
  async claimPending(options: {
    now: number;
    entityRef?: string;
  }): Promise<{ claim: string; rows: EpisodeRow[] }> {
    const claim = randomUUID();
    const query = this.db(TABLE)
      .where({ delivery: 'pending', status: 'open' })
      .where(q =>
        q
          .whereNull('claim')
          .orWhere('claimed_at', '<', options.now - STALE_CLAIM_MS),
      );
    if (options.entityRef) query.where({ entity_ref: options.entityRef });
    await query.update({ claim, claimed_at: options.now });
    const rows = await this.db(TABLE).where({ claim }).orderBy('id');
    return { claim, rows: rows.map(fromRow) };
  }

  async markSent(
    ids: number[],
    options: { now: number; ownerRef: string },
  ): Promise<void> {
    if (ids.length === 0) return;
    await this.db(TABLE).whereIn('id', ids).update({
      delivery: 'sent',
      notified_at: options.now,
      owner_ref: options.ownerRef,
      claim: null,
      claimed_at: null,
    });
  }

  /** Gives claimed episodes back, to be delivered by a later run. */
  async release(claim: string, ids?: number[]): Promise<void> {
    const query = this.db(TABLE).where({ claim });
    if (ids) query.whereIn('id', ids);
    await query.update({ claim: null, claimed_at: null });
  }

  /** Every episode of an entity, for tests and diagnosis. */
  async listAll(entityRef: string): Promise<EpisodeRow[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('id');
    return rows.map(fromRow);
  }
}

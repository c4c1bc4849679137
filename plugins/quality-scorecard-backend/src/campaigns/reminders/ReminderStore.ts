import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateQualityDatabase } from '../../database/migrate';

/** Created by the campaigns migration (20261231100000_campaigns.js). */
export const REMINDERS_TABLE = 'qs_campaign_reminders';

export interface ReminderKey {
  campaignId: string;
  /** `'7d'` (an offset before the due date) or `'closed'`. */
  reminder: string;
  /** The entity ref told. */
  recipient: string;
}

export interface SentReminder extends ReminderKey {
  sentAt: number;
}

/**
 * The campaign reminders sent, one row per (campaign, reminder, recipient).
 * A reminder is claimed before it is sent: the claim is an INSERT that loses
 * on the unique key, so of several backend instances (or a restart) only one
 * sends it. Knex on SQLite and PostgreSQL.
 */
export class ReminderStore {
  /** The store on the plugin's database, its migrations applied. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReminderStore> {
    return new ReminderStore(await migrateQualityDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  /** True when this call claimed the reminder (it was not sent before); false when another did. */
  async claim(key: ReminderKey, now: number): Promise<boolean> {
    const rows = await this.db(REMINDERS_TABLE)
      .insert({
        campaign_id: key.campaignId,
        reminder: key.reminder,
        recipient: key.recipient,
        sent_at: now,
      })
      .onConflict(['campaign_id', 'reminder', 'recipient'])
      .ignore()
      .returning('campaign_id');
    return rows.length > 0;
  }

  /** Gives a claim back (its sending failed), so a later run sends it. */
  async release(key: ReminderKey): Promise<void> {
    await this.db(REMINDERS_TABLE)
      .where({
        campaign_id: key.campaignId,
        reminder: key.reminder,
        recipient: key.recipient,
      })
      .delete();
  }

  /** The reminders sent for a campaign (or all), in key order. */
  async list(campaignId?: string): Promise<SentReminder[]> {
    const query = this.db(REMINDERS_TABLE).orderBy([
      'campaign_id',
      'reminder',
      'recipient',
    ]);
    if (campaignId) query.where({ campaign_id: campaignId });
    const rows = await query;
    return rows.map((r: any) => ({
      campaignId: r.campaign_id,
      reminder: r.reminder,
      recipient: r.recipient,
      sentAt: Number(r.sent_at),
    }));
  }
}

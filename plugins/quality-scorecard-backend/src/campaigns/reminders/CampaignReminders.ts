import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import type { CampaignReader } from '../CampaignReader';
import { composeReminders, dueReminders } from './reminderPlan';
import { ReminderStore } from './ReminderStore';

export interface CampaignRemindersOptions {
  campaigns: CampaignReader;
  store: ReminderStore;
  notifications: NotificationService;
  logger: LoggerService;
  /** qualityScorecard.notifications.enabled and .campaigns.enabled; default true. */
  enabled?: boolean;
  now?: () => number;
}

/** What one run did. */
export interface ReminderRun {
  /** Notifications sent by this run. */
  sent: number;
  /** Due reminders another instance or an earlier run sent already. */
  alreadySent: number;
  /** Claimed but not delivered (released for the next run). */
  failed: number;
}

/**
 * Sends the campaign reminders that are due (reminderPlan) through Backstage
 * notifications, each (campaign, reminder, recipient) once: a reminder is
 * claimed in the store before it is sent, so several instances running
 * together, or a restart, do not send it again. One whose sending fails is
 * released and tried again on the next run.
 */
export class CampaignReminders {
  private readonly now: () => number;

  constructor(private readonly options: CampaignRemindersOptions) {
    this.now = options.now ?? Date.now;
  }

  async run(now: number = this.now()): Promise<ReminderRun> {
    const result: ReminderRun = { sent: 0, alreadySent: 0, failed: 0 };
    const { campaigns, store, notifications, logger } = this.options;
    if (this.options.enabled === false) return result;
    const due = dueReminders(await campaigns.list(now), now);
    for (const reminder of due) {
      let detail;
      try {
        detail = await campaigns.detail(reminder.campaignId, now);
      } catch (e) {
        // Deleted between the list and its detail: nothing to remind of.
        if (e instanceof NotFoundError) continue;
        throw e;
      }
      for (const planned of composeReminders(reminder, detail)) {
        if (!(await store.claim(planned, now))) {
          result.alreadySent += 1;
          continue;
        }
        try {
          await notifications.send({
            recipients: { type: 'entity', entityRef: planned.recipient },
            payload: planned.payload,
          });
          result.sent += 1;
        } catch (e) {
          result.failed += 1;
          await store.release(planned);
          logger.warn(
            `Could not send the campaign reminder "${planned.payload.title}" to ${planned.recipient} (is @backstage/plugin-notifications-backend installed?); it is retried on the next run: ${e}`,
          );
        }
      }
    }
    if (result.sent > 0 || result.failed > 0) {
      logger.info(
        `Campaign reminders: ${result.sent} sent, ${result.failed} to retry`,
      );
    }
    return result;
  }
}

import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import type { CampaignReader } from '../CampaignReader';
import { campaignRemindersTask } from '../../tasks/campaignRemindersTask';
import { CampaignReminders } from './CampaignReminders';
import { readCampaignRemindersEnabled } from './reminderConfig';
import { ReminderStore } from './ReminderStore';

/**
 * The plugin's wiring of campaign reminders: the store on the plugin's
 * database and the hourly task, sending through Backstage notifications.
 * Called from plugin.ts's init with its deps and the campaign service.
 */
export async function scheduleCampaignReminders(deps: {
  campaigns: CampaignReader;
  config: RootConfigService;
  database: DatabaseService;
  notifications: NotificationService;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<CampaignReminders> {
  const reminders = new CampaignReminders({
    campaigns: deps.campaigns,
    store: await ReminderStore.create({ database: deps.database }),
    notifications: deps.notifications,
    logger: deps.logger,
    enabled: readCampaignRemindersEnabled(deps.config),
  });
  await deps.scheduler.scheduleTask(campaignRemindersTask(reminders));
  return reminders;
}

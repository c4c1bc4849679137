export { CampaignReminders } from './CampaignReminders';
export type {
  CampaignRemindersOptions,
  ReminderRun,
} from './CampaignReminders';
export { ReminderStore } from './ReminderStore';
export { composeReminders, dueReminders } from './reminderPlan';
export { scheduleCampaignReminders } from './scheduleCampaignReminders';

import { Config } from '@backstage/config';

/**
 * Campaign reminders are notifications: they follow
 * `qualityScorecard.notifications.enabled`, and
 * `qualityScorecard.notifications.campaigns.enabled` switches them off alone.
 * Both default to true.
 */
export function readCampaignRemindersEnabled(root: Config): boolean {
  const c = root.getOptionalConfig('qualityScorecard.notifications');
  return (
    (c?.getOptionalBoolean('enabled') ?? true) &&
    (c?.getOptionalBoolean('campaigns.enabled') ?? true)
  );
}

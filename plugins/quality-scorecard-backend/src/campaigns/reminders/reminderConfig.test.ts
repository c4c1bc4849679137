import { ConfigReader } from '@backstage/config';
import { readCampaignRemindersEnabled } from './reminderConfig';

describe('readCampaignRemindersEnabled', () => {
  it.each([
    [{}, true],
    [{ notifications: {} }, true],
    [{ notifications: { enabled: false } }, false],
    [{ notifications: { campaigns: { enabled: false } } }, false],
    [{ notifications: { enabled: true, campaigns: { enabled: true } } }, true],
    [
      { notifications: { enabled: false, campaigns: { enabled: true } } },
      false,
    ],
  ])('%j: %p', (qualityScorecard, enabled) => {
    expect(
      readCampaignRemindersEnabled(new ConfigReader({ qualityScorecard })),
    ).toBe(enabled);
  });
});

import { ConfigReader } from '@backstage/config';
import { readNotificationsConfig } from './notifications';

const read = (notifications?: object) =>
  readNotificationsConfig(
    new ConfigReader(
      notifications ? { qualityScorecard: { notifications } } : {},
    ),
  );

describe('readNotificationsConfig', () => {
  it('has defaults that tell owners about recent adverse shifts at once', () => {
    const c = read();
    expect(c).toMatchObject({
      enabled: true,
      minSampleSize: 5,
      lookbackWeeks: 2,
      improvements: false,
      subGroups: false,
      digest: 'off',
      checks: { enabled: true, severity: 'normal' },
    });
    expect(c.schedule.frequency).toEqual({ minutes: 1 });
    expect(c.metrics).not.toContain('dpmo');
    expect(c.metrics).not.toContain('sigma_level');
    expect(c.metrics).not.toContain('ai_assisted_share');
    expect(c.metrics).toContain('incidents_per_pr');
    expect(read({ metrics: ['dpmo'] }).metrics).toEqual(['dpmo']);
    expect(c.rules).toEqual({
      'beyond-limit': { enabled: true, severity: 'high' },
      cusum: { enabled: true, severity: 'high' },
      'beyond-3-sigma': { enabled: true, severity: 'high' },
      'two-of-three-beyond-2-sigma': { enabled: true, severity: 'normal' },
      'four-of-five-beyond-1-sigma': { enabled: true, severity: 'normal' },
      'eight-on-one-side': { enabled: true, severity: 'normal' },
    });
  });

  it('reads switches, severities, the digest and its schedule', () => {
    const c = read({
      digest: 'daily',
      rules: {
        'eight-on-one-side': { enabled: false },
        'beyond-3-sigma': { severity: 'critical' },
      },
      checks: { severity: 'high' },
    });
    expect(c.digest).toBe('daily');
    expect(c.schedule.frequency).toEqual({ cron: '0 7 * * *' });
    expect(c.rules['eight-on-one-side']).toEqual({
      enabled: false,
      severity: 'normal',
    });
    expect(c.rules['beyond-3-sigma']).toEqual({
      enabled: true,
      severity: 'critical',
    });
    expect(c.checks.severity).toBe('high');
    expect(
      read({ schedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } } })
        .schedule.frequency,
    ).toEqual({ hours: 6 });
  });

  it.each([
    [
      { digest: 'weekly' },
      "qualityScorecard.notifications.digest must be 'off' or 'daily', got 'weekly'",
    ],
    [
      { lookbackWeeks: 1.5 },
      'qualityScorecard.notifications.lookbackWeeks must be a whole number of at least 0, got 1.5',
    ],
    [
      { minSampleSize: -1 },
      'qualityScorecard.notifications.minSampleSize must be a whole number of at least 0, got -1',
    ],
    [
      { rules: { 'beyond-3-sigma': { severity: 'loud' } } },
      "qualityScorecard.notifications.rules.beyond-3-sigma.severity must be one of critical, high, normal, low, got 'loud'",
    ],
    [
      { metrics: ['incidents', 'incidents_per_pr'] },
      "qualityScorecard.notifications.metrics: unknown metric 'incidents'",
    ],
    [
      { rules: { 'nine-in-a-row': {} } },
      "qualityScorecard.notifications.rules: unknown rule 'nine-in-a-row'",
    ],
  ])('stops startup on %p', (notifications, message) => {
    expect(() => read(notifications)).toThrow(message);
  });
});

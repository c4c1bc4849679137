import { ConfigReader } from '@backstage/config';
import { BUILT_IN_RULES } from '../engine/policy';
import { readQualityConfig } from './qualityConfig';
import { readRetentionConfig } from './retention';

const DAY = 86_400_000;

const read = (retention?: object) =>
  readRetentionConfig(
    new ConfigReader(retention ? { qualityScorecard: { retention } } : {}),
  );

describe('readRetentionConfig', () => {
  it('has defaults in which the audit is kept longest and snapshots outlive events', () => {
    expect(read()).toEqual({
      periodsMs: {
        rawDeliveries: 30 * DAY,
        events: 730 * DAY,
        snapshots: 1095 * DAY,
        checkHistory: 730 * DAY,
        notificationEpisodes: 365 * DAY,
        exemptionAudit: 2555 * DAY,
      },
      deletedEntitiesMs: 30 * DAY,
      schedule: {
        frequency: { hours: 24 },
        timeout: { hours: 1 },
        initialDelay: { minutes: 15 },
      },
      batchSize: 1000,
    });
    // An empty block is the same as none.
    expect(read({})).toEqual(read());
  });

  it.each([
    ['an object of days', { days: 90 }, 90 * DAY],
    [
      'an object of several units',
      { weeks: 1, days: 2, hours: 3 },
      9 * DAY + 3 * 3_600_000,
    ],
    ['an object of years (365 days each)', { years: 2 }, 730 * DAY],
    ['an object of months (30 days each)', { months: 1 }, 30 * DAY],
    ['an ISO-8601 string of days', 'P90D', 90 * DAY],
    ['an ISO-8601 string of years', 'P2Y', 730 * DAY],
    ['an ISO-8601 string with a time', 'P1DT12H', 1.5 * DAY],
    ['an ms-style string', '45d', 45 * DAY],
  ])('reads a duration given as %s', (_, value, ms) => {
    expect(read({ rawDeliveries: value }).periodsMs.rawDeliveries).toBe(ms);
    expect(read({ deletedEntities: value }).deletedEntitiesMs).toBe(ms);
  });

  it('reads every key, the schedule and the batch size', () => {
    const c = read({
      rawDeliveries: 'P7D',
      events: { days: 400 },
      snapshots: 'P500D',
      checkHistory: { days: 100 },
      notificationEpisodes: 'P200D',
      exemptionAudit: { days: 500 },
      deletedEntities: 'P14D',
      schedule: { frequency: { cron: '0 3 * * *' }, timeout: { minutes: 20 } },
      batchSize: 2,
    });
    expect(c).toEqual({
      periodsMs: {
        rawDeliveries: 7 * DAY,
        events: 400 * DAY,
        snapshots: 500 * DAY,
        checkHistory: 100 * DAY,
        notificationEpisodes: 200 * DAY,
        exemptionAudit: 500 * DAY,
      },
      deletedEntitiesMs: 14 * DAY,
      schedule: { frequency: { cron: '0 3 * * *' }, timeout: { minutes: 20 } },
      batchSize: 2,
    });
  });

  it.each([
    [
      { events: { years: 8 }, snapshots: { years: 9 } },
      'qualityScorecard.retention.exemptionAudit (2555 days) must be at least as long as qualityScorecard.retention.events (2920 days): the exemption audit is kept longest',
    ],
    [
      { exemptionAudit: 'P1Y' },
      'qualityScorecard.retention.exemptionAudit (365 days) must be at least as long as qualityScorecard.retention.events (730 days): the exemption audit is kept longest',
    ],
    [
      { exemptionAudit: { days: 20 } },
      'qualityScorecard.retention.exemptionAudit (20 days) must be at least as long as qualityScorecard.retention.rawDeliveries (30 days): the exemption audit is kept longest',
    ],
    [
      { snapshots: { days: 729 } },
      'qualityScorecard.retention.snapshots (729 days) must be at least as long as qualityScorecard.retention.events (730 days): snapshots serve the weeks whose events are deleted',
    ],
    [
      { rawDeliveries: 'P0D' },
      'qualityScorecard.retention.rawDeliveries must be a positive duration, got 0 ms',
    ],
    [
      { events: 'forever' },
      /^qualityScorecard\.retention\.events is not a duration: /,
    ],
    [
      { snapshots: { decades: 1 } },
      /^qualityScorecard\.retention\.snapshots is not a duration: /,
    ],
    [
      { checkHistory: '730' },
      /^qualityScorecard\.retention\.checkHistory is not a duration: /,
    ],
    [
      { batchSize: 0 },
      'qualityScorecard.retention.batchSize must be a whole number from 1 to 10000, got 0',
    ],
    [
      { batchSize: 2.5 },
      'qualityScorecard.retention.batchSize must be a whole number from 1 to 10000, got 2.5',
    ],
    [
      { batchSize: 10_001 },
      'qualityScorecard.retention.batchSize must be a whole number from 1 to 10000, got 10001',
    ],
  ])('stops startup naming the key: %j', (retention, message) => {
    expect(() => read(retention)).toThrow(message);
  });

  it('accepts equal periods where one must be at least another', () => {
    const c = read({ events: 'P3Y', snapshots: 'P3Y', exemptionAudit: 'P3Y' });
    expect(c.periodsMs.snapshots).toBe(c.periodsMs.events);
    expect(c.periodsMs.exemptionAudit).toBe(c.periodsMs.snapshots);
  });

  it('keeps the invariants for every accepted configuration of the table above', () => {
    for (const retention of [
      {},
      { events: 'P1Y', snapshots: 'P1Y' },
      { rawDeliveries: 'P1D', exemptionAudit: 'P10Y' },
    ]) {
      const { periodsMs } = read(retention);
      for (const ms of Object.values(periodsMs)) {
        expect(periodsMs.exemptionAudit).toBeGreaterThanOrEqual(ms);
        expect(ms).toBeGreaterThan(0);
      }
      expect(periodsMs.snapshots).toBeGreaterThanOrEqual(periodsMs.events);
    }
  });

  it('is part of the plugin config, and keeps episodes longer than notifications look back', () => {
    const quality = (qualityScorecard: object) =>
      readQualityConfig(new ConfigReader({ qualityScorecard }), {
        policyRules: BUILT_IN_RULES,
      });
    expect(quality({}).retention).toEqual(read());
    // lookbackWeeks 2 plus the current week: 21 days must be exceeded.
    expect(
      quality({ retention: { notificationEpisodes: 'P22D' } }).retention
        .periodsMs.notificationEpisodes,
    ).toBe(22 * DAY);
    expect(() =>
      quality({ retention: { notificationEpisodes: 'P21D' } }),
    ).toThrow(
      'qualityScorecard.retention.notificationEpisodes must be longer than qualityScorecard.notifications.lookbackWeeks (2) plus the current week',
    );
    expect(() =>
      quality({
        retention: { notificationEpisodes: 'P60D' },
        notifications: { lookbackWeeks: 8 },
      }),
    ).toThrow('qualityScorecard.notifications.lookbackWeeks (8)');
  });
});

import { ConfigReader } from '@backstage/config';
import type { ChecksConfig } from '../engine/checks';
import { parseCampaignInput, readCampaignsConfig } from './campaignConfig';

const checks: ChecksConfig = {
  windowDays: 28,
  checks: ['cfr', 'review'].map(id => ({
    id,
    title: id,
    metric: 'change_failure_rate',
    operator: '<=' as const,
    threshold: 0.15,
    minSampleSize: 0,
    filter: {},
  })),
  levels: [{ id: 'silver', title: 'Silver', checks: ['cfr', 'review'] }],
};

const valid = {
  id: 'silver-by-march',
  title: 'Silver by March',
  owner: 'platform-team',
  target: { level: 'silver' },
  filter: { kind: ['component'], lifecycle: ['production'] },
  startDate: '2026-01-05',
  dueDate: '2026-03-31',
  reminders: ['1d', '30d', '7d'],
};

const read = (campaigns: unknown) =>
  readCampaignsConfig(
    new ConfigReader({ qualityScorecard: { campaigns } } as any),
    checks,
  );

describe('qualityScorecard.campaigns', () => {
  it('reads a campaign: owner as a full ref, reminders as days, furthest first', () => {
    expect(read([valid])).toEqual([
      {
        id: 'silver-by-march',
        title: 'Silver by March',
        owner: 'group:default/platform-team',
        target: { level: 'silver' },
        filter: { kind: ['component'], lifecycle: ['production'] },
        startDate: '2026-01-05',
        dueDate: '2026-03-31',
        reminderDays: [30, 7, 1],
        source: 'config',
      },
    ]);
    expect(read(undefined)).toEqual([]);
  });

  it.each([
    [
      { target: { level: 'gold' } },
      "qualityScorecard.campaigns[0].target.level: unknown level 'gold' (known: silver)",
    ],
    [
      { target: { checks: ['cfr', 'nope'] } },
      "qualityScorecard.campaigns[0].target.checks[1]: unknown check 'nope' (known: cfr, review)",
    ],
    [
      { target: { level: 'silver', checks: ['cfr'] } },
      'qualityScorecard.campaigns[0].target: give either level or checks',
    ],
    [
      { dueDate: '2026-01-04' },
      'qualityScorecard.campaigns[0].dueDate: must be on or after startDate (2026-01-05)',
    ],
    [
      { startDate: '2026-02-30' },
      'qualityScorecard.campaigns[0].startDate: must be a real calendar date',
    ],
    [
      { startDate: '5 Jan 2026' },
      'qualityScorecard.campaigns[0].startDate: must be a date, YYYY-MM-DD',
    ],
    [
      { reminders: ['7 days'] },
      "qualityScorecard.campaigns[0].reminders[0]: must be a number of days, such as '7d'",
    ],
    [
      { id: 'Silver' },
      'qualityScorecard.campaigns[0].id: must be lower-case letters, digits and dashes',
    ],
    [
      { filter: { colour: ['red'] } },
      "qualityScorecard.campaigns[0].filter: Unrecognized key(s) in object: 'colour'",
    ],
  ])('%j fails with its key named', (change, message) => {
    expect(() => read([{ ...valid, ...change }])).toThrow(message);
  });

  it('refuses a duplicate id', () => {
    expect(() => read([valid, valid])).toThrow(
      "qualityScorecard.campaigns[1].id: duplicate campaign id 'silver-by-march'",
    );
  });
});

describe('a campaign body', () => {
  const { reminders, ...rest } = valid;
  const body = { ...rest, reminderDays: [7, 30, 7] };
  it('parses as a database campaign', () => {
    expect(parseCampaignInput(body, checks)).toEqual({
      definition: expect.objectContaining({
        source: 'database',
        reminderDays: [30, 7],
        owner: 'group:default/platform-team',
      }),
    });
  });
  it.each([
    [{ title: '' }, 'title: String must contain at least 1 character(s)'],
    [
      { target: { checks: ['nope'] } },
      "target.checks[0]: unknown check 'nope' (known: cfr, review)",
    ],
    [
      { reminderDays: [-1] },
      'reminderDays[0]: Number must be greater than or equal to 0',
    ],
    [
      { dueDate: '2025-12-31' },
      'dueDate: must be on or after startDate (2026-01-05)',
    ],
  ])('%j: %s', (change, problem) => {
    expect(parseCampaignInput({ ...body, ...change }, checks)).toEqual({
      problem,
    });
  });
});

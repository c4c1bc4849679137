import type { CampaignSummary } from '@shewhart/plugin-quality-scorecard-common';
import {
  composeReminders,
  DueReminder,
  dueReminders,
  reminderSeverity,
} from './reminderPlan';
import {
  at,
  campaign,
  detail,
  ENTITIES,
  LEDGER,
  PAYMENTS,
  PLATFORM,
} from './__fixtures__/campaigns';

/* Silver by March: 2027-01-01 to 2027-03-31, reminders 30, 7 and 1 day before (03-01, 03-24, 03-30). */

describe('dueReminders', () => {
  const cases: Array<
    [string, string, Partial<CampaignSummary>, DueReminder[]]
  > = [
    ['scheduled: nothing', '2026-12-31T12:00:00Z', { state: 'scheduled' }, []],
    ['active, before the first reminder day', '2027-02-28T23:59:59Z', {}, []],
    [
      'the 30-day reminder on its day',
      '2027-03-01T00:00:00Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '30d', daysLeft: 30 }],
    ],
    [
      'the 30-day reminder late (backend down), the 7-day one not due yet',
      '2027-03-10T08:00:00Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '30d', daysLeft: 21 }],
    ],
    [
      'the 7-day reminder replaces a 30-day one never sent',
      '2027-03-24T00:00:00Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '7d', daysLeft: 7 }],
    ],
    [
      'the 7-day reminder late',
      '2027-03-29T23:00:00Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '7d', daysLeft: 2 }],
    ],
    [
      'the 1-day reminder',
      '2027-03-30T06:00:00Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '1d', daysLeft: 1 }],
    ],
    [
      'the 1-day reminder still due on the due date',
      '2027-03-31T23:59:59Z',
      {},
      [{ campaignId: 'silver-by-march', reminder: '1d', daysLeft: 0 }],
    ],
    [
      'the due date passed: the closing summary',
      '2027-04-01T00:00:00Z',
      { state: 'closed' },
      [{ campaignId: 'silver-by-march', reminder: 'closed', daysLeft: -1 }],
    ],
    [
      'the closing summary a week late still',
      '2027-04-08T00:00:00Z',
      { state: 'closed' },
      [{ campaignId: 'silver-by-march', reminder: 'closed', daysLeft: -8 }],
    ],
    [
      'the closing summary later than a week: never',
      '2027-04-08T00:00:01Z',
      { state: 'closed' },
      [],
    ],
    [
      'closed early: the summary at once',
      '2027-03-15T11:00:00Z',
      { state: 'closed', closedAt: '2027-03-15T10:00:00.000Z' },
      [{ campaignId: 'silver-by-march', reminder: 'closed', daysLeft: 16 }],
    ],
    [
      'closed early: no more countdown reminders, the summary gone stale',
      '2027-03-24T12:00:00Z',
      { state: 'closed', closedAt: '2027-03-15T10:00:00.000Z' },
      [],
    ],
    [
      'closed before it started: no summary',
      '2026-12-21T00:00:00Z',
      { state: 'closed', closedAt: '2026-12-20T09:00:00.000Z' },
      [],
    ],
    [
      'a reminder day before the start is not sent',
      '2027-03-21T00:00:00Z',
      { startDate: '2027-03-20' },
      [],
    ],
    [
      'the next reminder day after a late start',
      '2027-03-24T00:00:00Z',
      { startDate: '2027-03-20' },
      [{ campaignId: 'silver-by-march', reminder: '7d', daysLeft: 7 }],
    ],
    ['no reminder days', '2027-03-30T00:00:00Z', { reminderDays: [] }, []],
    [
      'offsets deduplicated, negative and fractional ones ignored, 0 is the due date',
      '2027-03-31T09:00:00Z',
      { reminderDays: [7, 7, -1, 1.5, 0] },
      [{ campaignId: 'silver-by-march', reminder: '0d', daysLeft: 0 }],
    ],
  ];

  it.each(cases)('%s', (_name, now, overrides, expected) => {
    expect(dueReminders([campaign(overrides)], at(now))).toEqual(expected);
  });

  it('answers each campaign apart, at most one reminder each', () => {
    const now = at('2027-03-30T06:00:00Z');
    expect(
      dueReminders(
        [
          campaign(),
          campaign({ id: 'gold', dueDate: '2027-04-06', reminderDays: [7] }),
          campaign({ id: 'old', dueDate: '2027-03-27', state: 'closed' }),
          campaign({
            id: 'later',
            startDate: '2027-04-01',
            state: 'scheduled',
          }),
        ],
        now,
      ),
    ).toEqual([
      { campaignId: 'silver-by-march', reminder: '1d', daysLeft: 1 },
      { campaignId: 'gold', reminder: '7d', daysLeft: 7 },
      { campaignId: 'old', reminder: 'closed', daysLeft: -3 },
    ]);
  });

  it('never names an offset other than the latest whose day has come, hour by hour', () => {
    const c = campaign();
    const seen: string[] = [];
    for (
      let t = at('2027-02-20T00:00:00Z');
      t < at('2027-04-20T00:00:00Z');
      t += 3_600_000
    ) {
      const due = dueReminders([c], t);
      expect(due.length).toBeLessThanOrEqual(1);
      const key = due[0]?.reminder;
      if (key && seen[seen.length - 1] !== key) seen.push(key);
    }
    // Each reminder in its turn, once the previous one's time is over.
    expect(seen).toEqual(['30d', '7d', '1d', 'closed']);
  });
});

describe('reminderSeverity', () => {
  it.each([
    [30, 'low'],
    [8, 'low'],
    [7, 'normal'],
    [2, 'normal'],
    [1, 'high'],
    [0, 'high'],
  ] as const)('%p days left: %p', (days, severity) => {
    expect(reminderSeverity(days)).toBe(severity);
  });
});

describe('composeReminders', () => {
  it('tells each owner of entities not meeting the target, naming them and their open checks', () => {
    const c = campaign({ daysLeft: 7 });
    const due = { campaignId: c.id, reminder: '7d', daysLeft: 7 };
    expect(composeReminders(due, detail(c))).toEqual([
      {
        campaignId: 'silver-by-march',
        reminder: '7d',
        recipient: LEDGER,
        payload: {
          title:
            'Campaign "Silver by March": 1 entity of yours does not meet level silver yet, 7 days left',
          description:
            "Due 2027-03-31. Still open: ledger: Review coverage. Where a check cannot be met in time, request an exemption on the entity's Quality tab.",
          link: '/catalog/default/component/ledger/quality',
          severity: 'normal',
          topic: 'quality-scorecard:campaign',
          scope: `quality-scorecard:campaign:silver-by-march:7d:${LEDGER}`,
          metadata: {
            campaignId: 'silver-by-march',
            reminder: '7d',
            dueDate: '2027-03-31',
            daysLeft: '7',
            entities: '1',
          },
        },
      },
      {
        campaignId: 'silver-by-march',
        reminder: '7d',
        recipient: PAYMENTS,
        payload: {
          title:
            'Campaign "Silver by March": 2 entities of yours do not meet level silver yet, 7 days left',
          description:
            "Due 2027-03-31. Still open: checkout-web: Change failure rate (not enough data); payments-api: Review coverage, AI-assisted PRs follow the review policy. Where a check cannot be met in time, request an exemption on the entity's Quality tab.",
          link: '/quality?campaign=silver-by-march',
          severity: 'normal',
          topic: 'quality-scorecard:campaign',
          scope: `quality-scorecard:campaign:silver-by-march:7d:${PAYMENTS}`,
          metadata: {
            campaignId: 'silver-by-march',
            reminder: '7d',
            dueDate: '2027-03-31',
            daysLeft: '7',
            entities: '2',
          },
        },
      },
    ]);
  });

  it('names a list of checks as the target, says "due today" and is loud on the last days', () => {
    const c = campaign({ target: { checks: ['review', 'cfr'] } });
    const [first] = composeReminders(
      { campaignId: c.id, reminder: '0d', daysLeft: 0 },
      detail(
        c,
        ENTITIES.filter(e => e.owner === LEDGER),
      ),
    );
    expect(first.payload.title).toBe(
      'Campaign "Silver by March": 1 entity of yours does not meet the checks review, cfr yet, due today',
    );
    expect(first.payload.severity).toBe('high');
  });

  it('tells nobody of entities without an owner', () => {
    const c = campaign();
    const orphan = { ...ENTITIES[2], owner: 'unknown' };
    expect(
      composeReminders(
        { campaignId: c.id, reminder: '30d', daysLeft: 30 },
        detail(c, [orphan]),
      ),
    ).toEqual([]);
  });

  it('tells nobody when every entity meets the target or is exempted', () => {
    const c = campaign();
    const done = ENTITIES.filter(e => e.standing !== 'not-meeting');
    expect(
      composeReminders(
        { campaignId: c.id, reminder: '30d', daysLeft: 30 },
        detail(c, done),
      ),
    ).toEqual([]);
  });

  it("sends the closing summary to the campaign's owner group", () => {
    const c = campaign({ state: 'closed', daysLeft: -1 });
    expect(
      composeReminders(
        { campaignId: c.id, reminder: 'closed', daysLeft: -1 },
        detail(c),
      ),
    ).toEqual([
      {
        campaignId: 'silver-by-march',
        reminder: 'closed',
        recipient: PLATFORM,
        payload: {
          title:
            'Campaign "Silver by March" closed: 1 of 5 entities meet level silver',
          description:
            'Its due date 2027-03-31 has passed. 1 exempted, 3 not meeting. Still short: payments-team (2), ledger-team (1).',
          link: '/quality?campaign=silver-by-march',
          severity: 'normal',
          topic: 'quality-scorecard:campaign',
          scope: `quality-scorecard:campaign:silver-by-march:closed:${PLATFORM}`,
          metadata: {
            campaignId: 'silver-by-march',
            reminder: 'closed',
            dueDate: '2027-03-31',
            daysLeft: '-1',
          },
        },
      },
    ]);
  });

  it('says when a campaign was closed early, and when every owner met it', () => {
    const c = campaign({
      state: 'closed',
      closedAt: '2027-03-15T10:00:00.000Z',
      progress: { inScope: 2, meeting: 1, exempted: 1, notMeeting: 0 },
    });
    const [summary] = composeReminders(
      { campaignId: c.id, reminder: 'closed', daysLeft: 16 },
      detail(
        c,
        ENTITIES.filter(e => e.standing !== 'not-meeting'),
      ),
    );
    expect(summary.payload.title).toBe(
      'Campaign "Silver by March" closed: 1 of 2 entities meet level silver',
    );
    expect(summary.payload.description).toBe(
      'Closed early on 2027-03-15. 1 exempted, 0 not meeting. Every owner met it.',
    );
  });
});

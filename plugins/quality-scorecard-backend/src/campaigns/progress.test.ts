import type { ChecksConfig } from '../engine/checks';
import {
  campaignState,
  countsOf,
  currentStandings,
  dailySeries,
  daysLeft,
  lastSeriesDate,
  ownerCounts,
  standingOf,
  targetChecks,
  type ExemptionSpan,
  type HistoryRow,
  type ScopeEntity,
} from './progress';

const t = (iso: string) => Date.parse(iso);

const config: ChecksConfig = {
  windowDays: 28,
  checks: ['a', 'b', 'c', 'x'].map(id => ({
    id,
    title: `Check ${id}`,
    metric: 'change_failure_rate',
    operator: '<=' as const,
    threshold: 0.15,
    minSampleSize: 0,
    filter: {},
  })),
  levels: [
    { id: 'bronze', title: 'Bronze', checks: ['a'] },
    { id: 'silver', title: 'Silver', checks: ['b'] },
    { id: 'gold', title: 'Gold', checks: ['c', 'a'] },
  ],
};

describe('targetChecks', () => {
  it.each([
    [{ level: 'bronze' }, ['a']],
    [{ level: 'silver' }, ['a', 'b']],
    // The lower levels' checks too, each once.
    [{ level: 'gold' }, ['a', 'b', 'c']],
    [{ level: 'platinum' }, []],
    [{ checks: ['x', 'b'] }, ['x', 'b']],
    [{ checks: ['x', 'gone'] }, ['x']],
  ])('%j → %j', (target, expected) => {
    expect(targetChecks(config, target as any)).toEqual(expected);
  });
});

describe('standingOf', () => {
  const span = (checkId: string): ExemptionSpan => ({
    id: 7,
    entityRef: 'component:default/e',
    checkId,
    from: 0,
    expiresAt: t('2026-04-01T00:00:00Z'),
  });
  it.each([
    ['all pass', { a: 'pass', b: 'pass' }, [], 'meeting', []],
    [
      'a check without a status does not apply',
      { a: 'pass' },
      [],
      'meeting',
      [],
    ],
    ['one fails', { a: 'pass', b: 'fail' }, [], 'not-meeting', ['b:fail']],
    [
      'insufficient data is not passing',
      { a: 'insufficient-data', b: 'pass' },
      [],
      'not-meeting',
      ['a:insufficient-data'],
    ],
    [
      'the failing one exempt',
      { a: 'pass', b: 'fail' },
      ['b'],
      'exempted',
      ['b:exempt'],
    ],
    [
      'an exemption on a passing check changes nothing',
      { a: 'pass', b: 'pass' },
      ['a'],
      'meeting',
      [],
    ],
    [
      'one of two failing exempt',
      { a: 'fail', b: 'fail' },
      ['b'],
      'not-meeting',
      ['a:fail', 'b:exempt'],
    ],
  ])('%s', (_name, statuses, exempt, standing, open) => {
    const s = statuses as Record<string, string>;
    const result = standingOf(
      ['a', 'b'],
      id => s[id],
      id => ((exempt as string[]).includes(id) ? span(id) : undefined),
    );
    expect(result.standing).toBe(standing);
    expect(result.open.map(o => `${o.checkId}:${o.status}`)).toEqual(open);
  });

  it('names the exemption and its expiry on an exempt check', () => {
    expect(
      standingOf(
        ['b'],
        () => 'fail',
        () => span('b'),
        new Map([['b', 'Check b']]),
      ).open,
    ).toEqual([
      {
        checkId: 'b',
        title: 'Check b',
        status: 'exempt',
        exemption: { id: 7, expiresAt: '2026-04-01T00:00:00.000Z' },
      },
    ]);
  });
});

describe('campaign dates', () => {
  const c = { startDate: '2026-03-01', dueDate: '2026-03-10', closedAt: null };
  it.each([
    ['2026-02-28T23:59:59Z', 'scheduled', 10, undefined],
    ['2026-03-01T00:00:00Z', 'active', 9, '2026-03-01'],
    ['2026-03-06T12:00:00Z', 'active', 4, '2026-03-06'],
    ['2026-03-10T23:00:00Z', 'active', 0, '2026-03-10'],
    ['2026-03-11T00:00:00Z', 'closed', -1, '2026-03-10'],
  ])('at %s: %s, %d days left, series to %s', (now, state, left, last) => {
    expect(campaignState(c, t(now))).toBe(state);
    expect(daysLeft(c.dueDate, t(now))).toBe(left);
    expect(lastSeriesDate(c, t(now))).toBe(last);
  });

  it('a campaign closed early is closed, its series ends the day it closed', () => {
    const closed = { ...c, closedAt: t('2026-03-04T09:00:00Z') };
    expect(campaignState(closed, t('2026-03-06T12:00:00Z'))).toBe('closed');
    expect(lastSeriesDate(closed, t('2026-03-06T12:00:00Z'))).toBe(
      '2026-03-04',
    );
  });
});

/**
 * The campaign: silver (checks a and b) from 1 to 10 March, seen on
 * 6 March at noon. Five entities, each one story of the issue.
 */
describe('a campaign half-way', () => {
  const now = t('2026-03-06T12:00:00Z');
  const ref = (name: string) => `component:default/${name}`;
  const rows = (
    name: string,
    changes: Array<[string, string, string]>,
  ): HistoryRow[] =>
    changes.map(([checkId, status, at]) => ({
      entityRef: ref(name),
      checkId,
      status,
      at: t(at),
    }));
  const history: HistoryRow[] = [
    // Fixes b on 3 March.
    ...rows('steady', [
      ['a', 'pass', '2026-02-20T10:00:00Z'],
      ['b', 'fail', '2026-02-20T10:00:00Z'],
      ['b', 'pass', '2026-03-03T10:00:00Z'],
    ]),
    // Joins the scope mid-campaign: first evaluated on 4 March.
    ...rows('newcomer', [
      ['a', 'pass', '2026-03-04T08:00:00Z'],
      ['b', 'pass', '2026-03-04T08:00:00Z'],
    ]),
    // Meets the target, then leaves the catalog on 5 March.
    ...rows('retired', [
      ['a', 'pass', '2026-02-25T10:00:00Z'],
      ['b', 'pass', '2026-02-25T10:00:00Z'],
    ]),
    // Fails b, exempt until the start of 5 March (before the due date).
    ...rows('exempted', [
      ['a', 'pass', '2026-02-20T10:00:00Z'],
      ['b', 'fail', '2026-02-20T10:00:00Z'],
    ]),
    // b's threshold is raised on 2 March: a new evaluation fails it.
    ...rows('raised', [
      ['a', 'pass', '2026-02-20T10:00:00Z'],
      ['b', 'pass', '2026-02-20T10:00:00Z'],
      ['b', 'fail', '2026-03-02T15:00:00Z'],
    ]),
    // Only a check outside the target: never in scope.
    ...rows('elsewhere', [['x', 'fail', '2026-02-20T10:00:00Z']]),
  ];
  const exemptions: ExemptionSpan[] = [
    {
      id: 1,
      entityRef: ref('exempted'),
      checkId: 'b',
      from: t('2026-02-28T09:00:00Z'),
      expiresAt: t('2026-03-05T00:00:00Z'),
    },
  ];
  const entities: ScopeEntity[] = [
    { entityRef: ref('steady'), owner: 'group:default/team-a' },
    { entityRef: ref('newcomer'), owner: 'group:default/team-a' },
    {
      entityRef: ref('retired'),
      owner: 'group:default/team-b',
      goneAt: t('2026-03-05T09:00:00Z'),
    },
    { entityRef: ref('exempted'), owner: 'group:default/team-b' },
    { entityRef: ref('raised'), owner: 'group:default/team-b' },
    { entityRef: ref('elsewhere'), owner: 'group:default/team-b' },
  ];
  /** The latest status of each (entity, check): qs_check_results. */
  const latest = [
    ...new Map(history.map(h => [`${h.entityRef} ${h.checkId}`, h])).values(),
  ];

  const series = dailySeries({
    checks: ['a', 'b'],
    entities,
    history,
    exemptions,
    startDate: '2026-03-01',
    lastDate: '2026-03-06',
    now,
  });
  const today = currentStandings({
    checks: ['a', 'b'],
    titles: new Map([['b', 'Check b']]),
    entities,
    results: latest,
    exemptions,
    now,
  });

  it.each([
    // date, in scope, meeting, exempted
    ['2026-03-01', 4, 2, 1], // steady fails b; retired, raised meet; exempted
    ['2026-03-02', 4, 1, 1], // raised fails the new threshold
    ['2026-03-03', 4, 2, 1], // steady fixed b
    ['2026-03-04', 5, 3, 1], // newcomer joins, meeting
    ['2026-03-05', 4, 2, 0], // retired gone; the exemption expired
    ['2026-03-06', 4, 2, 0],
  ])(
    'on %s: %d in scope, %d meeting, %d exempted',
    (date, inScope, meeting, exempted) => {
      expect(series.find(d => d.date === date)).toEqual({
        date,
        inScope,
        meeting,
        exempted,
      });
    },
  );

  it('has one point per day from the start to today', () => {
    expect(series.map(d => d.date)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
  });

  it("today's standings: not meeting first, the gone and the out-of-target left out", () => {
    expect(
      today.map(e => [
        e.entityRef,
        e.standing,
        e.open.map(o => `${o.checkId}:${o.status}`),
      ]),
    ).toEqual([
      [ref('exempted'), 'not-meeting', ['b:fail']],
      [ref('raised'), 'not-meeting', ['b:fail']],
      [ref('newcomer'), 'meeting', []],
      [ref('steady'), 'meeting', []],
    ]);
  });

  it('today agrees with the last point of the series', () => {
    const counts = countsOf(today);
    expect(counts).toEqual({
      inScope: 4,
      meeting: 2,
      exempted: 0,
      notMeeting: 2,
    });
    const last = series[series.length - 1];
    expect([last.inScope, last.meeting, last.exempted]).toEqual([
      counts.inScope,
      counts.meeting,
      counts.exempted,
    ]);
  });

  it('ranks owners by the share meeting', () => {
    expect(ownerCounts(today)).toEqual([
      {
        owner: 'group:default/team-a',
        inScope: 2,
        meeting: 2,
        exempted: 0,
        notMeeting: 0,
      },
      {
        owner: 'group:default/team-b',
        inScope: 2,
        meeting: 0,
        exempted: 0,
        notMeeting: 2,
      },
    ]);
  });

  it('before the exemption expired, today counts the entity exempted, never meeting', () => {
    const earlier = currentStandings({
      checks: ['a', 'b'],
      titles: new Map(),
      entities,
      results: latest,
      exemptions,
      now: t('2026-03-04T12:00:00Z'),
    });
    // steady, newcomer and retired (not gone yet) meet; raised fails.
    expect(countsOf(earlier)).toEqual({
      inScope: 5,
      meeting: 3,
      exempted: 1,
      notMeeting: 1,
    });
  });

  it('invariants: meeting + exempted ≤ in scope on every day, and no day past the last', () => {
    for (const d of series)
      expect(d.meeting + d.exempted).toBeLessThanOrEqual(d.inScope);
    expect(
      dailySeries({
        checks: ['a', 'b'],
        entities,
        history,
        exemptions,
        startDate: '2026-03-01',
        lastDate: '2026-02-28',
        now,
      }),
    ).toEqual([]);
  });
});

import type {
  MetricValue,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { CONTROL_RULES } from '../config/notifications';
import {
  currentSignals,
  EpisodeFacts,
  headlineFirst,
  mostSevere,
  reconcile,
  SignalOptions,
} from './episodes';

const WEEK = 7 * 24 * 3600 * 1000;
const W0 = Date.parse('2026-11-23T00:00:00Z'); // a Monday
const NOW = W0 + 2 * 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Eight weeks W-7..W0 with n = 10 each (week W-1: n = 2). */
const series = Array.from({ length: 8 }, (_, i) => ({
  start: iso(W0 - (7 - i) * WEEK),
  value: 0.1,
  n: i === 6 ? 2 : 10,
}));

function metric(
  id: MetricValue['id'],
  signals: Array<[string, 'above' | 'below', number, number]>,
): MetricValue {
  return {
    id,
    value: 0.1,
    n: 80,
    flags: [],
    series,
    control: {
      chart: 'u',
      center: 0.1,
      ucl: 0.3,
      lcl: 0,
      limits: [],
      baselineWeeks: 4,
      signals: signals.map(([rule, side, from, to]) => ({
        rule: rule as any,
        side,
        start: iso(W0 + from * WEEK),
        end: iso(W0 + to * WEEK),
        description: `${rule} ${side}`,
      })),
    },
  };
}

const scorecard = (metrics: MetricValue[]): ScorecardResponse => ({
  entityRef: 'component:default/fraud-scoring',
  window: { from: iso(W0 - WEEK), to: iso(NOW) },
  demo: false,
  computedAt: null,
  metrics,
  aiPolicy: { applicable: 0, compliant: 0, rate: null, violations: [] },
  aiComparison: {} as any,
});

const options: SignalOptions = {
  now: NOW,
  lookbackWeeks: 2,
  minSampleSize: 5,
  improvements: false,
  metrics: ['incidents_per_pr', 'review_coverage'],
  rules: Object.fromEntries(
    CONTROL_RULES.map(r => [r, { enabled: true, severity: 'normal' }]),
  ) as any,
};

const keys = (facts: EpisodeFacts[]) =>
  facts.map(
    f =>
      `${f.subject} ${f.rule} ${f.side} ${(f.start - W0) / WEEK}..${
        (f.end - W0) / WEEK
      }`,
  );

describe('currentSignals', () => {
  it.each([
    ['ended in the current week', [['beyond-3-sigma', 'above', 0, 0]], 1],
    [
      'ended two weeks before the current one',
      [['eight-on-one-side', 'above', -6, -2]],
      1,
    ],
    [
      'ended three weeks before: history',
      [['eight-on-one-side', 'above', -7, -3]],
      0,
    ],
    [
      'a better direction (incidents falling)',
      [['beyond-3-sigma', 'below', 0, 0]],
      0,
    ],
    [
      'too few samples (week W-1 alone, n = 2)',
      [['beyond-3-sigma', 'above', -1, -1]],
      0,
    ],
  ] as const)('keeps an episode that %s: %p', (_, signals, expected) => {
    expect(
      currentSignals(
        scorecard([metric('incidents_per_pr', signals as any)]),
        options,
      ),
    ).toHaveLength(expected);
  });

  it('writes what changed in words, with the numbers and a link to the chart', () => {
    const [facts] = currentSignals(
      scorecard([
        metric('incidents_per_pr', [['beyond-3-sigma', 'above', -2, -2]]),
      ]),
      {
        ...options,
        rules: {
          ...options.rules,
          'beyond-3-sigma': { enabled: true, severity: 'high' },
        },
      },
    );
    expect(facts).toEqual({
      subject: 'incidents_per_pr',
      rule: 'beyond-3-sigma',
      side: 'above',
      start: W0 - 2 * WEEK,
      end: W0 - 2 * WEEK,
      severity: 'high',
      title:
        'fraud-scoring: incidents per PR rose above its control limit in the week of 2026-11-09',
      summary: 'Beyond-3-sigma above',
      detail:
        'In the week of 2026-11-09: 0.1 per PR (n = 10); centre line 0.1 per PR. Latest week (2026-11-23): 0.1 per PR (n = 10).',
      link: '/catalog/default/component/fraud-scoring/quality?metric=incidents_per_pr',
    });
  });

  it('honours the switches: a rule off, improvements on, no minimum sample, metrics', () => {
    const card = scorecard([
      metric('review_coverage', [
        ['beyond-3-sigma', 'below', -1, -1],
        ['eight-on-one-side', 'above', -7, 0],
      ]),
    ]);
    expect(keys(currentSignals(card, options))).toEqual([]);
    expect(
      keys(currentSignals(card, { ...options, improvements: true })),
    ).toEqual(['review_coverage eight-on-one-side above -7..0']);
    expect(
      keys(currentSignals(card, { ...options, minSampleSize: 0 })),
    ).toEqual(['review_coverage beyond-3-sigma below -1..-1']);
    const off = {
      ...options.rules,
      'beyond-3-sigma': { enabled: false, severity: 'high' as const },
    };
    expect(
      keys(currentSignals(card, { ...options, minSampleSize: 0, rules: off })),
    ).toEqual([]);
    expect(
      keys(
        currentSignals(card, {
          ...options,
          minSampleSize: 0,
          metrics: ['incidents_per_pr'],
        }),
      ),
    ).toEqual([]);
  });
});

describe('reconcile', () => {
  const facts = (rule: string, start: number, end: number): EpisodeFacts => ({
    subject: 'incidents_per_pr',
    rule,
    side: 'above',
    start: W0 + start * WEEK,
    end: W0 + end * WEEK,
    severity: 'normal',
    title: '',
    summary: '',
    detail: '',
    link: '',
  });
  const stored = (id: number, rule: string, start: number, end: number) => ({
    id,
    ...facts(rule, start, end),
  });

  it('continues the same episode even when its first week moved, clears what went away, and finds the new', () => {
    const open = [
      stored(1, 'eight-on-one-side', -9, -1),
      stored(2, 'beyond-3-sigma', -4, -4),
    ];
    const result = reconcile(open, [
      facts('eight-on-one-side', -8, 0),
      facts('beyond-3-sigma', 0, 0),
    ]);
    expect(result.continued.map(c => c.stored.id)).toEqual([1]);
    expect(result.cleared.map(c => c.id)).toEqual([2]);
    expect(keys(result.fresh)).toEqual([
      'incidents_per_pr beyond-3-sigma above 0..0',
    ]);
  });

  it('prefers the stored episode with the same first week', () => {
    const open = [
      stored(1, 'beyond-3-sigma', -3, -1),
      stored(2, 'beyond-3-sigma', -1, -1),
    ];
    const result = reconcile(open, [facts('beyond-3-sigma', -1, -1)]);
    expect(result.continued.map(c => c.stored.id)).toEqual([2]);
    expect(result.cleared.map(c => c.id)).toEqual([1]);
  });
});

describe('headline and severity', () => {
  it('titles a shift by its most severe, strongest, latest episode', () => {
    const e = (rule: string, severity: string, end: number) => ({
      rule,
      severity,
      end,
    });
    const sorted = [
      e('eight-on-one-side', 'normal', 3),
      e('beyond-3-sigma', 'normal', 1),
      e('beyond-3-sigma', 'normal', 2),
      e('four-of-five-beyond-1-sigma', 'high', 0),
    ].sort(headlineFirst);
    expect(sorted.map(s => `${s.rule}@${s.end}`)).toEqual([
      'four-of-five-beyond-1-sigma@0',
      'beyond-3-sigma@2',
      'beyond-3-sigma@1',
      'eight-on-one-side@3',
    ]);
    expect(mostSevere(['normal', 'low', 'high'])).toBe('high');
  });
});

import { applyExemptions, ChecksConfig, levelOf } from './checks';
import { checkStatusesFor } from './checkStatuses';

const T0 = Date.parse('2026-11-02T00:00:00Z');
const DAY = 86_400_000;

const config: ChecksConfig = {
  windowDays: 28,
  checks: ['cfr', 'review', 'ai-policy', 'sigma'].map(id => ({
    id,
    title: id,
    metric: 'review_coverage',
    operator: '>=' as const,
    threshold: 0.9,
    minSampleSize: 0,
    filter: {},
  })),
  levels: [
    { id: 'bronze', title: 'Bronze', checks: ['cfr'] },
    { id: 'silver', title: 'Silver', checks: ['review', 'ai-policy'] },
    { id: 'gold', title: 'Gold', checks: ['sigma'] },
  ],
};

// Stored out of definition order, with a result of a check no longer configured.
const raw = [
  {
    checkId: 'review',
    status: 'fail' as const,
    value: 0.5,
    n: 4,
    reason: '0.5 misses ≥ 0.9',
    evaluatedAt: T0,
  },
  {
    checkId: 'gone',
    status: 'fail' as const,
    value: 1,
    n: 1,
    reason: 'r',
    evaluatedAt: T0,
  },
  {
    checkId: 'cfr',
    status: 'pass' as const,
    value: 0,
    n: 2,
    reason: '0 meets ≤ 0.15',
    evaluatedAt: T0 - DAY,
  },
  {
    checkId: 'ai-policy',
    status: 'insufficient-data' as const,
    value: null,
    n: 0,
    reason: 'no value',
    evaluatedAt: T0,
  },
];
const exemptions = [
  { id: 7, checkId: 'review', expiresAt: T0 + DAY, reason: 'migration' },
  { id: 8, checkId: 'cfr', expiresAt: T0 + DAY, reason: 'not needed' },
];

describe('checkStatusesFor', () => {
  const statuses = checkStatusesFor(config);

  it('orders by definition, applies unexpired exemptions to checks that do not pass, and finds the level', () => {
    expect(statuses(raw, exemptions, T0)).toEqual({
      results: [
        { checkId: 'cfr', status: 'pass', value: 0, n: 2 },
        {
          checkId: 'review',
          status: 'exempt',
          value: 0.5,
          n: 4,
          exemptionId: 7,
        },
        {
          checkId: 'ai-policy',
          status: 'insufficient-data',
          value: null,
          n: 0,
        },
      ],
      level: 'bronze',
      next: { level: 'silver', failing: ['ai-policy'] },
      evaluatedAt: T0,
    });
    expect(statuses(raw, exemptions, T0 + DAY).results[1]).toEqual({
      checkId: 'review',
      status: 'fail',
      value: 0.5,
      n: 4,
    });
  });

  it('agrees with applyExemptions and levelOf on statuses and levels', () => {
    for (const now of [T0, T0 + DAY]) {
      const rich = applyExemptions(config, raw, exemptions, now);
      const lean = statuses(raw, exemptions, now);
      expect(lean.results.map(r => [r.checkId, r.status])).toEqual(
        rich.map(r => [r.checkId, r.status]),
      );
      expect({ level: lean.level, next: lean.next }).toEqual({
        next: undefined,
        ...levelOf(config, rich),
      });
    }
  });

  it('an entity without results holds no level', () => {
    expect(statuses([], [], T0)).toEqual({
      results: [],
      level: null,
      evaluatedAt: null,
    });
  });
});

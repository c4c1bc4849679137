import type { MetricValue } from '@shewhart/plugin-quality-scorecard-common';
import {
  applyExemptions,
  CheckDefinition,
  ChecksConfig,
  evaluateCheck,
  evaluateChecks,
  gateFailures,
  levelOf,
} from './checks';

const metric = (id: string, value: number | null, n: number, band?: MetricValue['band']): MetricValue =>
  ({ id, value, n, flags: [], series: [], ...(band ? { band } : {}) } as MetricValue);

const check = (c: Partial<CheckDefinition> & { id: string; metric: string }): CheckDefinition => ({
  title: c.id,
  minSampleSize: 0,
  filter: {},
  ...c,
});

describe('balanced checks and bands by value', () => {
  const cfrBand = check({ id: 'cfr-band', metric: 'change_failure_rate', band: 'high' });
  const balanced = check({
    id: 'balanced',
    metric: 'deployment_frequency',
    operator: '>=',
    threshold: 1,
    counterweight: { metric: 'change_failure_rate', operator: '<=', threshold: 0.15 },
  });
  it.each([
    // DORA 2024: medium's 10% is better than high's 20%, so medium holds "≥ high".
    [cfrBand, [metric('change_failure_rate', 0.08, 20, 'medium')], 'pass', 'band medium'],
    [cfrBand, [metric('change_failure_rate', 0.3, 20, 'low')], 'fail', 'band low, short of high'],
    [
      check({ id: 'recovery', metric: 'failed_deployment_recovery_time', band: 'high' }),
      [metric('failed_deployment_recovery_time', 2 * 86400, 3)],
      'fail',
      'no DORA 2024 band, short of high',
    ],
    [
      balanced,
      [metric('deployment_frequency', 2, 10), metric('change_failure_rate', 0.1, 10)],
      'pass',
      '2 meets ≥ 1; counterweight change_failure_rate: 0.1 meets ≤ 0.15',
    ],
    [
      balanced,
      [metric('deployment_frequency', 2, 10), metric('change_failure_rate', 0.3, 10)],
      'fail',
      '2 meets ≥ 1; counterweight change_failure_rate: 0.3 misses ≤ 0.15',
    ],
    [
      balanced,
      [metric('deployment_frequency', 2, 10), metric('change_failure_rate', null, 0)],
      'insufficient-data',
      '2 meets ≥ 1; counterweight change_failure_rate: no change_failure_rate value in the window',
    ],
    [
      balanced,
      [metric('deployment_frequency', 0.5, 10), metric('change_failure_rate', null, 0)],
      'fail',
      '0.5 misses ≥ 1; counterweight change_failure_rate: no change_failure_rate value in the window',
    ],
  ] as const)('%#: %s', (c, metrics, status, reason) => {
    const result = evaluateCheck(c, [...metrics]);
    expect([result.status, result.reason]).toEqual([status, reason]);
    // The value shown is the check's own metric.
    expect(result.value).toBe(metrics[0].value);
  });
});

describe('evaluateCheck', () => {
  const cfr = check({ id: 'cfr', metric: 'change_failure_rate', operator: '<=', threshold: 0.15, minSampleSize: 5 });
  const deploys = check({ id: 'deploys', metric: 'deployment_frequency', band: 'high' });
  it.each([
    [cfr, metric('change_failure_rate', 0.15, 20), 'pass', '0.15 meets ≤ 0.15'],
    [cfr, metric('change_failure_rate', 0.2, 20), 'fail', '0.2 misses ≤ 0.15'],
    [cfr, metric('change_failure_rate', 0.1, 4), 'insufficient-data', 'n = 4, below the minimum sample of 5'],
    [cfr, metric('change_failure_rate', null, 0), 'insufficient-data', 'no change_failure_rate value in the window'],
    [check({ id: 'x', metric: 'review_coverage', operator: '>', threshold: 0.9 }), metric('review_coverage', 0.9, 10), 'fail', '0.9 misses > 0.9'],
    [check({ id: 'x', metric: 'review_coverage', operator: '>=', threshold: 0.9 }), metric('review_coverage', 0.9, 10), 'pass', '0.9 meets ≥ 0.9'],
    [check({ id: 'x', metric: 'pr_cycle_time', operator: '<', threshold: 86400 }), metric('pr_cycle_time', 86399.5, 10), 'pass', '86399.5 meets < 86400'],
    [deploys, metric('deployment_frequency', 5, 30, 'elite'), 'pass', 'band elite'],
    [deploys, metric('deployment_frequency', 1, 4, 'high'), 'pass', 'band high'],
    [deploys, metric('deployment_frequency', 0.5, 2, 'medium'), 'fail', 'band medium, short of high'],
  ])('%#: %j on %j → %s', (c, m, status, reason) => {
    const result = evaluateCheck(c, [m]);
    expect(result.status).toBe(status);
    expect(result.reason).toBe(reason);
    expect(result.value).toBe(m.value);
    expect(result.n).toBe(m.n);
  });

  it('a check whose metric is missing from the window has insufficient data', () => {
    expect(evaluateCheck(cfr, []).status).toBe('insufficient-data');
  });
});

const config: ChecksConfig = {
  windowDays: 28,
  checks: [
    check({ id: 'deploys', metric: 'deployment_frequency', band: 'high' }),
    check({ id: 'cfr', metric: 'change_failure_rate', operator: '<=', threshold: 0.15 }),
    check({ id: 'review', metric: 'review_coverage', operator: '>=', threshold: 0.9 }),
    check({ id: 'pci-small', metric: 'ai_policy_compliance', operator: '>=', threshold: 0.95, filter: { tags: ['pci'] } }),
    check({ id: 'sigma', metric: 'sigma_level', operator: '>=', threshold: 3 }),
  ],
  levels: [
    { id: 'bronze', title: 'Bronze', checks: ['deploys', 'cfr'] },
    { id: 'silver', title: 'Silver', checks: ['review', 'pci-small'] },
    { id: 'gold', title: 'Gold', checks: ['sigma'] },
  ],
};

const entity = (tags: string[]) => ({ entityRef: 'component:default/a', kind: 'component', tags });

describe('levels', () => {
  const metrics = [
    metric('deployment_frequency', 3, 15, 'high'),
    metric('change_failure_rate', 0.1, 15),
    metric('review_coverage', 0.8, 20),
    metric('ai_policy_compliance', 0.5, 10),
    metric('sigma_level', 3.2, 20),
  ];
  const T0 = Date.parse('2026-11-01T00:00:00Z');
  const stamped = (raw: ReturnType<typeof evaluateChecks>) => raw.map(r => ({ ...r, evaluatedAt: T0 }));

  it('a check with a filter applies only to the entities it selects', () => {
    expect(evaluateChecks(config, entity([]), metrics).map(r => r.checkId)).toEqual(['deploys', 'cfr', 'review', 'sigma']);
    expect(evaluateChecks(config, entity(['pci']), metrics).map(r => r.checkId)).toEqual(['deploys', 'cfr', 'review', 'pci-small', 'sigma']);
  });

  it('holds bronze, misses silver on its failing checks, and a higher pass does not skip a level', () => {
    const results = applyExemptions(config, stamped(evaluateChecks(config, entity(['pci']), metrics)), [], T0);
    expect(levelOf(config, results)).toEqual({ level: 'bronze', next: { level: 'silver', failing: ['review', 'pci-small'] } });
    expect(gateFailures(config, results, 'bronze')).toEqual([]);
    expect(gateFailures(config, results, 'gold')!.map(r => r.checkId)).toEqual(['review', 'pci-small']);
    expect(gateFailures(config, results, 'platinum')).toBeUndefined();
  });

  it('exemptions count as satisfied until they expire', () => {
    const raw = stamped(evaluateChecks(config, entity([]), metrics));
    const exemptions = [{ id: 7, checkId: 'review', expiresAt: T0 + 86_400_000, reason: 'migration in progress' }];
    const during = applyExemptions(config, raw, exemptions, T0);
    const review = during.find(r => r.checkId === 'review')!;
    expect(review).toMatchObject({
      status: 'exempt',
      rawStatus: 'fail',
      reason: '0.8 misses ≥ 0.9; exempt until 2026-11-02',
      exemption: { id: 7, expiresAt: '2026-11-02T00:00:00.000Z', reason: 'migration in progress' },
    });
    expect(levelOf(config, during).level).toBe('gold');
    const after = applyExemptions(config, raw, exemptions, T0 + 86_400_000);
    expect(after.find(r => r.checkId === 'review')!.status).toBe('fail');
    expect(levelOf(config, after).level).toBe('bronze');
  });

  it('an exemption does not change a passing check', () => {
    const raw = stamped(evaluateChecks(config, entity([]), metrics));
    const results = applyExemptions(config, raw, [{ id: 1, checkId: 'cfr', expiresAt: T0 + 1, reason: 'r' }], T0);
    expect(results.find(r => r.checkId === 'cfr')!.status).toBe('pass');
  });

  it('no levels configured: no level', () => {
    expect(levelOf({ ...config, levels: [] }, [])).toEqual({ level: null });
  });
});

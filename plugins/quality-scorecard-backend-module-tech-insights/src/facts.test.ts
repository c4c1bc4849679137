import {
  METRIC_IDS,
  QualityFacts,
} from '@shewhart/plugin-quality-scorecard-common';
import { factsOf, QUALITY_SCORECARD_FACT_SCHEMA } from './facts';

const item = (over: Partial<QualityFacts> = {}): QualityFacts => ({
  entityRef: 'component:default/a',
  computedAt: '2026-11-23T00:00:00.000Z',
  metrics: Object.fromEntries(
    METRIC_IDS.map(id => [id, { value: 0.25, n: 8, band: 'high' }]),
  ) as QualityFacts['metrics'],
  level: 'silver',
  checks: { pass: 3, fail: 1, exempt: 1, 'insufficient-data': 0 },
  failing: ['review'],
  ...over,
});

describe('factsOf', () => {
  it('emits every fact of the schema, and nothing else, for an entity with values', () => {
    const facts = factsOf(item());
    expect(Object.keys(facts).sort()).toEqual(
      Object.keys(QUALITY_SCORECARD_FACT_SCHEMA).sort(),
    );
    expect(facts).toMatchObject({
      lead_time_seconds: 0.25,
      lead_time_band: 'high',
      merged_prs: 8,
      level: 'silver',
      checks_failing: 1,
      checks_passing: 3,
      failing_checks: ['review'],
    });
  });

  it('leaves out values the window does not have, so checks on them are skipped', () => {
    const metrics = {
      ...item().metrics,
      review_coverage: { value: null, n: 0 },
      change_failure_rate: { value: 0, n: 0 },
    };
    const facts = factsOf(item({ metrics, level: null }));
    expect(facts).not.toHaveProperty('review_coverage');
    expect(facts).not.toHaveProperty('change_failure_rate_band');
    expect(facts).toMatchObject({
      change_failure_rate: 0,
      merged_prs: 0,
      deployments: 0,
      level: 'none',
    });
  });

  it('emits only the level and check counts of an entity without data', () => {
    expect(
      factsOf(
        item({
          computedAt: null,
          level: null,
          checks: { pass: 0, fail: 0, exempt: 0, 'insufficient-data': 0 },
          failing: [],
        }),
      ),
    ).toEqual({
      level: 'none',
      checks_failing: 0,
      checks_passing: 0,
      failing_checks: [],
    });
  });
});

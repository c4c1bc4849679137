import {
  METRIC_IDS,
  QualityFacts,
} from '@shewhart/plugin-quality-scorecard-common';
import { factsOf, METRIC_FACTS, QUALITY_SCORECARD_FACT_SCHEMA } from './facts';

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

describe('METRIC_FACTS', () => {
  it('gives every metric exactly one fact, so a new metric without one fails here', () => {
    const ids = METRIC_FACTS.map(([, id]) => id);
    expect([...ids].sort()).toEqual([...METRIC_IDS].sort());
    const names = METRIC_FACTS.map(([fact]) => fact);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names)
      expect(QUALITY_SCORECARD_FACT_SCHEMA[name]?.type).toBe('float');
  });

  it('describes the new facts from their metric definitions', () => {
    expect(
      QUALITY_SCORECARD_FACT_SCHEMA.pr_throughput_per_author_per_week,
    ).toEqual({
      type: 'float',
      description:
        'PR throughput (prs-per-author-per-week) over the window: Pull requests merged in the window per active author (an author with at least one merged PR in the window), per week.',
    });
    expect(QUALITY_SCORECARD_FACT_SCHEMA.pr_merge_rate).toEqual({
      type: 'float',
      description:
        'PR merge rate (ratio) over the window: Pull requests merged / pull requests closed (merged or not) in the window.',
    });
    expect(QUALITY_SCORECARD_FACT_SCHEMA.bugs_per_developer).toEqual({
      type: 'float',
      description:
        'Bugs per developer (bugs-per-developer) over the window: Bugs created in the window / active authors (authors with a merged PR in the window).',
    });
  });
});

describe('factsOf', () => {
  it('emits each metric under its own fact name with its own value', () => {
    // Distinct values per metric, so a fact mapped to the wrong metric shows.
    const values: Record<string, number> = Object.fromEntries(
      METRIC_IDS.map((id, i) => [id, i + 1]),
    );
    const facts = factsOf(
      item({
        metrics: Object.fromEntries(
          METRIC_IDS.map(id => [id, { value: values[id], n: 8 }]),
        ) as QualityFacts['metrics'],
      }),
    );
    // METRIC_IDS order: pr_throughput 5th, pr_merge_rate 6th, bugs_per_developer 9th.
    expect(facts).toMatchObject({
      pr_throughput_per_author_per_week: 5,
      pr_merge_rate: 6,
      bugs_per_developer: 9,
      deployment_frequency_days_per_week: 1,
      lead_time_seconds: 2,
      pr_deploy_time_seconds: 21,
    });
    for (const [fact, id] of METRIC_FACTS) expect(facts[fact]).toBe(values[id]);
  });

  it('leaves out the new facts when their metrics have no value', () => {
    const metrics = {
      ...item().metrics,
      pr_throughput: { value: null, n: 0 },
      pr_merge_rate: { value: null, n: 0 },
      bugs_per_developer: { value: null, n: 0 },
    };
    const facts = factsOf(item({ metrics }));
    expect(facts).not.toHaveProperty('pr_throughput_per_author_per_week');
    expect(facts).not.toHaveProperty('pr_merge_rate');
    expect(facts).not.toHaveProperty('bugs_per_developer');
    expect(facts.lead_time_seconds).toBe(0.25);
  });

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

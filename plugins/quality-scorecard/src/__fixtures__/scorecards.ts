import type {
  ControlChart,
  MetricId,
  MetricValue,
  OverviewResponse,
  OverviewRow,
  OwnerBreakdownResponse,
  ScorecardResponse,
  SeriesPoint,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * Responses shaped and valued like the backend's answers for the demo story
 * (payments adopts AI assistants at week 13 of 26: faster, and worse), so the
 * tests read what a person would read on the demo portal.
 */

const FIRST_WEEK = Date.parse('2026-06-01T00:00:00.000Z');
const WEEK_MS = 7 * 86_400_000;

export const weekStart = (i: number) =>
  new Date(FIRST_WEEK + i * WEEK_MS).toISOString();

/** 26 weekly points: `before` until the shift week, `after` from it on. */
export function shiftedSeries(
  before: number,
  after: number,
  shiftWeek = 13,
  n = 6,
): SeriesPoint[] {
  return Array.from({ length: 26 }, (_, i) => ({
    start: weekStart(i),
    // a small deterministic wobble so the line is not flat
    value: (i < shiftWeek ? before : after) * (1 + ((i % 3) - 1) * 0.05),
    n,
  }));
}

function pChart(
  center: number,
  spread: number,
  signals: ControlChart['signals'],
): ControlChart {
  return {
    chart: 'p',
    center,
    ucl: Math.min(1, center + spread),
    lcl: Math.max(0, center - spread),
    limits: Array.from({ length: 26 }, (_, i) => ({
      start: weekStart(i),
      ucl: Math.min(1, center + spread * (1 + (i % 2) * 0.2)),
      lcl: Math.max(0, center - spread * (1 + (i % 2) * 0.2)),
    })),
    baselineWeeks: 12,
    signals,
  };
}

function metric(
  id: MetricId,
  fields: Partial<MetricValue> & Pick<MetricValue, 'value' | 'n'>,
): MetricValue {
  return {
    id,
    flags: ['demo-data'],
    series: shiftedSeries(fields.value ?? 0, fields.value ?? 0),
    ...fields,
  };
}

/** The review-coverage chart: 8 weeks below the centre line, and a week below the LCL now. */
export const reviewCoverageControl = pChart(0.96, 0.2, [
  {
    rule: 'eight-on-one-side',
    side: 'below',
    start: '2026-08-24T00:00:00.000Z',
    end: '2026-10-12T00:00:00.000Z',
    description: '8 weeks in a row below the centre line since 2026-08-24',
  },
  {
    rule: 'beyond-3-sigma',
    side: 'below',
    start: '2026-11-16T00:00:00.000Z',
    end: '2026-11-16T00:00:00.000Z',
    description: 'the week of 2026-11-16 below the lower control limit',
  },
]);

/** The lead-time series: the demo's rise at week 13, and a slow week 24. */
export function leadTimeSeries(): SeriesPoint[] {
  const series = shiftedSeries(240000, 310000);
  series[24] = { ...series[24], value: 520000 };
  series[25] = { ...series[25], value: 300000, n: 2 };
  return series;
}

/**
 * The calibrated lead-time chart (a log-scale median chart): a CUSUM that
 * found the rise in weeks 13 to 15, a new baseline ada started from week 16
 * (the level after the rise), a week beyond the new upper limit at week 24,
 * and the current week 25 still under way.
 */
export function leadTimeControl(): ControlChart {
  const limitsOf = (center: number) => ({
    center,
    ucl: center * 1.6,
    lcl: center / 1.6,
  });
  return {
    chart: 'median',
    method: 'normal',
    transform: 'log',
    center: 310000,
    ucl: 496000,
    lcl: 193750,
    limits: Array.from({ length: 26 }, (_, i) => ({
      start: weekStart(i),
      ...limitsOf(i < 16 ? 240000 : 310000),
    })),
    baselineWeeks: 8,
    signals: [
      {
        rule: 'cusum',
        side: 'above',
        start: weekStart(13),
        end: weekStart(15),
        description:
          'a sustained shift upwards since the week of 2026-08-31 (cumulative sum beyond its limit through 2026-09-14)',
        strength: 1.3,
      },
      {
        rule: 'beyond-limit',
        side: 'above',
        start: weekStart(24),
        end: weekStart(24),
        description: 'the week of 2026-11-16 above the upper control limit',
        strength: 1.6,
      },
    ],
    rules: ['beyond-limit', 'cusum'],
    falseAlarms: {
      perYear: 0.0667,
      text: "On a stable process this chart raises a false alarm at most about once in 15 years (its share of the service's budget of 1 a year, all charts together).",
    },
    baselines: [
      {
        from: weekStart(0),
        to: weekStart(16),
        baselineWeeks: 8,
        center: 240000,
        source: 'default',
      },
      {
        from: weekStart(16),
        to: null,
        baselineWeeks: 8,
        center: 310000,
        source: 'manual',
        reason: 'AI assistants for the whole team',
        startedBy: 'user:default/ada',
        startedAt: '2026-11-02T09:00:00.000Z',
      },
    ],
    partialFrom: weekStart(25),
    cusum: {
      side: 'above',
      shift: 1.5,
      threshold: 4.2,
      values: Array.from({ length: 26 }, (_, i) => {
        if (i === 25) return null;
        if (i >= 13 && i <= 15) return [2.1, 3.6, 5.5][i - 13];
        return (i % 3) * 0.4;
      }),
    },
  };
}

export function paymentsApiMetrics(): MetricValue[] {
  return [
    metric('deployment_frequency', {
      value: 2,
      n: 10,
      previous: 3,
      delta: -1,
      band: 'high',
    }),
    metric('lead_time_for_changes', {
      value: 307198.242,
      n: 27,
      previous: 242049.137,
      delta: 65149.105,
      band: 'high',
      series: leadTimeSeries(),
      control: leadTimeControl(),
    }),
    metric('change_failure_rate', {
      value: 0.2,
      n: 10,
      numerator: 2,
      denominator: 10,
      previous: 0.14285714285714285,
      delta: 0.05714285714285716,
      band: 'low',
    }),
    metric('time_to_restore', {
      value: 14527.0115,
      n: 2,
      previous: 14675.152,
      delta: -148.1405,
      band: 'high',
      flags: ['small-sample', 'demo-data'],
    }),
    metric('failed_deployment_recovery_time', {
      value: 10800,
      n: 2,
      band: 'high',
      bandEdition: 'DORA 2024',
      flags: ['small-sample', 'demo-data'],
    }),
    metric('deployment_rework_rate', {
      value: 0.1,
      n: 10,
      numerator: 1,
      denominator: 10,
      delta: 0.1,
    }),
    metric('pr_throughput', { value: 2.7, n: 27, previous: 4.3, delta: -1.6 }),
    metric('pr_coding_time', {
      value: 14400,
      n: 27,
      series: shiftedSeries(28800, 10800),
    }),
    metric('pr_pickup_time', {
      value: 5400,
      n: 25,
      series: shiftedSeries(3600, 5400),
    }),
    metric('pr_review_time', {
      value: 7200,
      n: 25,
      series: shiftedSeries(7200, 3600),
    }),
    metric('pr_deploy_time', {
      value: 86400,
      n: 27,
      series: shiftedSeries(86400, 86400),
    }),
    metric('pr_merge_rate', {
      value: 0.9310344827586207,
      n: 29,
      delta: -0.0245,
    }),
    metric('pr_cycle_time', { value: 47754.384, n: 27, delta: -11880.867 }),
    metric('incidents_per_pr', {
      value: 0.07407407407407407,
      n: 27,
      numerator: 2,
      denominator: 27,
      delta: -0.018949181739879417,
    }),
    metric('bugs_per_developer', {
      value: 2,
      n: 2,
      delta: 0,
      flags: ['small-sample', 'demo-data'],
    }),
    metric('revert_rate', {
      value: 0.07407407407407407,
      n: 27,
      delta: 0.027562446167097326,
    }),
    metric('review_coverage', {
      value: 0.5185185185185185,
      n: 27,
      numerator: 14,
      denominator: 27,
      previous: 0.5581395348837209,
      delta: -0.03962101636520243,
      series: shiftedSeries(0.96, 0.52),
      control: reviewCoverageControl,
    }),
    metric('ai_assisted_share', {
      value: 0.7777777777777778,
      n: 27,
      delta: 0.05684754521963831,
      series: shiftedSeries(0.05, 0.7),
    }),
    metric('ai_policy_compliance', {
      value: 0.38095238095238093,
      n: 21,
      delta: -0.10291858678955457,
      series: shiftedSeries(0.9, 0.4),
    }),
  ];
}

export function paymentsApiScorecard(): ScorecardResponse {
  return {
    entityRef: 'component:default/payments-api',
    window: {
      from: '2026-10-26T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    },
    demo: true,
    computedAt: '2026-11-24T08:20:21.496Z',
    metrics: paymentsApiMetrics(),
    aiPolicy: {
      applicable: 21,
      compliant: 8,
      rate: 0.38095238095238093,
      violations: [
        {
          pullRequest: 267,
          url: 'https://github.com/shewhart-demo/payments-api/pull/267',
          author: 'ada',
          title: 'Generate change 267 in payments-api',
          mergedAt: '2026-11-21T03:03:29.527Z',
          policy: 'ai-review',
          signals: [
            'trailer Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
          ],
          confidence: 0.95,
          rules: [
            {
              id: 'human-approvals',
              reason: '0 approvals from humans other than ada (needs 1)',
            },
            {
              id: 'no-self-merge',
              reason:
                'ada merged their own PR without an approval from anyone else',
            },
          ],
          entityRef: 'component:default/payments-api',
        },
      ],
    },
    aiComparison: {
      ai: {
        pullRequests: 24,
        incidents: 7,
        reverted: 4,
        reviewed: 16,
        incidentsPerPr: 0.2916666666666667,
        revertRate: 0.16666666666666666,
        reviewCoverage: 0.6666666666666666,
        cycleTime: 67665.023,
      },
      nonAi: {
        pullRequests: 15,
        incidents: 1,
        reverted: 1,
        reviewed: 11,
        incidentsPerPr: 0.06666666666666667,
        revertRate: 0.06666666666666667,
        reviewCoverage: 0.7333333333333333,
        cycleTime: 32734.608,
      },
    },
  };
}

/** A scorecard of an entity that has sent nothing yet. */
export function emptyScorecard(entityRef: string): ScorecardResponse {
  return {
    entityRef,
    window: {
      from: '2026-10-26T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    },
    demo: false,
    computedAt: null,
    metrics: paymentsApiMetrics().map(m => ({
      id: m.id,
      value: null,
      n: 0,
      flags: ['no-data'],
      series: [],
    })),
    aiPolicy: { applicable: 0, compliant: 0, rate: null, violations: [] },
    aiComparison: {
      ai: {
        pullRequests: 0,
        incidents: 0,
        reverted: 0,
        reviewed: 0,
        incidentsPerPr: null,
        revertRate: null,
        reviewCoverage: null,
        cycleTime: null,
      },
      nonAi: {
        pullRequests: 0,
        incidents: 0,
        reverted: 0,
        reviewed: 0,
        incidentsPerPr: null,
        revertRate: null,
        reviewCoverage: null,
        cycleTime: null,
      },
    },
  };
}

/** A row of a ranking with the headline metrics. */
export function overviewRow(
  entityRef: string,
  title: string | undefined,
  values: {
    changeFailureRate: number;
    leadTime: number;
    compliance: number | null;
    applicable: number;
    compliant: number;
    complianceSeries?: SeriesPoint[];
  },
  extra: Partial<OverviewRow> = {},
): OverviewRow {
  const { changeFailureRate, leadTime, compliance, applicable, compliant } =
    values;
  return {
    entityRef,
    title,
    entities: 1,
    metrics: [
      metric('deployment_frequency', {
        value: 3,
        n: 13,
        band: 'high',
        series: [],
      }),
      metric('lead_time_for_changes', {
        value: leadTime,
        n: 26,
        band: 'high',
        series: [],
      }),
      metric('change_failure_rate', {
        value: changeFailureRate,
        n: 13,
        delta: 0.05,
        band: changeFailureRate > 0.15 ? 'low' : 'high',
        series: [],
      }),
      metric('time_to_restore', {
        value: 21321.836,
        n: 8,
        band: 'high',
        series: [],
      }),
      metric('incidents_per_pr', { value: 0.1, n: 24, series: [] }),
      metric('pr_coding_time', { value: leadTime / 4, n: 20, series: [] }),
      metric('pr_pickup_time', { value: 3600, n: 18, series: [] }),
      metric('pr_review_time', { value: 7200, n: 18, series: [] }),
      metric('pr_deploy_time', { value: 86400, n: 20, series: [] }),
      metric('review_coverage', {
        value: 0.875,
        n: 24,
        delta: -0.09,
        series: [],
      }),
      metric('ai_assisted_share', { value: 0.4, n: 24, series: [] }),
      metric('ai_policy_compliance', {
        value: compliance,
        n: applicable,
        flags: applicable < 5 ? ['small-sample', 'demo-data'] : ['demo-data'],
        series: values.complianceSeries ?? [],
      }),
    ],
    aiPolicy: { applicable, compliant, rate: compliance },
    ...extra,
  };
}

const compliance = (values: Array<[number | null, number]>) =>
  values.map(([value, n], i) => ({
    start: weekStart(26 - values.length + i),
    value,
    n,
  }));

export function overviewResponse(): OverviewResponse {
  return {
    demo: true,
    window: {
      from: '2026-10-27T08:21:23.256Z',
      to: '2026-11-24T08:21:23.256Z',
    },
    groups: [
      overviewRow(
        'group:default/engineering',
        'Engineering',
        {
          changeFailureRate: 0.17857142857142858,
          leadTime: 239708.8655,
          compliance: 0.6338028169014085,
          applicable: 71,
          compliant: 45,
          complianceSeries: compliance([
            [0.9, 20],
            [0.3157894736842105, 19],
            [0.35, 20],
            [null, 0],
          ]),
        },
        { entities: 11 },
      ),
      overviewRow(
        'group:default/payments-team',
        'Payments',
        {
          changeFailureRate: 0.3142857142857143,
          leadTime: 247911.818,
          compliance: 0.358974358974359,
          applicable: 39,
          compliant: 14,
          complianceSeries: compliance([
            [0.95, 10],
            [0.2222222222222222, 9],
            [0, 11],
            [null, 0],
          ]),
        },
        { parent: 'group:default/engineering', entities: 4 },
      ),
      overviewRow(
        'group:default/storefront-team',
        'Storefront',
        {
          changeFailureRate: 0.06060606060606061,
          leadTime: 239110.976,
          compliance: 1,
          applicable: 31,
          compliant: 31,
          complianceSeries: compliance([
            [1, 8],
            [0.4444444444444444, 9],
            [0.7777777777777778, 9],
            [null, 0],
          ]),
        },
        { parent: 'group:default/engineering', entities: 4 },
      ),
      overviewRow(
        'group:default/platform-team',
        'Platform',
        {
          changeFailureRate: 0.125,
          leadTime: 238163.774,
          compliance: 0,
          applicable: 1,
          compliant: 0,
          complianceSeries: compliance([
            [null, 0],
            [0, 1],
            [null, 0],
            [null, 0],
          ]),
        },
        { parent: 'group:default/engineering', entities: 3 },
      ),
    ],
  };
}

export function paymentsTeamBreakdown(): OwnerBreakdownResponse {
  return {
    demo: true,
    entityRef: 'group:default/payments-team',
    window: {
      from: '2026-10-26T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    },
    entities: [
      overviewRow('component:default/payments-api', undefined, {
        changeFailureRate: 0.2,
        leadTime: 307198.242,
        compliance: 0.38095238095238093,
        applicable: 21,
        compliant: 8,
      }),
      overviewRow('component:default/ledger', undefined, {
        changeFailureRate: 0.4166666666666667,
        leadTime: 222641.181,
        compliance: 0.3333333333333333,
        applicable: 18,
        compliant: 6,
      }),
      overviewRow('component:default/fraud-scoring', undefined, {
        changeFailureRate: 0.3076923076923077,
        leadTime: 241676.746,
        compliance: null,
        applicable: 0,
        compliant: 0,
      }),
    ],
    subGroups: [
      overviewRow(
        'group:default/fraud-team',
        'Fraud',
        {
          changeFailureRate: 0.3076923076923077,
          leadTime: 241676.746,
          compliance: null,
          applicable: 0,
          compliant: 0,
        },
        { parent: 'group:default/payments-team', entities: 1 },
      ),
    ],
  };
}

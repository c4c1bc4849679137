// Component schemas of the scorecard reads (scorecards, overview, metric
// definitions). They mirror the response types of
// @shewhart/plugin-quality-scorecard-common; src/schema/contract.test.ts and
// the generated types in -common keep the two equal.
import { METRIC_IDS } from '@shewhart/plugin-quality-scorecard-common';

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const nullable = (type: string) => ({ type: [type, 'null'] });
const window = {
  type: 'object',
  required: ['from', 'to'],
  properties: { from: { type: 'string' }, to: { type: 'string' } },
};
const BANDS = ['elite', 'high', 'medium', 'low'];

const bandRange = {
  type: 'object',
  required: ['band', 'published'],
  properties: {
    band: { type: 'string', enum: BANDS },
    published: { type: 'string' },
    min: { type: 'number' },
    max: { type: 'number' },
    maxInclusive: { type: 'boolean' },
    onWeeklyMean: { type: 'boolean' },
  },
};

const aiComparisonSide = {
  type: 'object',
  required: ['pullRequests', 'incidents', 'reverted', 'reviewed', 'incidentsPerPr', 'revertRate', 'reviewCoverage', 'cycleTime'],
  properties: {
    pullRequests: { type: 'integer' },
    incidents: { type: 'integer' },
    reverted: { type: 'integer' },
    reviewed: { type: 'integer' },
    incidentsPerPr: nullable('number'),
    revertRate: nullable('number'),
    reviewCoverage: nullable('number'),
    cycleTime: { ...nullable('number'), description: 'Median created → merged, seconds.' },
  },
};

const aiPolicyCounts = {
  applicable: { type: 'integer' },
  compliant: { type: 'integer' },
  rate: nullable('number'),
};

export const scorecardSchemas = {
  MetricId: { type: 'string', enum: [...METRIC_IDS] },
  MetricDefinition: {
    type: 'object',
    required: ['id', 'title', 'description', 'unit', 'direction', 'perspective', 'chart', 'isRatio', 'definitionUrl'],
    properties: {
      id: ref('MetricId'),
      title: { type: 'string' },
      description: { type: 'string' },
      unit: { type: 'string', enum: ['days-per-week', 'seconds', 'ratio', 'prs-per-author-per-week', 'incidents-per-pr', 'bugs-per-developer', 'defects-per-million', 'sigma'] },
      direction: { type: 'string', enum: ['higher-is-better', 'lower-is-better'] },
      perspective: { type: 'string', enum: ['speed', 'stability', 'quality', 'ai'] },
      bands: {
        type: 'object',
        required: ['edition', 'citation', 'ranges'],
        properties: {
          edition: { type: 'string' },
          citation: { type: 'string' },
          ranges: { type: 'array', items: bandRange },
        },
      },
      dora: { type: 'string', enum: ['throughput', 'instability'] },
      counterweight: ref('MetricId'),
      chart: { type: 'string', enum: ['u', 'p', 'xmr'] },
      isRatio: { type: 'boolean' },
      definitionUrl: { type: 'string' },
    },
  },
  MetricsResponse: {
    type: 'object',
    required: ['metrics'],
    properties: { metrics: { type: 'array', items: ref('MetricDefinition') } },
  },
  MetricValue: {
    type: 'object',
    required: ['id', 'value', 'n', 'flags', 'series'],
    properties: {
      id: ref('MetricId'),
      value: nullable('number'),
      n: { type: 'integer' },
      numerator: { type: 'number' },
      denominator: { type: 'number' },
      previous: nullable('number'),
      delta: nullable('number'),
      band: { type: 'string', enum: BANDS, description: 'DORA band of the value, as the edition bandEdition names publishes it.' },
      bandEdition: { type: 'string', description: 'The report edition of the band, e.g. "DORA 2024".' },
      flags: { type: 'array', items: { type: 'string', enum: ['small-sample', 'no-data', 'demo-data'] } },
      series: {
        type: 'array',
        items: {
          type: 'object',
          required: ['start', 'value', 'n'],
          properties: { start: { type: 'string' }, value: nullable('number'), n: { type: 'integer' } },
        },
      },
      control: ref('ControlChart'),
    },
  },
  AiPolicyViolation: {
    type: 'object',
    required: ['pullRequest', 'entityRef', 'url', 'author', 'title', 'mergedAt', 'rules'],
    properties: {
      pullRequest: { type: 'integer' },
      entityRef: { type: 'string' },
      url: { type: 'string' },
      author: { type: 'string' },
      title: { type: 'string' },
      mergedAt: { type: 'string' },
      policy: { type: 'string' },
      signals: { type: 'array', items: { type: 'string' } },
      confidence: { type: 'number' },
      rules: {
        type: 'array',
        items: { type: 'object', required: ['id', 'reason'], properties: { id: { type: 'string' }, reason: { type: 'string' } } },
      },
    },
  },
  Scorecard: {
    type: 'object',
    required: ['entityRef', 'window', 'demo', 'computedAt', 'metrics', 'aiPolicy', 'aiComparison'],
    properties: {
      entityRef: { type: 'string' },
      window,
      entities: { type: 'array', items: { type: 'string' } },
      demo: { type: 'boolean' },
      computedAt: nullable('string'),
      metrics: { type: 'array', items: ref('MetricValue') },
      aiPolicy: {
        type: 'object',
        required: ['applicable', 'compliant', 'rate', 'violations'],
        properties: { ...aiPolicyCounts, violations: { type: 'array', items: ref('AiPolicyViolation') } },
      },
      aiComparison: {
        type: 'object',
        description: 'AI-assisted vs other merged PRs of the window',
        required: ['ai', 'nonAi'],
        properties: { ai: aiComparisonSide, nonAi: aiComparisonSide },
      },
    },
  },
  OverviewRow: {
    type: 'object',
    required: ['entityRef', 'entities', 'metrics', 'aiPolicy'],
    properties: {
      entityRef: { type: 'string' },
      kind: { type: 'string' },
      title: { type: 'string' },
      parent: { type: 'string' },
      entities: { type: 'integer' },
      metrics: { type: 'array', items: ref('MetricValue') },
      aiPolicy: { type: 'object', required: ['applicable', 'compliant', 'rate'], properties: aiPolicyCounts },
    },
  },
  OverviewResponse: {
    type: 'object',
    required: ['window', 'demo', 'groups'],
    properties: { window, demo: { type: 'boolean' }, groups: { type: 'array', items: ref('OverviewRow') } },
  },
  OwnerBreakdownResponse: {
    type: 'object',
    required: ['entityRef', 'window', 'demo', 'entities', 'subGroups'],
    properties: {
      entityRef: { type: 'string' },
      window,
      demo: { type: 'boolean' },
      entities: { type: 'array', items: ref('OverviewRow') },
      subGroups: { type: 'array', items: ref('OverviewRow') },
    },
  },
  RefreshResponse: {
    type: 'object',
    required: ['entityRef', 'weeks'],
    properties: { entityRef: { type: 'string' }, weeks: { type: 'integer', description: 'Snapshot rows rewritten.' } },
  },
} as const;

// The summary view (`?view=summary`) and one metric's chart: see
// ScorecardSummaryResponse and MetricChartResponse in -common for what the
// summary omits.
const { series, control, ...summaryFields } = scorecardSchemas.MetricValue.properties;

export const scorecardViewSchemas = {
  MetricSummary: {
    type: 'object',
    description: 'A metric of the summary view: MetricValue without series and control.',
    required: ['id', 'value', 'n', 'flags', 'weekly'],
    properties: {
      ...summaryFields,
      weekly: {
        type: 'array',
        description: "The series' weekly values to 4 significant digits, oldest first; the last week ends at window.to.",
        items: nullable('number'),
      },
      signals: { type: 'array', description: "The control chart's signals.", items: ref('ControlSignal') },
    },
  },
  ScorecardSummary: {
    ...scorecardSchemas.Scorecard,
    description: 'The summary view of a scorecard: each metric without its weekly series and control chart.',
    properties: { ...scorecardSchemas.Scorecard.properties, metrics: { type: 'array', items: ref('MetricSummary') } },
  },
  MetricChart: {
    type: 'object',
    required: ['entityRef', 'window', 'metric', 'series'],
    properties: { entityRef: { type: 'string' }, window, metric: ref('MetricId'), series, control },
  },
} as const;

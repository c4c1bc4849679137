// The shared parts of the OpenAPI document (openapi.ts): the parameters and
// responses many operations take, and the component schemas.
export const entityPath = [
  { name: 'kind', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } },
  { name: 'namespace', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } },
  { name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } },
] as const;

export const windowQuery = [
  // allowReserved: times such as 2026-08-24T00:00:00Z may be sent unencoded.
  { name: 'from', in: 'query', required: false, allowReserved: true, schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query', required: false, allowReserved: true, schema: { type: 'string', format: 'date-time' } },
] as const;

export const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
} as const;

export const scorecardResponse = {
  description: 'A scorecard',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Scorecard' } } },
} as const;

export const components = {
  schemas: {
    Error: {
      type: 'object',
      properties: {
        error: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } } },
      },
    },
    IngestResponse: {
      type: 'object',
      required: ['accepted', 'duplicates', 'unattributed'],
      properties: {
        accepted: { type: 'integer' },
        duplicates: { type: 'integer' },
        unattributed: { type: 'integer' },
      },
    },
    MetricValue: {
      type: 'object',
      required: ['id', 'value', 'n', 'flags', 'series'],
      properties: {
        id: { type: 'string' },
        value: { type: ['number', 'null'] },
        n: { type: 'integer' },
        numerator: { type: 'number' },
        denominator: { type: 'number' },
        previous: { type: ['number', 'null'] },
        delta: { type: ['number', 'null'] },
        band: { type: 'string', enum: ['elite', 'high', 'medium', 'low'], description: 'DORA band of the value, as the edition bandEdition names publishes it.' },
        bandEdition: { type: 'string', description: 'The report edition of the band, e.g. "DORA 2024".' },
        flags: { type: 'array', items: { type: 'string' } },
        series: {
          type: 'array',
          items: {
            type: 'object',
            properties: { start: { type: 'string' }, value: { type: ['number', 'null'] }, n: { type: 'integer' } },
          },
        },
        control: { $ref: '#/components/schemas/ControlChart' },
      },
    },
    ControlSignal: {
      type: 'object',
      required: ['rule', 'start'],
      properties: {
        rule: {
          type: 'string',
          enum: [
            'beyond-3-sigma',
            'two-of-three-beyond-2-sigma',
            'four-of-five-beyond-1-sigma',
            'eight-on-one-side',
            'beyond-limit',
            'cusum',
          ],
        },
        start: { type: 'string', description: "Start of the week at which the rule's run begins." },
        end: { type: 'string', description: 'Start of the week at which the rule fired.' },
        side: { type: 'string', enum: ['above', 'below'] },
        description: { type: 'string' },
        strength: {
          type: 'number',
          description: "The rule's statistic over its threshold at the episode's strongest week (1 at the threshold); beyond-limit and cusum only.",
        },
      },
    },
    BaselinePeriod: {
      type: 'object',
      required: ['from', 'to', 'baselineWeeks', 'center', 'source'],
      properties: {
        from: { type: 'string', description: "Start of the period's first week." },
        to: { type: ['string', 'null'], description: 'Start of the week after its last week; null while it lasts.' },
        baselineWeeks: { type: 'integer' },
        center: { type: ['number', 'null'] },
        source: { type: 'string', enum: ['default', 'manual', 'rule'] },
        reason: { type: 'string' },
        startedBy: { type: 'string' },
        startedAt: { type: 'string' },
      },
    },
    ControlChart: {
      type: 'object',
      required: ['chart', 'center', 'ucl', 'lcl', 'limits', 'baselineWeeks', 'signals'],
      properties: {
        chart: { type: 'string', enum: ['u', 'p', 'np', 'xmr', 'median'] },
        method: { type: 'string', enum: ['three-sigma', 'exact', 'normal'], description: 'Absent: three-sigma.' },
        transform: { type: 'string', enum: ['log'] },
        center: { type: 'number' },
        ucl: { type: 'number' },
        lcl: { type: 'number' },
        limits: {
          type: 'array',
          items: {
            type: ['object', 'null'],
            required: ['start', 'ucl', 'lcl'],
            properties: {
              start: { type: 'string' },
              ucl: { type: 'number' },
              lcl: { type: 'number' },
              center: { type: 'number' },
            },
          },
        },
        baselineWeeks: { type: 'integer' },
        signals: { type: 'array', items: { $ref: '#/components/schemas/ControlSignal' } },
        rules: { type: 'array', items: { type: 'string' }, description: 'The rules that can raise a signal on this chart; empty when its signals are off.' },
        signalsOff: { type: 'string', description: 'Why this chart raises no signal of its own.' },
        falseAlarms: {
          type: 'object',
          required: ['perYear', 'text'],
          properties: { perYear: { type: 'number' }, text: { type: 'string' } },
        },
        baselines: { type: 'array', items: { $ref: '#/components/schemas/BaselinePeriod' }, description: 'The baseline periods, oldest first.' },
        partialFrom: { type: 'string', description: 'Start of the current, partial week: drawn, never signalling.' },
        cusum: {
          type: 'object',
          required: ['side', 'shift', 'threshold', 'values'],
          properties: {
            side: { type: 'string', enum: ['above', 'below'] },
            shift: { type: 'number' },
            threshold: { type: 'number' },
            values: { type: 'array', items: { type: ['number', 'null'] } },
          },
        },
      },
    },
    BaselineRecord: {
      type: 'object',
      required: ['id', 'entityRef', 'metric', 'from', 'reason', 'startedBy', 'startedAt'],
      properties: {
        id: { type: 'integer' },
        entityRef: { type: 'string' },
        metric: { type: ['string', 'null'], description: 'A metric id; null: every metric.' },
        from: { type: 'string', description: "Start of the period's first week (a Monday, 00:00 UTC)." },
        reason: { type: 'string' },
        startedBy: { type: 'string', description: "The user's entity ref, or service:<subject>." },
        startedAt: { type: 'string' },
      },
    },
    Scorecard: {
      type: 'object',
      required: ['entityRef', 'window', 'metrics', 'aiPolicy'],
      properties: {
        entityRef: { type: 'string' },
        window: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
        entities: { type: 'array', items: { type: 'string' } },
        demo: { type: 'boolean' },
        computedAt: { type: ['string', 'null'] },
        metrics: { type: 'array', items: { $ref: '#/components/schemas/MetricValue' } },
        aiPolicy: {
          type: 'object',
          required: ['applicable', 'compliant', 'rate', 'violations'],
          properties: {
            applicable: { type: 'integer' },
            compliant: { type: 'integer' },
            rate: { type: ['number', 'null'] },
            violations: { type: 'array', items: { type: 'object' } },
          },
        },
        aiComparison: {
          type: 'object',
          description: 'AI-assisted vs other merged PRs of the window',
          properties: { ai: { type: 'object' }, nonAi: { type: 'object' } },
        },
      },
    },
  },
} as const;

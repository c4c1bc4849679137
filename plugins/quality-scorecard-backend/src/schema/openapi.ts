// The public contract of ../shared/API.md as OpenAPI 3.1, served at
// /api/quality-scorecard/openapi.json and used to validate requests.
const entityPath = [
  { name: 'kind', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } },
  { name: 'namespace', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } },
  { name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } },
] as const;

const windowQuery = [
  // allowReserved: times such as 2026-08-24T00:00:00Z may be sent unencoded.
  { name: 'from', in: 'query', required: false, allowReserved: true, schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query', required: false, allowReserved: true, schema: { type: 'string', format: 'date-time' } },
] as const;

const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
} as const;

const scorecardResponse = {
  description: 'A scorecard',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Scorecard' } } },
} as const;

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'quality-scorecard',
    version: '1',
    description: 'Shewhart quality scorecard: ingestion and balanced-scorecard reads.',
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  components: {
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
          band: { type: 'string', enum: ['elite', 'high', 'medium', 'low'] },
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
  },
  paths: {
    '/health': {
      get: {
        operationId: 'Health',
        description: 'Liveness; reachable without credentials.',
        responses: { '200': { description: 'ok' } },
      },
    },
    '/metrics': {
      get: {
        operationId: 'ListMetrics',
        description: 'Every metric definition.',
        responses: { '200': { description: 'Metric definitions' }, default: errorResponse },
      },
    },
    '/events': {
      post: {
        operationId: 'IngestEvents',
        description: 'A batch of at most 5,000 events; answers after a durable write.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              // Each event is validated with zod to name the index and field of a bad one.
              schema: { type: 'object', required: ['events'], properties: { events: { type: 'array' } } },
            },
          },
        },
        responses: {
          '200': { description: 'Stored', content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestResponse' } } } },
          '400': errorResponse,
          '401': errorResponse,
        },
      },
    },
    '/webhooks/{source}': {
      post: {
        operationId: 'Webhook',
        description:
          "Signed webhook deliveries of an installed webhook source: `github` (X-Hub-Signature-256), `pagerduty` (X-PagerDuty-Signature), and those of modules (qualityScorecardWebhookSourcesExtensionPoint). Served outside the JSON validator: signatures cover the raw body. 202 when stored and mapped or queued, 200 for a delivery id already stored.",
        parameters: [{ name: 'source', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'A delivery already stored' },
          '202': { description: 'Accepted' },
          '400': errorResponse,
          '401': errorResponse,
          '404': errorResponse,
        },
      },
    },
    '/unattributed': {
      get: {
        operationId: 'ListUnattributed',
        description: 'Stored events that match no catalog entity, grouped by locator.',
        responses: { '200': { description: 'Groups' }, default: errorResponse },
      },
    },
    '/deliveries/failed': {
      get: {
        operationId: 'ListFailedDeliveries',
        description:
          'Raw webhook deliveries set aside as failed (a payload that cannot be mapped, or every retry failed), latest first, and how many wait for a retry (admin).',
        parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } }],
        responses: {
          '200': {
            description: 'Counts and failed deliveries',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['retrying', 'failed', 'items'],
                  properties: {
                    retrying: { type: 'integer' },
                    failed: { type: 'integer' },
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['id', 'source', 'deliveryId', 'eventName', 'receivedAt', 'failedAt', 'attempts', 'error'],
                        properties: {
                          id: { type: 'integer' },
                          source: { type: 'string' },
                          deliveryId: { type: 'string' },
                          eventName: { type: 'string' },
                          receivedAt: { type: 'string' },
                          failedAt: { type: 'string' },
                          attempts: { type: 'integer' },
                          error: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '403': errorResponse,
        },
      },
    },
    '/replay': {
      post: {
        operationId: 'Replay',
        description: 'Re-process stored raw deliveries and re-attribute stored events (admin).',
        parameters: [{ name: 'source', in: 'query', required: false, schema: { type: 'string', enum: ['github', 'pagerduty'] } }],
        responses: { '200': { description: 'Counts' }, '403': errorResponse },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'EntityScorecard',
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': scorecardResponse, '400': errorResponse, default: errorResponse },
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'OwnerScorecard',
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': scorecardResponse, '400': errorResponse, '404': errorResponse },
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}/breakdown': {
      get: {
        operationId: 'OwnerBreakdown',
        description: "The owner's services (directly or through sub-groups) and direct sub-groups, each with headline metrics.",
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': { description: 'Rows' }, '400': errorResponse, '404': errorResponse },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}/refresh': {
      post: {
        operationId: 'RefreshEntity',
        parameters: [...entityPath],
        responses: { '200': { description: 'Recomputed' }, '403': errorResponse },
      },
    },
    '/checks': {
      get: { operationId: 'ListChecks', description: 'Check definitions and levels.', responses: { '200': { description: 'Definitions' } } },
    },
    '/checks/overview': {
      get: { operationId: 'ChecksOverview', description: 'Level distribution per group.', responses: { '200': { description: 'Groups' } } },
    },
    '/checks/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'EntityChecks',
        description: "An entity's level, each check's status (after exemptions) and the history of changes.",
        parameters: [...entityPath],
        responses: { '200': { description: 'Results' }, default: errorResponse },
      },
    },
    '/checks/owner/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'OwnerChecks',
        description: 'How many of the services an owner owns (directly or through sub-groups) hold each level.',
        parameters: [...entityPath],
        responses: { '200': { description: 'Distribution' }, '404': errorResponse },
      },
    },
    '/gate/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'Gate',
        description: 'CI gate: whether the entity holds a level, with the failing checks.',
        parameters: [...entityPath, { name: 'level', in: 'query', required: true, schema: { type: 'string', maxLength: 64 } }],
        responses: { '200': { description: 'Verdict' }, '400': errorResponse },
      },
    },
    '/exemptions': {
      get: {
        operationId: 'ListExemptions',
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'entityRef', in: 'query', required: false, allowReserved: true, schema: { type: 'string', maxLength: 255 } },
        ],
        responses: { '200': { description: 'Exemptions with their audit trail' } },
      },
      post: {
        operationId: 'RequestExemption',
        description: 'An owner requests an exemption from a check, with a reason and an expiry.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['entityRef', 'checkId', 'reason', 'expiresAt'],
                properties: {
                  entityRef: { type: 'string' },
                  checkId: { type: 'string' },
                  reason: { type: 'string' },
                  expiresAt: { type: 'string' },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'Requested' }, '400': errorResponse, '403': errorResponse },
      },
    },
    ...Object.fromEntries(
      ['approve', 'deny', 'revoke'].map(action => [
        `/exemptions/{id}/${action}`,
        {
          post: {
            operationId: `${action[0].toUpperCase()}${action.slice(1)}Exemption`,
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 20 } }],
            requestBody: {
              required: false,
              content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' } } } } },
            },
            responses: { '200': { description: 'Decided' }, '403': errorResponse, '404': errorResponse, '409': errorResponse },
          },
        },
      ]),
    ),
    ...Object.fromEntries(
      [
        ['/facts/by-refs', 'EntitiesFacts', 'Window values of every metric, the level held and check counts of up to 1,000 entities (integrations such as tech-insights).'],
        ['/checks/by-refs', 'EntitiesChecks', 'Levels and check results (after exemptions) of up to 1,000 entities.'],
      ].map(([path, operationId, description]) => [
        path,
        {
          post: {
            operationId,
            description,
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['entityRefs'],
                    properties: {
                      entityRefs: { type: 'array', items: { type: 'string' } },
                      windowDays: { type: 'integer' },
                    },
                  },
                },
              },
            },
            responses: { '200': { description: 'One item per entity ref, in order' }, '400': errorResponse, '403': errorResponse },
          },
        },
      ]),
    ),
    '/baselines/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'ListBaselines',
        description: "The control-chart baselines started for an entity, oldest period first (permission quality-scorecard.scorecard.read).",
        parameters: [...entityPath],
        responses: {
          '200': {
            description: 'Baselines',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['entityRef', 'baselines'],
                  properties: {
                    entityRef: { type: 'string' },
                    baselines: { type: 'array', items: { $ref: '#/components/schemas/BaselineRecord' } },
                  },
                },
              },
            },
          },
          default: errorResponse,
        },
      },
      post: {
        operationId: 'StartBaseline',
        description:
          "Start a new control-chart baseline from the week of `from` (permission quality-scorecard.baseline.manage on the entity; audited as baseline-start). The entity's charts take their limits from the new period at once.",
        parameters: [...entityPath],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              // Validated with zod to name the field of a bad one.
              schema: {
                type: 'object',
                properties: {
                  metric: { type: 'string', description: 'A metric id (GET /metrics); omitted: every metric.' },
                  from: { type: 'string', description: 'An ISO-8601 date-time with an offset, in the first week of the new period; not after the current week.' },
                  reason: { type: 'string', description: 'Why (1 to 500 characters).' },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Started', content: { 'application/json': { schema: { $ref: '#/components/schemas/BaselineRecord' } } } },
          '400': errorResponse,
          '401': errorResponse,
          '403': errorResponse,
        },
      },
    },
    '/overview': {
      get: {
        operationId: 'Overview',
        parameters: [...windowQuery],
        responses: { '200': { description: 'Every owner group with headline metrics' } },
      },
    },
  },
} as const;

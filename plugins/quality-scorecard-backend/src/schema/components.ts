// The shared parts of the OpenAPI document (openapi.ts): the parameters and
// responses many operations take, and the component schemas.
import { checkSchemas } from './checkSchemas';
import { ref, scorecardSchemas } from './scorecardSchemas';

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

/** A JSON response of a component schema. */
export const jsonResponse = (description: string, schema: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});

const ERROR_TEXT = {
  400: 'InputError: a parameter or the body is invalid (the message names it)',
  401: 'AuthenticationError: no or invalid credentials',
  403: 'NotAllowedError: the permission named in the message is denied',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'The body is larger than qualityScorecard.ingestion.maxBodySize',
  503: 'ServiceUnavailableError',
} as const;

/** The Backstage error body (@backstage/errors ErrorResponseBody) answered for each status. */
export const errors = (...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 503>) =>
  Object.fromEntries(statuses.map(status => [String(status), jsonResponse(ERROR_TEXT[status], 'Error')]));


export const scorecardResponse = jsonResponse('A scorecard', 'Scorecard');

const count = { type: 'integer' } as const;

export const components = {
  schemas: {
    Error: {
      type: 'object',
      description: 'The body of every error answer (@backstage/errors ErrorResponseBody).',
      required: ['error', 'response'],
      properties: {
        error: {
          type: 'object',
          required: ['name', 'message'],
          properties: { name: { type: 'string' }, message: { type: 'string' } },
        },
        request: {
          type: 'object',
          required: ['method', 'url'],
          properties: { method: { type: 'string' }, url: { type: 'string' } },
        },
        response: { type: 'object', required: ['statusCode'], properties: { statusCode: { type: 'integer' } } },
      },
    },
    HealthResponse: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
    IngestResponse: {
      type: 'object',
      required: ['accepted', 'duplicates', 'unattributed'],
      properties: { accepted: count, duplicates: count, unattributed: count },
    },
    WebhookResult: {
      type: 'object',
      required: ['deliveryId', 'duplicate', 'processed', 'events'],
      properties: {
        deliveryId: { type: 'string' },
        duplicate: { type: 'boolean' },
        processed: { type: 'boolean' },
        events: count,
        queued: { type: 'boolean', description: 'Stored, and still being processed when the answer was due.' },
      },
    },
    UnattributedResponse: {
      type: 'object',
      required: ['items'],
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'repository', 'pagerDutyServiceId', 'gitlabProject', 'gitlabInstance', 'locators', 'count'],
            properties: {
              type: { type: 'string' },
              repository: { type: ['string', 'null'] },
              pagerDutyServiceId: { type: ['string', 'null'] },
              gitlabProject: { type: ['string', 'null'] },
              gitlabInstance: { type: ['string', 'null'] },
              locators: { type: ['array', 'null'], items: { type: 'string' } },
              count,
            },
          },
        },
      },
    },
    ReplayResponse: {
      type: 'object',
      required: ['deliveries', 'attributed'],
      properties: {
        deliveries: { ...count, description: 'Raw deliveries processed again.' },
        attributed: { ...count, description: 'Stored events newly attributed to an entity.' },
      },
    },
    ...scorecardSchemas,
    ...checkSchemas,
    ControlRule: { type: 'string', enum: [ 'beyond-3-sigma', 'two-of-three-beyond-2-sigma', 'four-of-five-beyond-1-sigma', 'eight-on-one-side', 'beyond-limit', 'cusum', ] },
    ControlSignal: {
      type: 'object',
      required: ['rule', 'start', 'end', 'side', 'description'],
      properties: {
        rule: ref('ControlRule'),
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
        rules: { type: 'array', items: ref('ControlRule'), description: 'The rules that can raise a signal on this chart; empty when its signals are off.' },
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
    EntityEventsResponse: {
      type: 'object',
      required: ['entityRef', 'window', 'items', 'more'],
      properties: {
        entityRef: { type: 'string' },
        window: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
        items: {
          type: 'array',
          description: 'Newest first.',
          items: {
            type: 'object',
            required: ['type', 'id', 'source', 'title', 'url', 'severity', 'status', 'createdAt'],
            properties: {
              type: { type: 'string', enum: ['incident', 'bug'] },
              id: { type: 'string' },
              source: { type: 'string' },
              title: { type: 'string' },
              url: { type: ['string', 'null'] },
              severity: { type: ['string', 'null'] },
              status: { type: 'string' },
              createdAt: { type: 'string' },
              resolvedAt: { type: ['string', 'null'], description: "An incident's resolution; absent on a bug." },
              closedAt: { type: ['string', 'null'], description: "A bug's closing; absent on an incident." },
            },
          },
        },
        more: { type: 'boolean', description: 'Whether more were created in the window than the limit let through.' },
      },
    },
    BaselinesResponse: {
      type: 'object',
      required: ['entityRef', 'baselines'],
      properties: { entityRef: { type: 'string' }, baselines: { type: 'array', items: ref('BaselineRecord') } },
    },
  },
} as const;

/** Any error answer (prefer `errors(...)`, which names the statuses). */
export const errorResponse = jsonResponse('Error', 'Error');

// The public contract of the quality-scorecard backend as OpenAPI 3.1: every
// operation with its request, its success body and its error answers. Served
// at /api/quality-scorecard/openapi.json and used to validate requests;
// src/schema/responses.test.ts checks real answers against it and
// quality-scorecard-common's openapi.generated.ts types are generated from it
// (docs/api.md).
import {
  components,
  entityPath,
  errors,
  jsonResponse,
  windowQuery,
} from './components';
import { checkPaths } from './checkPaths';
import { campaignPaths } from './campaignPaths';
import { campaignSchemas } from './campaignSchemas';
import { ingestPaths } from './ingestPaths';
import { scorecardViewSchemas } from './scorecardSchemas';

/** `?view=`: the full scorecard (default) or its summary (ScorecardSummaryResponse). */
const viewQuery = {
  name: 'view',
  in: 'query',
  required: false,
  description:
    'full (default): every field; summary: each metric without its weekly series and control chart (read them with …/metrics/{metricId}/chart).',
  schema: { type: 'string', enum: ['summary', 'full'] },
} as const;
const scorecardViews = {
  description: 'A scorecard (view=full) or its summary (view=summary)',
  content: {
    'application/json': {
      schema: {
        oneOf: [
          { $ref: '#/components/schemas/Scorecard' },
          { $ref: '#/components/schemas/ScorecardSummary' },
        ],
      },
    },
  },
} as const;
const metricPath = [
  ...entityPath,
  {
    name: 'metricId',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/MetricId' },
  },
] as const;
const metricChart = (description: string, ...statuses: Array<403>) => ({
  description,
  parameters: [...metricPath, ...windowQuery],
  responses: {
    '200': jsonResponse(
      "The metric's weekly series and control chart",
      'MetricChart',
    ),
    ...errors(400, 401, ...statuses, 404),
  },
});

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'quality-scorecard',
    version: '1',
    description:
      'Shewhart quality scorecard: ingestion and balanced-scorecard reads.',
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  components: {
    ...components,
    schemas: {
      ...components.schemas,
      ...scorecardViewSchemas,
      ...campaignSchemas,
    },
  },
  paths: {
    '/health': {
      get: {
        operationId: 'Health',
        description: 'Liveness; reachable without credentials.',
        responses: { '200': jsonResponse('ok', 'HealthResponse') },
      },
    },
    '/metrics': {
      get: {
        operationId: 'ListMetrics',
        description: 'Every metric definition.',
        responses: {
          '200': jsonResponse('Metric definitions', 'MetricsResponse'),
          ...errors(401),
        },
      },
    },
    ...ingestPaths,
    '/scorecards/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'EntityScorecard',
        parameters: [...entityPath, ...windowQuery, viewQuery],
        responses: { '200': scorecardViews, ...errors(400, 401, 403) },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}/metrics/{metricId}/chart': {
      get: {
        operationId: 'EntityMetricChart',
        ...metricChart(
          "One metric's weekly series and control chart, equal to its series and control in the entity's full scorecard of the same window (same permissions as the scorecard).",
          403,
        ),
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'OwnerScorecard',
        parameters: [...entityPath, ...windowQuery, viewQuery],
        responses: { '200': scorecardViews, ...errors(400, 401, 404) },
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}/metrics/{metricId}/chart': {
      get: {
        operationId: 'OwnerMetricChart',
        ...metricChart(
          "One metric's weekly series and control chart of the owner's roll-up, equal to its series and control in the full roll-up of the same window.",
        ),
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}/breakdown': {
      get: {
        operationId: 'OwnerBreakdown',
        description:
          "The owner's services (directly or through sub-groups) and direct sub-groups, each with headline metrics.",
        parameters: [...entityPath, ...windowQuery],
        responses: {
          '200': jsonResponse('Rows', 'OwnerBreakdownResponse'),
          ...errors(400, 401, 404),
        },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}/refresh': {
      post: {
        operationId: 'RefreshEntity',
        parameters: [...entityPath],
        responses: {
          '200': jsonResponse('Recomputed', 'RefreshResponse'),
          ...errors(400, 401, 403),
        },
      },
    },
    ...checkPaths,
    ...campaignPaths,
    '/lifecycle/entities': {
      get: {
        operationId: 'ListMissingEntities',
        description:
          'Entities with stored data that left the catalog: since when, and after when their data is deleted unless they come back (permission quality-scorecard.admin; docs/entity-lifecycle.md).',
        responses: {
          '200': {
            description: 'Missing entities, longest missing first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['entityRef', 'missingSince', 'deleteAfter'],
                        properties: {
                          entityRef: { type: 'string' },
                          missingSince: { type: 'string', format: 'date-time' },
                          deleteAfter: { type: 'string', format: 'date-time' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(401, 403),
        },
      },
    },
    '/overview': {
      get: {
        operationId: 'Overview',
        parameters: [...windowQuery],
        responses: {
          '200': jsonResponse(
            'Every owner group with headline metrics',
            'OverviewResponse',
          ),
          ...errors(400, 401),
        },
      },
    },
    '/events/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'ListEntityEvents',
        description:
          "An entity's incidents and bugs created in the window, newest first, with where they live (permission quality-scorecard.scorecard.read on the entity).",
        parameters: [
          ...entityPath,
          ...windowQuery,
          {
            name: 'type',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['incident', 'bug'] },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
        ],
        responses: {
          '200': jsonResponse(
            'Incidents and bugs, newest first',
            'EntityEventsResponse',
          ),
          ...errors(400, 401, 403),
        },
      },
    },
  },
} as const;

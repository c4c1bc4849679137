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
  scorecardResponse,
  windowQuery,
} from './components';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'quality-scorecard',
    version: '1',
    description: 'Shewhart quality scorecard: ingestion and balanced-scorecard reads.',
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  components,
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
        responses: { '200': jsonResponse('Metric definitions', 'MetricsResponse'), ...errors(401) },
      },
    },
    '/events': {
      post: {
        operationId: 'IngestEvents',
        description:
          'A batch of at most 5,000 events; answers after a durable write. Each event names its entity by `entityRef` or a locator the catalog maps: `repository` (github.com/project-slug), `gitlabProject` with `gitlabInstance?` (gitlab.com/project-slug, gitlab.com/instance; v1.1) or `pagerDutyServiceId` (pagerduty.com/service-id).',
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
          '200': jsonResponse('Stored', 'IngestResponse'),
          ...errors(400, 401, 403, 413),
        },
      },
    },
    '/webhooks/{source}': {
      post: {
        operationId: 'Webhook',
        description:
          "Signed webhook deliveries of an installed webhook source: `github` (X-Hub-Signature-256), `pagerduty` (X-PagerDuty-Signature), and those of modules (qualityScorecardWebhookSourcesExtensionPoint), such as `gitlab` (X-Gitlab-Token, X-Gitlab-Event; a repeat is known by Idempotency-Key, else by a hash of event and body) from the GitLab module. Served outside the JSON validator: signatures cover the raw body. 202 when stored and mapped or queued, 200 for a delivery id already stored.",
        parameters: [{ name: 'source', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': jsonResponse('A delivery already stored', 'WebhookResult'),
          '202': jsonResponse('Accepted', 'WebhookResult'),
          ...errors(400, 401, 404, 413),
        },
      },
    },
    '/unattributed': {
      get: {
        operationId: 'ListUnattributed',
        description: 'Stored events that match no catalog entity, grouped by locator.',
        responses: { '200': jsonResponse('Groups', 'UnattributedResponse'), ...errors(401, 403) },
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
          ...errors(400, 401, 403),
        },
      },
    },
    '/admin/webhook-secrets': {
      get: {
        operationId: 'ListWebhookSecrets',
        description:
          'Per webhook source: each configured secret by position and fingerprint, the stored deliveries it verified in the last `days` days and when it last verified one, so that an old secret is removed once it verifies nothing (admin; docs/webhook-secrets.md).',
        parameters: [
          { name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 3650, default: 30 } },
        ],
        responses: {
          '200': {
            description: 'Secrets by source',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['days', 'since', 'sources'],
                  properties: {
                    days: { type: 'integer' },
                    since: { type: 'string', format: 'date-time' },
                    sources: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['source', 'reportsSecrets', 'secrets', 'unconfigured'],
                        properties: {
                          source: { type: 'string' },
                          reportsSecrets: { type: 'boolean' },
                          secrets: {
                            type: 'array',
                            items: {
                              type: 'object',
                              required: ['list', 'position', 'fingerprint', 'deliveries', 'lastVerifiedAt'],
                              properties: {
                                list: { type: ['string', 'null'] },
                                position: { type: 'integer' },
                                fingerprint: { type: 'string' },
                                deliveries: { type: 'integer' },
                                lastVerifiedAt: { type: ['string', 'null'], format: 'date-time' },
                              },
                            },
                          },
                          unconfigured: {
                            type: 'array',
                            items: {
                              type: 'object',
                              required: ['fingerprint', 'deliveries', 'lastVerifiedAt'],
                              properties: {
                                fingerprint: { type: 'string' },
                                deliveries: { type: 'integer' },
                                lastVerifiedAt: { type: 'string', format: 'date-time' },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/replay': {
      post: {
        operationId: 'Replay',
        description: 'Re-process stored raw deliveries and re-attribute stored events (admin).',
        parameters: [{ name: 'source', in: 'query', required: false, schema: { type: 'string', enum: ['github', 'pagerduty'] } }],
        responses: { '200': jsonResponse('Counts', 'ReplayResponse'), ...errors(400, 401, 403) },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'EntityScorecard',
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': scorecardResponse, ...errors(400, 401, 403) },
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'OwnerScorecard',
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': scorecardResponse, ...errors(400, 401, 404) },
      },
    },
    '/scorecards/owner/{kind}/{namespace}/{name}/breakdown': {
      get: {
        operationId: 'OwnerBreakdown',
        description: "The owner's services (directly or through sub-groups) and direct sub-groups, each with headline metrics.",
        parameters: [...entityPath, ...windowQuery],
        responses: { '200': jsonResponse('Rows', 'OwnerBreakdownResponse'), ...errors(400, 401, 404) },
      },
    },
    '/scorecards/entity/{kind}/{namespace}/{name}/refresh': {
      post: {
        operationId: 'RefreshEntity',
        parameters: [...entityPath],
        responses: { '200': jsonResponse('Recomputed', 'RefreshResponse'), ...errors(400, 401, 403) },
      },
    },
    '/checks': {
      get: {
        operationId: 'ListChecks',
        description: 'Check definitions and levels.',
        responses: { '200': jsonResponse('Definitions', 'CheckDefinitionsResponse'), ...errors(401) },
      },
    },
    '/checks/overview': {
      get: {
        operationId: 'ChecksOverview',
        description: 'Level distribution per group.',
        responses: { '200': jsonResponse('Groups', 'ChecksOverviewResponse'), ...errors(401) },
      },
    },
    '/checks/entity/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'EntityChecks',
        description: "An entity's level, each check's status (after exemptions) and the history of changes.",
        parameters: [...entityPath],
        responses: { '200': jsonResponse('Results', 'EntityChecksWithHistory'), ...errors(400, 401, 403) },
      },
    },
    '/checks/owner/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'OwnerChecks',
        description: 'How many of the services an owner owns (directly or through sub-groups) hold each level.',
        parameters: [...entityPath],
        responses: { '200': jsonResponse('Distribution', 'OwnerChecksResponse'), ...errors(400, 401, 404) },
      },
    },
    '/gate/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'Gate',
        description: 'CI gate: whether the entity holds a level, with the failing checks.',
        parameters: [...entityPath, { name: 'level', in: 'query', required: true, schema: { type: 'string', maxLength: 64 } }],
        responses: { '200': jsonResponse('Verdict', 'GateResponse'), ...errors(400, 401, 403) },
      },
    },
    '/exemptions': {
      get: {
        operationId: 'ListExemptions',
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'entityRef', in: 'query', required: false, allowReserved: true, schema: { type: 'string', maxLength: 255 } },
        ],
        responses: { '200': jsonResponse('Exemptions with their audit trail', 'ExemptionListResponse'), ...errors(400, 401) },
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
        responses: { '201': jsonResponse('Requested', 'Exemption'), ...errors(400, 401, 403) },
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
            responses: { '200': jsonResponse('Decided', 'Exemption'), ...errors(400, 401, 403, 404, 409) },
          },
        },
      ]),
    ),
    ...Object.fromEntries(
      [
        ['/facts/by-refs', 'EntitiesFacts', 'QualityFactsResponse', 'Window values of every metric, the level held and check counts of up to 1,000 entities (integrations such as tech-insights).'],
        ['/checks/by-refs', 'EntitiesChecks', 'EntitiesChecksResponse', 'Levels and check results (after exemptions) of up to 1,000 entities.'],
      ].map(([path, operationId, response, description]) => [
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
            responses: { '200': jsonResponse('One item per entity ref, in order', response), ...errors(400, 401, 403) },
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
          '200': jsonResponse('Baselines', 'BaselinesResponse'),
          ...errors(400, 401, 403),
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
          '201': jsonResponse('Started', 'BaselineRecord'),
          ...errors(400, 401, 403),
        },
      },
    },
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
        responses: { '200': jsonResponse('Every owner group with headline metrics', 'OverviewResponse'), ...errors(400, 401) },
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
          { name: 'type', in: 'query', required: false, schema: { type: 'string', enum: ['incident', 'bug'] } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
        ],
        responses: {
          '200': jsonResponse('Incidents and bugs, newest first', 'EntityEventsResponse'),
          ...errors(400, 401, 403),
        },
      },
    },
  },
} as const;

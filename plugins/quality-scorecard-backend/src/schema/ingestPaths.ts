// The operations of ingestion and its operators: the events API, signed webhooks,
// unattributed events, failed deliveries and their replay, webhook-secret usage.
// Spread into spec.paths in this order (openapi.ts); the generated types follow it.
import { errors, jsonResponse } from './components';

export const ingestPaths = {
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
            schema: {
              type: 'object',
              required: ['events'],
              properties: { events: { type: 'array' } },
            },
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
        'Signed webhook deliveries of an installed webhook source: `github` (X-Hub-Signature-256), `pagerduty` (X-PagerDuty-Signature), and those of modules (qualityScorecardWebhookSourcesExtensionPoint), such as `gitlab` (X-Gitlab-Token, X-Gitlab-Event; a repeat is known by Idempotency-Key, else by a hash of event and body) from the GitLab module. Served outside the JSON validator: signatures cover the raw body. 202 when stored and mapped or queued, 200 for a delivery id already stored.',
      parameters: [
        {
          name: 'source',
          in: 'path',
          required: true,
          schema: { type: 'string' },
        },
      ],
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
      description:
        'Stored events that match no catalog entity, grouped by locator.',
      responses: {
        '200': jsonResponse('Groups', 'UnattributedResponse'),
        ...errors(401, 403),
      },
    },
  },
  '/deliveries/failed': {
    get: {
      operationId: 'ListFailedDeliveries',
      description:
        'Raw webhook deliveries set aside as failed (a payload that cannot be mapped, or every retry failed), latest first, and how many wait for a retry (admin).',
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 500 },
        },
      ],
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
                      required: [
                        'id',
                        'source',
                        'deliveryId',
                        'eventName',
                        'receivedAt',
                        'failedAt',
                        'attempts',
                        'error',
                      ],
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
        {
          name: 'days',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
        },
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
                      required: [
                        'source',
                        'reportsSecrets',
                        'secrets',
                        'unconfigured',
                      ],
                      properties: {
                        source: { type: 'string' },
                        reportsSecrets: { type: 'boolean' },
                        secrets: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: [
                              'list',
                              'position',
                              'fingerprint',
                              'deliveries',
                              'lastVerifiedAt',
                            ],
                            properties: {
                              list: { type: ['string', 'null'] },
                              position: { type: 'integer' },
                              fingerprint: { type: 'string' },
                              deliveries: { type: 'integer' },
                              lastVerifiedAt: {
                                type: ['string', 'null'],
                                format: 'date-time',
                              },
                            },
                          },
                        },
                        unconfigured: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: [
                              'fingerprint',
                              'deliveries',
                              'lastVerifiedAt',
                            ],
                            properties: {
                              fingerprint: { type: 'string' },
                              deliveries: { type: 'integer' },
                              lastVerifiedAt: {
                                type: 'string',
                                format: 'date-time',
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
        },
        ...errors(400, 401, 403),
      },
    },
  },
  '/replay': {
    post: {
      operationId: 'Replay',
      description:
        'Re-process stored raw deliveries and re-attribute stored events (admin).',
      parameters: [
        {
          name: 'source',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['github', 'pagerduty'] },
        },
      ],
      responses: {
        '200': jsonResponse('Counts', 'ReplayResponse'),
        ...errors(400, 401, 403),
      },
    },
  },
} as const;

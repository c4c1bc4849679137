// The operations of checks, levels, the CI gate, exemptions and control-chart
// baselines. Spread into spec.paths in this order (openapi.ts).
import { entityPath, errors, jsonResponse } from './components';

export const checkPaths = {
  '/checks': {
    get: {
      operationId: 'ListChecks',
      description: 'Check definitions and levels.',
      responses: {
        '200': jsonResponse('Definitions', 'CheckDefinitionsResponse'),
        ...errors(401),
      },
    },
  },
  '/checks/overview': {
    get: {
      operationId: 'ChecksOverview',
      description: 'Level distribution per group.',
      responses: {
        '200': jsonResponse('Groups', 'ChecksOverviewResponse'),
        ...errors(401),
      },
    },
  },
  '/checks/entity/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'EntityChecks',
      description:
        "An entity's level, each check's status (after exemptions) and the history of changes.",
      parameters: [...entityPath],
      responses: {
        '200': jsonResponse('Results', 'EntityChecksWithHistory'),
        ...errors(400, 401, 403),
      },
    },
  },
  '/checks/owner/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'OwnerChecks',
      description:
        'How many of the services an owner owns (directly or through sub-groups) hold each level.',
      parameters: [...entityPath],
      responses: {
        '200': jsonResponse('Distribution', 'OwnerChecksResponse'),
        ...errors(400, 401, 404),
      },
    },
  },
  '/gate/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'Gate',
      description:
        'CI gate: whether the entity holds a level, with the failing checks.',
      parameters: [
        ...entityPath,
        {
          name: 'level',
          in: 'query',
          required: true,
          schema: { type: 'string', maxLength: 64 },
        },
      ],
      responses: {
        '200': jsonResponse('Verdict', 'GateResponse'),
        ...errors(400, 401, 403),
      },
    },
  },
  '/exemptions': {
    get: {
      operationId: 'ListExemptions',
      parameters: [
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { type: 'string' },
        },
        {
          name: 'entityRef',
          in: 'query',
          required: false,
          allowReserved: true,
          schema: { type: 'string', maxLength: 255 },
        },
      ],
      responses: {
        '200': jsonResponse(
          'Exemptions with their audit trail',
          'ExemptionListResponse',
        ),
        ...errors(400, 401),
      },
    },
    post: {
      operationId: 'RequestExemption',
      description:
        'An owner requests an exemption from a check, with a reason and an expiry.',
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
      responses: {
        '201': jsonResponse('Requested', 'Exemption'),
        ...errors(400, 401, 403),
      },
    },
  },
  ...Object.fromEntries(
    ['approve', 'deny', 'revoke'].map(action => [
      `/exemptions/{id}/${action}`,
      {
        post: {
          operationId: `${action[0].toUpperCase()}${action.slice(1)}Exemption`,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string', maxLength: 20 },
            },
          ],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { note: { type: 'string' } },
                },
              },
            },
          },
          responses: {
            '200': jsonResponse('Decided', 'Exemption'),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
    ]),
  ),
  ...Object.fromEntries(
    [
      [
        '/facts/by-refs',
        'EntitiesFacts',
        'QualityFactsResponse',
        'Window values of every metric, the level held and check counts of up to 1,000 entities (integrations such as tech-insights).',
      ],
      [
        '/checks/by-refs',
        'EntitiesChecks',
        'EntitiesChecksResponse',
        'Levels and check results (after exemptions) of up to 1,000 entities.',
      ],
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
          responses: {
            '200': jsonResponse('One item per entity ref, in order', response),
            ...errors(400, 401, 403),
          },
        },
      },
    ]),
  ),
  '/baselines/entity/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'ListBaselines',
      description:
        'The control-chart baselines started for an entity, oldest period first (permission quality-scorecard.scorecard.read).',
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
                metric: {
                  type: 'string',
                  description:
                    'A metric id (GET /metrics); omitted: every metric.',
                },
                from: {
                  type: 'string',
                  description:
                    'An ISO-8601 date-time with an offset, in the first week of the new period; not after the current week.',
                },
                reason: {
                  type: 'string',
                  description: 'Why (1 to 500 characters).',
                },
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
} as const;

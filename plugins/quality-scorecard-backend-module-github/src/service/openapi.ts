// The GitHub module's routes (router.ts, mounted in the quality-scorecard
// plugin's namespace) as OpenAPI 3.1. src/service/openapi.test.ts calls each
// operation of the running module and validates its answers against this.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(description, ref('Error'));
const nullable = (type: string) => ({ type: [type, 'null'] });
const counts = { type: 'object', additionalProperties: { type: 'integer' } };

export const githubSyncSpec = {
  openapi: '3.1.0',
  info: {
    title: 'quality-scorecard-backend-module-github',
    version: '1',
    description:
      "The GitHub sync's routes, under the quality-scorecard plugin's base URL.",
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object',
        description:
          'The body of every error answer (@backstage/errors ErrorResponseBody).',
        required: ['error', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
          },
          request: {
            type: 'object',
            required: ['method', 'url'],
            properties: { method: { type: 'string' }, url: { type: 'string' } },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: { statusCode: { type: 'integer' } },
          },
        },
      },
      SyncRun: {
        type: 'object',
        required: [
          'id',
          'trigger',
          'entityRef',
          'status',
          'startedAt',
          'updatedAt',
          'finishedAt',
          'repositories',
          'requests',
          'items',
          'errors',
          'message',
        ],
        properties: {
          id: { type: 'integer' },
          trigger: { type: 'string', enum: ['schedule', 'manual'] },
          entityRef: {
            ...nullable('string'),
            description: 'null: the sync of everything.',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'partial', 'failed', 'stale'],
          },
          startedAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
          finishedAt: { type: ['string', 'null'], format: 'date-time' },
          repositories: {
            type: 'object',
            required: ['total', 'done', 'current'],
            properties: {
              total: { type: 'integer' },
              done: { type: 'integer' },
              current: {
                type: ['object', 'null'],
                required: ['repository', 'phase'],
                properties: {
                  repository: { type: 'string' },
                  phase: { type: 'string' },
                  done: { type: 'integer' },
                  total: { type: 'integer' },
                },
              },
            },
          },
          requests: {
            type: 'integer',
            description: 'GitHub API requests made.',
          },
          items: counts,
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['repository', 'message'],
              properties: {
                repository: { type: 'string' },
                message: { type: 'string' },
              },
            },
          },
          message: nullable('string'),
        },
      },
      SyncRepository: {
        type: 'object',
        required: [
          'repository',
          'key',
          'status',
          'error',
          'archived',
          'lastStartedAt',
          'lastFinishedAt',
          'historyFrom',
          'cursors',
          'counts',
        ],
        properties: {
          repository: { type: 'string' },
          key: { type: 'string' },
          status: {
            type: ['string', 'null'],
            enum: ['ok', 'skipped', 'error', null],
          },
          error: nullable('string'),
          archived: { type: 'boolean' },
          lastStartedAt: { type: ['string', 'null'], format: 'date-time' },
          lastFinishedAt: { type: ['string', 'null'], format: 'date-time' },
          historyFrom: { type: ['string', 'null'], format: 'date-time' },
          cursors: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: 'Newest GitHub updated_at seen per kind of item.',
          },
          counts: {
            type: ['object', 'null'],
            additionalProperties: { type: 'integer' },
          },
        },
      },
    },
  },
  paths: {
    '/github/sync': {
      post: {
        operationId: 'GithubSync',
        description:
          "`{entityRef}`: sync that entity's repository now (permission quality-scorecard.refresh); `{}`: trigger the scheduled sync of every repository on whichever instance the scheduler picks (permission quality-scorecard.admin).",
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { entityRef: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '202': json('Started', {
            oneOf: [
              {
                type: 'object',
                required: ['entityRef', 'runId', 'repository'],
                properties: {
                  entityRef: { type: 'string' },
                  runId: { type: 'integer' },
                  repository: { type: 'string' },
                },
              },
              {
                type: 'object',
                required: ['triggered'],
                properties: {
                  triggered: {
                    type: 'string',
                    description: 'The scheduled task id.',
                  },
                },
              },
            ],
          }),
          '400': error(
            'InputError: a bad entityRef, or an entity without github.com/project-slug',
          ),
          '401': error('AuthenticationError'),
          '403': error('NotAllowedError'),
          '404': error('NotFoundError: no such entity in the catalog'),
          '409': error(
            'ConflictError: that repository, or the scheduled sync, runs already',
          ),
          '503': error('ServiceUnavailableError: the sync is off'),
        },
      },
    },
    '/github/sync/status': {
      get: {
        operationId: 'GithubSyncStatus',
        description:
          "The latest runs and every repository's state (permission quality-scorecard.refresh).",
        responses: {
          '200': json('Status', {
            type: 'object',
            required: ['enabled', 'runs', 'repositories'],
            properties: {
              enabled: { type: 'boolean' },
              reason: { type: 'string', description: 'Why the sync is off.' },
              runs: {
                type: 'array',
                items: ref('SyncRun'),
                description: 'The 10 latest, newest first.',
              },
              repositories: { type: 'array', items: ref('SyncRepository') },
            },
          }),
          '401': error('AuthenticationError'),
          '403': error('NotAllowedError'),
        },
      },
    },
  },
} as const;

// Component schemas of checks, levels, the gate, exemptions and the bulk
// reads for integrations (facts, checks by refs). They mirror the types of
// @shewhart/plugin-quality-scorecard-common (api.ts, checksApi.ts).
import { METRIC_IDS } from '@shewhart/plugin-quality-scorecard-common';
import { ref } from './scorecardSchemas';

const nullable = (type: string) => ({ type: [type, 'null'] });
const STATUSES = ['pass', 'fail', 'exempt', 'insufficient-data'];
const next = {
  type: 'object',
  required: ['level', 'failing'],
  properties: { level: { type: 'string' }, failing: { type: 'array', items: { type: 'string' } } },
};
/** An object with exactly these keys, each holding `value`. */
const keyed = (keys: readonly string[], value: object) => ({
  type: 'object',
  required: [...keys],
  additionalProperties: false,
  properties: Object.fromEntries(keys.map(key => [key, value])),
});

export const checkSchemas = {
  CheckStatus: { type: 'string', enum: STATUSES },
  CheckDefinitionInfo: {
    type: 'object',
    required: ['id', 'title', 'metric', 'threshold', 'minSampleSize'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      metric: { type: 'string' },
      threshold: { type: 'string', description: 'e.g. "≤ 0.15" or "band ≥ high".' },
      minSampleSize: { type: 'integer' },
    },
  },
  LevelInfo: {
    type: 'object',
    required: ['id', 'title', 'checks'],
    properties: { id: { type: 'string' }, title: { type: 'string' }, checks: { type: 'array', items: { type: 'string' } } },
  },
  CheckResult: {
    type: 'object',
    required: ['checkId', 'title', 'metric', 'threshold', 'status', 'rawStatus', 'value', 'n', 'reason', 'evaluatedAt'],
    properties: {
      checkId: { type: 'string' },
      title: { type: 'string' },
      metric: { type: 'string' },
      threshold: { type: 'string' },
      status: ref('CheckStatus'),
      rawStatus: { type: 'string', enum: ['pass', 'fail', 'insufficient-data'], description: 'The status before exemptions.' },
      value: nullable('number'),
      n: { type: 'integer' },
      reason: { type: 'string' },
      exemption: {
        type: 'object',
        required: ['id', 'expiresAt', 'reason'],
        properties: { id: { type: 'integer' }, expiresAt: { type: 'string' }, reason: { type: 'string' } },
      },
      evaluatedAt: { type: 'string' },
    },
  },
  CheckDefinitionsResponse: {
    type: 'object',
    required: ['checks', 'levels', 'windowDays'],
    properties: {
      checks: { type: 'array', items: ref('CheckDefinitionInfo') },
      levels: { type: 'array', items: ref('LevelInfo'), description: 'Lowest first.' },
      windowDays: { type: 'integer' },
    },
  },
  EntityChecksWithHistory: {
    type: 'object',
    required: ['entityRef', 'level', 'results', 'levels', 'history'],
    properties: {
      entityRef: { type: 'string' },
      level: { ...nullable('string'), description: 'The highest level held, or null.' },
      next,
      results: { type: 'array', items: ref('CheckResult') },
      levels: { type: 'array', items: ref('LevelInfo') },
      history: {
        type: 'array',
        description: 'Newest first; at most the 200 latest changes.',
        items: {
          type: 'object',
          required: ['checkId', 'status', 'value', 'at'],
          properties: {
            checkId: { type: 'string' },
            status: { type: 'string', enum: ['pass', 'fail', 'insufficient-data'] },
            value: nullable('number'),
            at: { type: 'string' },
          },
        },
      },
    },
  },
  GateResponse: {
    type: 'object',
    required: ['entityRef', 'level', 'pass', 'heldLevel', 'failing'],
    properties: {
      entityRef: { type: 'string' },
      level: { type: 'string' },
      pass: { type: 'boolean' },
      heldLevel: nullable('string'),
      failing: { type: 'array', items: ref('CheckResult') },
    },
  },
  LevelDistribution: {
    type: 'object',
    required: ['entityRef', 'entities', 'levels'],
    properties: {
      entityRef: { type: 'string' },
      title: { type: 'string' },
      entities: { type: 'integer' },
      levels: { type: 'object', additionalProperties: { type: 'integer' }, description: 'level id (or "none") → entities holding it as their highest level.' },
    },
  },
  ChecksOverviewResponse: {
    type: 'object',
    required: ['groups'],
    properties: { groups: { type: 'array', items: ref('LevelDistribution') } },
  },
  OwnerChecksResponse: {
    type: 'object',
    required: ['entityRef', 'entities', 'levels', 'rows'],
    properties: {
      entityRef: { type: 'string' },
      title: { type: 'string' },
      entities: { type: 'integer' },
      levels: { type: 'object', additionalProperties: { type: 'integer' } },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['entityRef', 'level', 'failing'],
          properties: { entityRef: { type: 'string' }, level: nullable('string'), failing: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
  Exemption: {
    type: 'object',
    required: ['id', 'entityRef', 'checkId', 'reason', 'requestedBy', 'requestedAt', 'expiresAt', 'status', 'expired', 'audit'],
    properties: {
      id: { type: 'integer' },
      entityRef: { type: 'string' },
      checkId: { type: 'string' },
      reason: { type: 'string' },
      requestedBy: { type: 'string' },
      requestedAt: { type: 'string' },
      expiresAt: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'approved', 'denied', 'revoked'] },
      expired: { type: 'boolean', description: "True once an approved exemption's expiry has passed." },
      decidedBy: { type: 'string' },
      decidedAt: { type: 'string' },
      decisionNote: { type: 'string' },
      audit: {
        type: 'array',
        items: {
          type: 'object',
          required: ['action', 'actor', 'at'],
          properties: { action: { type: 'string' }, actor: { type: 'string' }, at: { type: 'string' }, note: { type: 'string' } },
        },
      },
    },
  },
  ExemptionListResponse: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Exemption') } },
  },
  QualityFacts: {
    type: 'object',
    required: ['entityRef', 'computedAt', 'metrics', 'level', 'checks', 'failing'],
    properties: {
      entityRef: { type: 'string' },
      computedAt: nullable('string'),
      metrics: keyed(METRIC_IDS, {
        type: 'object',
        required: ['value', 'n'],
        properties: { value: nullable('number'), n: { type: 'integer' }, band: { type: 'string', enum: ['elite', 'high', 'medium', 'low'] } },
      }),
      level: nullable('string'),
      checks: keyed(STATUSES, { type: 'integer' }),
      failing: { type: 'array', items: { type: 'string' } },
    },
  },
  QualityFactsResponse: {
    type: 'object',
    required: ['window', 'items'],
    properties: {
      window: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
      items: { type: 'array', items: ref('QualityFacts') },
    },
  },
  EntitiesChecksResponse: {
    type: 'object',
    required: ['checks', 'levels', 'items'],
    properties: {
      checks: { type: 'array', items: ref('CheckDefinitionInfo') },
      levels: { type: 'array', items: ref('LevelInfo') },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['entityRef', 'level', 'evaluatedAt', 'results'],
          properties: {
            entityRef: { type: 'string' },
            level: nullable('string'),
            next,
            evaluatedAt: nullable('string'),
            results: {
              type: 'array',
              items: {
                type: 'object',
                required: ['checkId', 'status', 'value', 'n'],
                properties: {
                  checkId: { type: 'string' },
                  status: ref('CheckStatus'),
                  value: nullable('number'),
                  n: { type: 'integer' },
                  exemptionId: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

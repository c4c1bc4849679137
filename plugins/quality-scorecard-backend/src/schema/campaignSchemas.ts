// Component schemas of campaigns. They mirror the types of
// @shewhart/plugin-quality-scorecard-common's campaignsApi.ts (the pairs are
// checked by -common's schema/contract.ts).
import { ref } from './scorecardSchemas';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;
const date = { type: 'string', description: 'YYYY-MM-DD' } as const;
const STANDINGS = ['meeting', 'exempted', 'not-meeting'];

const counts = {
  inScope: {
    ...int,
    description:
      'Entities in scope: selected by the filter and evaluated on a target check.',
  },
  meeting: int,
  exempted: {
    ...int,
    description:
      'Not meeting, every failing check covered by an approved exemption; never counted as meeting.',
  },
  notMeeting: int,
};

/** The fields of a campaign as defined (a body of POST /campaigns has these too). */
const definition = {
  id: { ...str, description: 'Lower-case letters, digits and dashes.' },
  title: str,
  description: str,
  owner: {
    ...str,
    description: 'The group that runs the campaign (an entity ref).',
  },
  target: ref('CampaignTarget'),
  filter: ref('CampaignEntityFilter'),
  startDate: date,
  dueDate: date,
  reminderDays: {
    type: 'array',
    items: int,
    description: 'Days before the due date on which owners are reminded.',
  },
};

export const campaignSchemas = {
  CampaignTarget: {
    description: 'A level (with the levels below it), or a list of checks.',
    oneOf: [
      { type: 'object', required: ['level'], properties: { level: str } },
      { type: 'object', required: ['checks'], properties: { checks: strings } },
    ],
  },
  CampaignEntityFilter: {
    type: 'object',
    description:
      'Every given field must match (as the checks’ filters); none given: all entities.',
    properties: Object.fromEntries(
      [
        'kind',
        'type',
        'lifecycle',
        'system',
        'owner',
        'tags',
        'entityRefs',
      ].map(k => [k, strings]),
    ),
  },
  CampaignCounts: {
    type: 'object',
    required: Object.keys(counts),
    properties: counts,
  },
  CampaignSummary: {
    type: 'object',
    required: [
      'id',
      'title',
      'owner',
      'target',
      'filter',
      'startDate',
      'dueDate',
      'reminderDays',
      'source',
      'state',
      'closedAt',
      'daysLeft',
      'progress',
    ],
    properties: {
      ...definition,
      source: { type: 'string', enum: ['config', 'database'] },
      state: { type: 'string', enum: ['scheduled', 'active', 'closed'] },
      closedAt: {
        type: ['string', 'null'],
        description: 'When an admin closed it early.',
      },
      daysLeft: {
        ...int,
        description:
          'Whole days from today to the due date (negative after it).',
      },
      progress: ref('CampaignCounts'),
    },
  },
  CampaignListResponse: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('CampaignSummary') } },
  },
  CampaignEntityProgress: {
    type: 'object',
    required: ['entityRef', 'owner', 'standing', 'open'],
    properties: {
      entityRef: str,
      owner: str,
      standing: { type: 'string', enum: STANDINGS },
      open: {
        type: 'array',
        description: 'The target checks it does not pass.',
        items: {
          type: 'object',
          required: ['checkId', 'title', 'status'],
          properties: {
            checkId: str,
            title: str,
            status: {
              type: 'string',
              enum: ['fail', 'insufficient-data', 'exempt'],
            },
            exemption: {
              type: 'object',
              required: ['id', 'expiresAt'],
              properties: { id: int, expiresAt: str },
            },
          },
        },
      },
    },
  },
  CampaignDetailResponse: {
    type: 'object',
    required: ['campaign', 'owners', 'entities', 'series'],
    properties: {
      campaign: ref('CampaignSummary'),
      owners: {
        type: 'array',
        description:
          'Ranked by the share of their entities meeting the target.',
        items: {
          type: 'object',
          required: ['owner', ...Object.keys(counts)],
          properties: { owner: str, ...counts },
        },
      },
      entities: { type: 'array', items: ref('CampaignEntityProgress') },
      series: {
        type: 'array',
        description:
          'A point per day from the start to today (or the due date, or the day it was closed).',
        items: {
          type: 'object',
          required: ['date', 'inScope', 'meeting', 'exempted'],
          properties: { date, inScope: int, meeting: int, exempted: int },
        },
      },
    },
  },
  CampaignMembershipResponse: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['campaign', 'entities'],
          properties: {
            campaign: ref('CampaignSummary'),
            entities: { type: 'array', items: ref('CampaignEntityProgress') },
          },
        },
      },
    },
  },
  CampaignInput: {
    type: 'object',
    description:
      'Validated with zod, which names the field of a bad one (400).',
    properties: definition,
  },
} as const;

// The operations of campaigns (docs/campaigns.md). Spread into spec.paths
// (openapi.ts).
import { entityPath, errors, jsonResponse } from './components';
import { ref } from './scorecardSchemas';

const idPath = [
  {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string', maxLength: 64 },
  },
] as const;

const body = {
  required: true,
  content: { 'application/json': { schema: ref('CampaignInput') } },
} as const;

export const campaignPaths = {
  '/campaigns': {
    get: {
      operationId: 'ListCampaigns',
      description:
        'Every campaign (app-config and database) with its progress today, over the entities the caller may read.',
      responses: {
        '200': jsonResponse('Campaigns', 'CampaignListResponse'),
        ...errors(401, 403),
      },
    },
    post: {
      operationId: 'CreateCampaign',
      description:
        'Create a database campaign (permission quality-scorecard.campaign.manage; audited as campaign-create). 409 for an id in use, in app-config or the database.',
      requestBody: body,
      responses: {
        '201': jsonResponse('Created', 'CampaignSummary'),
        ...errors(400, 401, 403, 409),
      },
    },
  },
  '/campaigns/{id}': {
    get: {
      operationId: 'GetCampaign',
      description:
        'A campaign with its owners (ranked), its entities and its daily series.',
      parameters: [...idPath],
      responses: {
        '200': jsonResponse('Campaign', 'CampaignDetailResponse'),
        ...errors(401, 403, 404),
      },
    },
    put: {
      operationId: 'UpdateCampaign',
      description:
        'Change an open database campaign (quality-scorecard.campaign.manage; audited as campaign-update). 409 for one from app-config or a closed one.',
      parameters: [...idPath],
      requestBody: body,
      responses: {
        '200': jsonResponse('Changed', 'CampaignSummary'),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
  '/campaigns/{id}/close': {
    post: {
      operationId: 'CloseCampaign',
      description:
        'Close an open database campaign now (quality-scorecard.campaign.manage; audited as campaign-close).',
      parameters: [...idPath],
      responses: {
        '200': jsonResponse('Closed', 'CampaignSummary'),
        ...errors(401, 403, 404, 409),
      },
    },
  },
  '/campaigns/entity/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'EntityCampaigns',
      description:
        'The active and closed campaigns the entity is in, with its standing in each.',
      parameters: [...entityPath],
      responses: {
        '200': jsonResponse('Campaigns', 'CampaignMembershipResponse'),
        ...errors(400, 401, 403),
      },
    },
  },
  '/campaigns/owner/{kind}/{namespace}/{name}': {
    get: {
      operationId: 'OwnerCampaigns',
      description:
        "The active and closed campaigns that hold the owner's entities (directly or through sub-groups), with their standing.",
      parameters: [...entityPath],
      responses: {
        '200': jsonResponse('Campaigns', 'CampaignMembershipResponse'),
        ...errors(400, 401, 403, 404),
      },
    },
  },
} as const;

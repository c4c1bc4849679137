import type {
  CampaignDetailResponse,
  CampaignEntityProgress,
  CampaignListResponse,
  CampaignMembershipResponse,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * Campaign responses shaped like the backend's, over the checks of
 * checks.ts (bronze → silver → gold), on 2026-11-24:
 * - silver-by-november: active, Silver for the payments services, 20 → 29
 *   November (5 days left), 7 entities of two owners;
 * - payments-gold: scheduled for 2030, no progress yet;
 * - ai-reviews: two checks, due 21 November, closed 3 days ago with ledger
 *   still failing (3 days overdue).
 */

const base = {
  owner: 'group:default/platform-team',
  reminderDays: [7, 1],
  closedAt: null,
};

export function silverCampaign(): CampaignSummary {
  return {
    ...base,
    id: 'silver-by-november',
    title: 'Every payments service holds Silver',
    description: 'Silver before the freeze.',
    target: { level: 'silver' },
    filter: { kind: ['component'], system: ['payments'] },
    startDate: '2026-11-20',
    dueDate: '2026-11-29',
    source: 'config',
    state: 'active',
    daysLeft: 5,
    progress: { inScope: 7, meeting: 1, exempted: 1, notMeeting: 5 },
  };
}

export function goldCampaign(): CampaignSummary {
  return {
    ...base,
    id: 'payments-gold',
    title: 'Payments holds Gold',
    target: { level: 'gold' },
    filter: { kind: ['component'] },
    startDate: '2030-01-01',
    dueDate: '2030-03-31',
    source: 'database',
    state: 'scheduled',
    daysLeft: 1223,
    progress: { inScope: 0, meeting: 0, exempted: 0, notMeeting: 0 },
  };
}

export function aiReviewsCampaign(): CampaignSummary {
  return {
    ...base,
    id: 'ai-reviews',
    title: 'AI-assisted PRs independently approved',
    target: { checks: ['review-coverage', 'ai-policy'] },
    filter: { kind: ['component'] },
    startDate: '2026-11-19',
    dueDate: '2026-11-21',
    source: 'database',
    state: 'closed',
    daysLeft: -3,
    progress: { inScope: 2, meeting: 1, exempted: 0, notMeeting: 1 },
  };
}

/** payments-api in silver-by-november: review coverage fails, the AI policy is exempt until before the due date. */
export function paymentsApiInSilver(): CampaignEntityProgress {
  return {
    entityRef: 'component:default/payments-api',
    owner: 'group:default/payments-team',
    standing: 'not-meeting',
    open: [
      {
        checkId: 'review-coverage',
        title: 'At least 90% of merged PRs independently approved',
        status: 'fail',
      },
      {
        checkId: 'ai-policy',
        title: 'At least 95% of AI-assisted PRs follow the review policy',
        status: 'exempt',
        exemption: { id: 3, expiresAt: '2026-11-27T23:59:59.000Z' },
      },
      {
        checkId: 'incidents-per-pr',
        title: 'At most one incident per 10 merged PRs',
        status: 'insufficient-data',
      },
    ],
  };
}

/** GET /campaigns/entity/component/default/payments-api. */
export function paymentsApiCampaigns(): CampaignMembershipResponse {
  return {
    items: [
      { campaign: silverCampaign(), entities: [paymentsApiInSilver()] },
      {
        campaign: aiReviewsCampaign(),
        entities: [
          {
            entityRef: 'component:default/payments-api',
            owner: 'group:default/payments-team',
            standing: 'meeting',
            open: [],
          },
        ],
      },
    ],
  };
}

/** GET /campaigns/owner/group/default/payments-team. */
export function paymentsTeamCampaigns(): CampaignMembershipResponse {
  const owner = 'group:default/payments-team';
  return {
    items: [
      {
        campaign: silverCampaign(),
        entities: [
          paymentsApiInSilver(),
          {
            entityRef: 'component:default/ledger',
            owner,
            standing: 'meeting',
            open: [],
          },
          {
            entityRef: 'component:default/fraud-scoring',
            owner,
            standing: 'exempted',
            open: [
              {
                checkId: 'review-coverage',
                title: 'At least 90% of merged PRs independently approved',
                status: 'exempt',
                exemption: { id: 5, expiresAt: '2027-01-31T23:59:59.000Z' },
              },
            ],
          },
          {
            entityRef: 'component:default/payments-web',
            owner,
            standing: 'not-meeting',
            open: [
              {
                checkId: 'incidents-per-pr',
                title: 'At most one incident per 10 merged PRs',
                status: 'insufficient-data',
              },
            ],
          },
        ],
      },
      {
        campaign: aiReviewsCampaign(),
        entities: [
          {
            entityRef: 'component:default/ledger',
            owner,
            standing: 'not-meeting',
            open: [
              {
                checkId: 'review-coverage',
                title: 'At least 90% of merged PRs independently approved',
                status: 'fail',
              },
            ],
          },
          {
            entityRef: 'component:default/payments-api',
            owner,
            standing: 'meeting',
            open: [],
          },
        ],
      },
    ],
  };
}

/** GET /campaigns: in no particular order (the overview orders them). */
export function campaignList(): CampaignListResponse {
  return { items: [aiReviewsCampaign(), goldCampaign(), silverCampaign()] };
}

/** GET /campaigns/silver-by-november: 5 of its 10 days so far. */
export function silverDetail(): CampaignDetailResponse {
  return {
    campaign: silverCampaign(),
    owners: [
      {
        owner: 'group:default/payments-team',
        inScope: 4,
        meeting: 1,
        exempted: 1,
        notMeeting: 2,
      },
      {
        owner: 'group:default/fraud-team',
        inScope: 3,
        meeting: 0,
        exempted: 0,
        notMeeting: 3,
      },
    ],
    entities: paymentsTeamCampaigns().items[0].entities,
    series: [
      { date: '2026-11-20', inScope: 6, meeting: 0, exempted: 0 },
      { date: '2026-11-21', inScope: 6, meeting: 0, exempted: 1 },
      { date: '2026-11-22', inScope: 7, meeting: 1, exempted: 0 },
      { date: '2026-11-23', inScope: 7, meeting: 1, exempted: 1 },
      { date: '2026-11-24', inScope: 7, meeting: 1, exempted: 1 },
    ],
  };
}

export function goldDetail(): CampaignDetailResponse {
  return { campaign: goldCampaign(), owners: [], entities: [], series: [] };
}

export function aiReviewsDetail(): CampaignDetailResponse {
  return {
    campaign: aiReviewsCampaign(),
    owners: [
      {
        owner: 'group:default/payments-team',
        inScope: 2,
        meeting: 1,
        exempted: 0,
        notMeeting: 1,
      },
    ],
    entities: paymentsTeamCampaigns().items[1].entities,
    series: [
      { date: '2026-11-19', inScope: 2, meeting: 0, exempted: 0 },
      { date: '2026-11-20', inScope: 2, meeting: 1, exempted: 0 },
      { date: '2026-11-21', inScope: 2, meeting: 1, exempted: 0 },
    ],
  };
}

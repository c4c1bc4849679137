import { NotFoundError } from '@backstage/errors';
import type {
  CampaignDetailResponse,
  CampaignEntityProgress,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';
import type { CampaignReader } from '../../CampaignReader';

/*
 * Hand-built campaigns for the reminder and action tests: a CampaignReader
 * with fixed data stands in for the campaign service at its interface.
 */

export const PAYMENTS = 'group:default/payments-team';
export const LEDGER = 'group:default/ledger-team';
export const IDENTITY = 'group:default/identity-team';
export const SEARCH = 'group:default/search-team';
export const PLATFORM = 'group:default/platform-team';

export const at = (iso: string) => Date.parse(iso);

export function campaign(
  overrides: Partial<CampaignSummary> = {},
): CampaignSummary {
  return {
    id: 'silver-by-march',
    title: 'Silver by March',
    owner: PLATFORM,
    target: { level: 'silver' },
    filter: { kind: ['component'] },
    startDate: '2027-01-01',
    dueDate: '2027-03-31',
    reminderDays: [30, 7, 1],
    source: 'config',
    state: 'active',
    closedAt: null,
    daysLeft: 0,
    progress: { inScope: 5, meeting: 1, exempted: 1, notMeeting: 3 },
    ...overrides,
  };
}

const fail = (checkId: string, title: string) =>
  ({ checkId, title, status: 'fail' } as const);

/** Five entities of four owners: three not meeting, one exempted, one meeting. */
export const ENTITIES: CampaignEntityProgress[] = [
  {
    entityRef: 'component:default/checkout-web',
    owner: PAYMENTS,
    standing: 'not-meeting',
    open: [
      {
        checkId: 'cfr',
        title: 'Change failure rate',
        status: 'insufficient-data',
      },
    ],
  },
  {
    entityRef: 'component:default/identity',
    owner: IDENTITY,
    standing: 'meeting',
    open: [],
  },
  {
    entityRef: 'component:default/ledger',
    owner: LEDGER,
    standing: 'not-meeting',
    open: [fail('review', 'Review coverage')],
  },
  {
    entityRef: 'component:default/payments-api',
    owner: PAYMENTS,
    standing: 'not-meeting',
    open: [
      fail('review', 'Review coverage'),
      {
        checkId: 'cfr',
        title: 'Change failure rate',
        status: 'exempt',
        exemption: { id: 4, expiresAt: '2027-06-30T00:00:00.000Z' },
      },
      fail('ai-policy', 'AI-assisted PRs follow the review policy'),
    ],
  },
  {
    entityRef: 'component:default/search',
    owner: SEARCH,
    standing: 'exempted',
    open: [
      {
        checkId: 'review',
        title: 'Review coverage',
        status: 'exempt',
        exemption: { id: 7, expiresAt: '2027-05-01T00:00:00.000Z' },
      },
    ],
  },
];

export function detail(
  summary: CampaignSummary,
  entities: CampaignEntityProgress[] = ENTITIES,
): CampaignDetailResponse {
  const owners = [...new Set(entities.map(e => e.owner))].sort().map(owner => {
    const mine = entities.filter(e => e.owner === owner);
    const count = (s: string) => mine.filter(e => e.standing === s).length;
    return {
      owner,
      inScope: mine.length,
      meeting: count('meeting'),
      exempted: count('exempted'),
      notMeeting: count('not-meeting'),
    };
  });
  return { campaign: summary, owners, entities, series: [] };
}

/**
 * A CampaignReader over fixed campaigns: their state and days left follow
 * `now` (the due date passed: closed), as the campaign service reports them.
 */
export function fixedReader(
  campaigns: Array<{
    summary: CampaignSummary;
    entities?: CampaignEntityProgress[];
  }>,
): CampaignReader & { calls: string[] } {
  const calls: string[] = [];
  const DAY = 86_400_000;
  const asOf = (s: CampaignSummary, now: number): CampaignSummary => {
    const today = Math.floor(now / DAY);
    const due = Date.parse(`${s.dueDate}T00:00:00Z`) / DAY;
    const start = Date.parse(`${s.startDate}T00:00:00Z`) / DAY;
    let state: CampaignSummary['state'] = 'active';
    if (s.closedAt || today > due) state = 'closed';
    else if (today < start) state = 'scheduled';
    return { ...s, state, daysLeft: due - today };
  };
  const find = (id: string) => {
    const c = campaigns.find(x => x.summary.id === id);
    if (!c) throw new NotFoundError(`No campaign '${id}'`);
    return c;
  };
  return {
    calls,
    async list(now) {
      calls.push('list');
      return campaigns.map(c => asOf(c.summary, now));
    },
    async detail(id, now) {
      calls.push(`detail:${id}`);
      const c = find(id);
      return detail(asOf(c.summary, now), c.entities ?? ENTITIES);
    },
    async forEntities(entityRefs, now) {
      calls.push('forEntities');
      return {
        items: campaigns
          .map(c => ({
            campaign: asOf(c.summary, now),
            entities: (c.entities ?? ENTITIES).filter(e =>
              entityRefs.includes(e.entityRef),
            ),
          }))
          .filter(
            i => i.campaign.state !== 'scheduled' && i.entities.length > 0,
          ),
      };
    },
  };
}

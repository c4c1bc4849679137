import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseChecksStore } from '../checks/ChecksStore';
import { CampaignService } from '../campaigns/CampaignService';
import { CampaignStore } from '../campaigns/CampaignStore';
import type { ChecksConfig } from '../engine/checks';
import type { EntityFacts } from '../engine/policy';
import { DEMO_STORIES } from './demoData';
import { DEMO_CAMPAIGN_ID, seedDemoCampaign } from './demoCampaign';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00Z');

const checks: ChecksConfig = {
  windowDays: 28,
  checks: ['deploys-weekly', 'change-failure-rate'].map(id => ({
    id,
    title: id,
    metric: 'change_failure_rate',
    operator: '<=' as const,
    threshold: 0.15,
    minSampleSize: 0,
    filter: {},
  })),
  levels: [
    {
      id: 'bronze',
      title: 'Bronze',
      checks: ['deploys-weekly', 'change-failure-rate'],
    },
  ],
};

describe('the demo campaign', () => {
  it('is half-way, its burn-up moves, and a restart only moves its dates', async () => {
    const knex = await databases.init('SQLITE_3');
    const facts = new Map<string, EntityFacts>(
      DEMO_STORIES.map(s => {
        const entityRef = `component:default/${s.component}`;
        return [
          entityRef,
          {
            entityRef,
            kind: 'component',
            owner: 'group:default/team',
            tags: [],
          },
        ];
      }),
    );
    const campaigns = new CampaignService({
      store: await CampaignStore.create({
        database: { getClient: async () => knex } as any,
      }),
      checksStore: new DatabaseChecksStore(knex),
      catalog: { load: async () => ({ facts }) },
      checks,
      configured: [],
    });
    const seed = (now: number) =>
      seedDemoCampaign({
        campaigns,
        db: knex,
        checks,
        now,
        logger: mockServices.logger.mock(),
      });
    await seed(NOW);
    const detail = await campaigns.detail(DEMO_CAMPAIGN_ID, NOW);
    expect([
      detail.campaign.startDate,
      detail.campaign.dueDate,
      detail.campaign.daysLeft,
    ]).toEqual(['2026-05-01', '2026-07-30', 45]);
    const meeting = detail.series.map(d => d.meeting);
    expect(detail.series).toHaveLength(46);
    // 8 stories: passes on days 0, 11, 23, 34 (of 45); a few join on day 8.
    expect([detail.series[0].inScope, detail.series[10].inScope]).toEqual([
      6, 8,
    ]);
    expect([
      meeting[0],
      meeting[11],
      meeting[23],
      meeting[34],
      meeting[45],
    ]).toEqual([1, 2, 3, 4, 4]);
    const rows = await knex('qs_check_history').count({ n: '*' });
    // A week later the campaign is still half-way; no history is added again.
    await seed(NOW + 7 * DAY);
    const later = await campaigns.detail(DEMO_CAMPAIGN_ID, NOW + 7 * DAY);
    expect([later.campaign.startDate, later.campaign.daysLeft]).toEqual([
      '2026-05-08',
      45,
    ]);
    expect(await knex('qs_check_history').count({ n: '*' })).toEqual(rows);
  });
});

import request from 'supertest';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesEngineModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import techInsightsModuleQualityScorecardFacts, {
  QUALITY_SCORECARD_FACT_RETRIEVER_ID,
  QUALITY_SCORECARD_FACT_SCHEMA,
} from './index';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY = 86_400_000;
const USER = 'user:default/ada';
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const RETRIEVER = QUALITY_SCORECARD_FACT_RETRIEVER_ID;
type Knex = Awaited<ReturnType<typeof databases.init>>;

const component = (name: string, owner: string, tags: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags },
  spec: { type: 'service', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const entities = [
  component('payments-api', 'payments-team', ['pci']),
  component('checkout-web', 'payments-team'),
  component('identity', 'identity-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team' },
  },
];

/**
 * payments-api: 4 merged PRs, 2 approved; PRs 1 and 2 AI-assisted, 1 of them
 * approved; 2 deployments, no incident. checkout-web: 3 approved PRs, 3
 * deployments, one caused an incident. identity: nothing.
 */
function events(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const pr = (
    repo: string,
    entity: string,
    n: number,
    approved: boolean,
    ai = false,
  ) => ({
    type: 'pull_request',
    id: `acme/${repo}#${n}`,
    source: 'github',
    entityRef: `component:default/${entity}`,
    number: n,
    title: `Change ${n}`,
    author: 'ada',
    url: `https://github.com/acme/${repo}/pull/${n}`,
    createdAt: at(10 - n),
    mergedAt: at(9.5 - n),
    closedAt: at(9.5 - n),
    additions: 10,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [
      {
        sha: `abc${n}${repo}`,
        authoredAt: at(10.5 - n),
        message: `Change ${n}${
          ai ? '\n\nCo-authored-by: Claude <noreply@anthropic.com>' : ''
        }`,
      },
    ],
    reviews: approved
      ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(9.6 - n) }]
      : [],
    mergedBy: 'ada',
  });
  const deploy = (entity: string, id: string, daysAgo: number) => ({
    type: 'deployment',
    id,
    source: 'ci',
    entityRef: `component:default/${entity}`,
    environment: 'production',
    status: 'success',
    finishedAt: at(daysAgo),
  });
  return [
    pr('payments', 'payments-api', 1, true, true),
    pr('payments', 'payments-api', 2, false, true),
    pr('payments', 'payments-api', 3, true),
    pr('payments', 'payments-api', 4, false),
    deploy('payments-api', 'pay-d1', 5),
    deploy('payments-api', 'pay-d2', 1),
    pr('checkout', 'checkout-web', 5, true),
    pr('checkout', 'checkout-web', 6, true),
    pr('checkout', 'checkout-web', 7, true),
    deploy('checkout-web', 'co-d1', 6),
    deploy('checkout-web', 'co-d2', 4),
    deploy('checkout-web', 'co-d3', 2),
    {
      type: 'incident',
      id: 'INC-1',
      source: 'pagerduty',
      entityRef: 'component:default/checkout-web',
      title: 'Checkout errors',
      createdAt: at(3.9),
      resolvedAt: at(3.8),
      causedBy: { deploymentId: 'co-d2' },
    },
  ];
}

const jsonCheck = (name: string, conditions: object) => ({
  type: 'json-rules-engine',
  name,
  description: name,
  factIds: [RETRIEVER],
  rule: { conditions },
});

const config = {
  qualityScorecard: {
    demoData: { enabled: false },
    checks: {
      definitions: [
        {
          id: 'cfr',
          title: 'Change failure rate at most 15%',
          metric: 'change_failure_rate',
          operator: '<=',
          threshold: 0.15,
        },
        {
          id: 'review',
          title: 'Review coverage at least 90%',
          metric: 'review_coverage',
          operator: '>=',
          threshold: 0.9,
          minSampleSize: 3,
        },
        {
          id: 'ai-policy',
          title: 'AI-assisted PRs follow the review policy',
          metric: 'ai_policy_compliance',
          operator: '>=',
          threshold: 0.95,
        },
      ],
      levels: [
        { id: 'bronze', checks: ['cfr'] },
        { id: 'silver', checks: ['review', 'ai-policy'] },
      ],
    },
  },
  techInsights: {
    factRetrievers: {
      [RETRIEVER]: { cadence: '0 * * * *', lifecycle: { maxItems: 2 } },
    },
    factChecker: {
      checks: {
        'ai-review-policy': jsonCheck(
          'AI-assisted changes follow the review policy',
          {
            all: [
              {
                fact: 'ai_policy_compliance',
                operator: 'greaterThanInclusive',
                value: 0.95,
              },
              {
                fact: 'ai_policy_prs',
                operator: 'greaterThanInclusive',
                value: 1,
              },
            ],
          },
        ),
        'change-failure-rate': jsonCheck('Change failure rate at most 15%', {
          all: [
            {
              fact: 'change_failure_rate',
              operator: 'lessThanInclusive',
              value: 0.15,
            },
          ],
        }),
        'holds-bronze': jsonCheck('Holds the bronze level', {
          all: [{ fact: 'level', operator: 'in', value: ['bronze', 'silver'] }],
        }),
        'no-failing-review-check': jsonCheck(
          'Passes the scorecard review check',
          {
            all: [
              {
                fact: 'failing_checks',
                operator: 'doesNotContain',
                value: 'review',
              },
            ],
          },
        ),
      },
    },
  },
};

/** Each plugin its own database, as in a real backend (both keep knex_migrations). */
function databasePerPlugin(knexes: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      getClient: async () => knexes[plugin.getId()],
    }),
  });
}

/** Hands out the tech-insights plugin's scheduler, to run the retriever's task on demand. */
function schedulerOfTechInsights() {
  const captured: { scheduler?: SchedulerService } = {};
  const module = createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });
  return { module, captured };
}

describe.each(databases.eachSupportedId())(
  'quality scorecard facts in the real tech-insights backend on %p',
  databaseId => {
    it('stores the facts of every component and evaluates json-rules-engine checks over them', async () => {
      const { module: schedulerModule, captured } = schedulerOfTechInsights();
      const { server } = await startTestBackend({
        features: [
          qualityScorecardPlugin,
          techInsightsPlugin,
          jsonRulesEngineModule,
          techInsightsModuleQualityScorecardFacts,
          databasePerPlugin({
            'quality-scorecard': await databases.init(databaseId),
            'tech-insights': await databases.init(databaseId),
          }),
          schedulerModule,
          catalogServiceMock.factory({ entities: entities as any }),
          mockServices.rootConfig.factory({ data: config }),
        ],
      });
      await request(server)
        .post('/api/quality-scorecard/events')
        .set(as(USER))
        .send({ events: events(Date.now()) })
        .expect(200);
      for (const name of ['payments-api', 'checkout-web']) {
        await request(server)
          .post(
            `/api/quality-scorecard/scorecards/entity/component/default/${name}/refresh`,
          )
          .set(as(USER))
          .expect(200);
      }

      // The retriever's schedule, run now: it reads the scorecard over HTTP with service credentials.
      // (The test backend's scheduler runs a triggered task to its end before answering.)
      await captured.scheduler!.triggerTask(RETRIEVER);

      const schemas = await request(server)
        .get(`/api/tech-insights/fact-schemas?ids[]=${RETRIEVER}`)
        .set(as(USER))
        .expect(200);
      expect(schemas.body).toEqual([
        expect.objectContaining(QUALITY_SCORECARD_FACT_SCHEMA),
      ]);
      expect(QUALITY_SCORECARD_FACT_SCHEMA.lead_time_seconds).toEqual({
        type: 'float',
        description: expect.stringMatching(
          /^Lead time for changes \(seconds\) over the window: Median/,
        ),
      });

      const latest = async (name: string) => {
        const res = await request(server)
          .get(
            `/api/tech-insights/facts/latest?entity=component:default/${name}&ids[]=${RETRIEVER}`,
          )
          .set(as(USER))
          .expect(200);
        return res.body[RETRIEVER];
      };
      const payments = await latest('payments-api');
      expect(payments.entity).toEqual({
        namespace: 'default',
        kind: 'component',
        name: 'payments-api',
      });
      const {
        deployment_frequency_days_per_week: frequency,
        deployment_frequency_band: frequencyBand,
        ...paymentsFacts
      } = payments.facts;
      // Two deployment days in the window's weeks: the median week has none, yet at least one a month is DORA medium.
      expect(frequency).toBeLessThan(1);
      expect(frequencyBand).toBe('medium');
      // Lead time: commits 9.5 to 6.5 days ago deployed 5 days ago, median 3 days.
      // Cycle time 12 h per PR; sigma from (0 defects + ½) / 4 PRs.
      expect(paymentsFacts).toEqual({
        change_failure_rate: 0,
        change_failure_rate_band: 'elite',
        incidents_per_pr: 0,
        review_coverage: 0.5,
        revert_rate: 0,
        ai_assisted_share: 0.5,
        ai_policy_compliance: 0.5,
        pr_cycle_time_seconds: 43_200,
        dpmo: 0,
        sigma_level: expect.closeTo(2.6503, 4),
        lead_time_seconds: 3 * 86_400,
        lead_time_band: 'high',
        // The PR flow: commits half a day before opening; approvals (PRs 1
        // and 3) 0.4 day after opening and 0.1 day before merging; merges
        // 3.5 to 0.5 days before the deployment (median 2 days).
        pr_coding_time_seconds: 43_200,
        pr_pickup_time_seconds: 34_560,
        pr_review_time_seconds: 8_640,
        pr_deploy_time_seconds: 172_800,
        // Neither deployment ships a revert, a hotfix or is marked unplanned.
        deployment_rework_rate: 0,
        // One author (ada) merged 4 PRs; the 28-day window touches 5 weeks.
        pr_throughput_per_author_per_week: 4 / 1 / 5,
        // All 4 closed PRs were merged; no bugs were reported.
        pr_merge_rate: 1,
        bugs_per_developer: 0,
        deployments: 2,
        merged_prs: 4,
        ai_policy_prs: 2,
        level: 'bronze',
        checks_failing: 2,
        checks_passing: 1,
        failing_checks: ['review', 'ai-policy'],
      });
      const checkout = await latest('checkout-web');
      expect(checkout.facts).toMatchObject({
        change_failure_rate: 1 / 3,
        change_failure_rate_band: 'low',
        incidents_per_pr: 1 / 3,
        review_coverage: 1,
        deployments: 3,
        merged_prs: 3,
        ai_policy_prs: 0,
        level: 'none',
        checks_failing: 1,
        checks_passing: 1,
        failing_checks: ['cfr'],
      });
      expect(checkout.facts).not.toHaveProperty('ai_policy_compliance');
      // No data at all: only the level and the check counts.
      expect((await latest('identity')).facts).toEqual({
        level: 'none',
        checks_failing: 0,
        checks_passing: 0,
        failing_checks: [],
      });
      // Groups get no facts.
      const group = await request(server)
        .get(
          `/api/tech-insights/facts/latest?entity=group:default/payments-team&ids[]=${RETRIEVER}`,
        )
        .set(as(USER))
        .expect(200);
      expect(group.body).toEqual({});

      // The portal's own checks over our facts, through the bulk endpoint.
      const run = await request(server)
        .post('/api/tech-insights/checks/run')
        .set(as(USER))
        .send({
          entities: [
            'component:default/payments-api',
            'component:default/checkout-web',
            'component:default/identity',
          ],
          checks: [
            'ai-review-policy',
            'change-failure-rate',
            'holds-bronze',
            'no-failing-review-check',
          ],
        })
        .expect(200);
      const outcome = Object.fromEntries(
        run.body.map((r: any) => [
          r.entity,
          Object.fromEntries(r.results.map((c: any) => [c.check.id, c.result])),
        ]),
      );
      // A check whose facts are missing is skipped, not failed.
      expect(outcome).toEqual({
        'component:default/payments-api': {
          'ai-review-policy': false,
          'change-failure-rate': true,
          'holds-bronze': true,
          'no-failing-review-check': false,
        },
        'component:default/checkout-web': {
          'change-failure-rate': false,
          'holds-bronze': false,
          'no-failing-review-check': true,
        },
        'component:default/identity': {
          'holds-bronze': false,
          'no-failing-review-check': true,
        },
      });
      const single = await request(server)
        .post('/api/tech-insights/checks/run/default/component/payments-api')
        .set(as(USER))
        .send({ checks: ['ai-review-policy'] })
        .expect(200);
      expect(single.body).toEqual([
        expect.objectContaining({
          result: false,
          check: expect.objectContaining({
            id: 'ai-review-policy',
            factIds: [RETRIEVER],
          }),
          facts: expect.objectContaining({
            ai_policy_compliance: expect.objectContaining({
              value: 0.5,
              type: 'float',
            }),
          }),
        }),
      ]);
    });
  },
);

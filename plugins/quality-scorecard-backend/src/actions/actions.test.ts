import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import {
  SCENARIO_CHECKS,
  SCENARIO_ENTITIES,
  scenarioEvents,
} from '../__fixtures__/checksScenario';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ADA = 'user:default/ada';
const OUTSIDER = 'user:default/mallory';
const ACTIONS = '/api/quality-scorecard/.backstage/actions/v1/actions';

async function start(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  // Ada belongs to payments-team: "my services" are that team's.
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs:
          userEntityRef === ADA
            ? [ADA, 'group:default/payments-team']
            : [userEntityRef],
      };
    },
  });
  const { server } = await startQualityBackend({
    knex,
    entities: SCENARIO_ENTITIES,
    allow: ({ user }) => user !== OUTSIDER,
    qualityScorecard: {
      checks: SCENARIO_CHECKS,
      // Hand-checked episodes of the textbook design's Western Electric rules.
      signals: { design: 'classic' },
    },
    features: [
      // The real registry: actions are listed and invoked over its HTTP routes, as MCP servers do.
      actionsRegistryServiceFactory,
      userInfo.factory,
    ],
  });
  await request(server)
    .post('/api/quality-scorecard/events')
    .set(as(ADA))
    .send({ events: [...scenarioEvents(Date.now()), ...deploymentHistory()] })
    .expect(200);
  for (const name of ['payments-api', 'checkout-web']) {
    await request(server)
      .post(
        `/api/quality-scorecard/scorecards/entity/component/default/${name}/refresh`,
      )
      .set(as(ADA))
      .expect(200);
  }
  return server;
}

/**
 * payments-api deployed on 2 and 3 days of alternate weeks for 20 weeks, then
 * on all 7 days last week: X̄ = 2.5, mR̄ = 1, so the XmR chart's upper limit
 * is 2.5 + 2.66 = 5.16 and last week is a real signal beyond it.
 */
function deploymentHistory() {
  const DAY_MS = 86_400_000;
  const day = Math.floor(Date.now() / DAY_MS);
  const monday = (day - ((day + 3) % 7)) * DAY_MS;
  const events = [];
  for (let weeksAgo = 20; weeksAgo >= 1; weeksAgo--) {
    const days = weeksAgo === 1 ? 7 : 2 + (weeksAgo % 2);
    for (let d = 0; d < days; d++) {
      events.push({
        type: 'deployment',
        id: `history-${weeksAgo}-${d}`,
        source: 'test',
        entityRef: 'component:default/payments-api',
        environment: 'production',
        status: 'success',
        finishedAt: new Date(
          monday - weeksAgo * 7 * DAY_MS + d * DAY_MS + 10 * 3_600_000,
        ).toISOString(),
      });
    }
  }
  return events;
}

describe.each(databases.eachSupportedId())(
  'actions for AI agents on %p',
  databaseId => {
    it('lists and answers the read actions through the actions registry', async () => {
      const server = await start(databaseId);
      const invoke = (name: string, input: object, user = ADA) =>
        request(server)
          .post(`${ACTIONS}/quality-scorecard:${name}/invoke`)
          .set(as(user))
          .send(input);

      const listed = await request(server)
        .get(ACTIONS)
        .set(as(ADA))
        .expect(200);
      expect(listed.body.actions.map((a: any) => [a.id, a.attributes])).toEqual(
        [
          'get-entity-scorecard',
          'get-owner-scorecard',
          'list-failing-checks',
          'list-my-campaigns',
          'campaign-todo',
        ].map(name => [
          `quality-scorecard:${name}`,
          { readOnly: true, idempotent: true, destructive: false },
        ]),
      );
      const entityAction = listed.body.actions[0];
      expect(entityAction.schema.input.required).toEqual(['entityRef']);
      expect(Object.keys(entityAction.schema.output.properties)).toEqual(
        expect.arrayContaining(['metrics', 'signals', 'aiPolicy', 'level']),
      );

      // One entity: a bare name is a component.
      const entity = await invoke('get-entity-scorecard', {
        entityRef: 'payments-api',
      }).expect(200);
      const out = entity.body.output;
      expect(out).toMatchObject({
        entityRef: 'component:default/payments-api',
        demo: false,
        level: 'bronze',
        nextLevel: { level: 'silver', failing: ['review', 'ai-policy'] },
      });
      // The control-chart signals of the REST scorecard, flattened with their metric.
      const card = await request(server)
        .get(
          '/api/quality-scorecard/scorecards/entity/component/default/payments-api',
        )
        .set(as(ADA))
        .expect(200);
      const signals = card.body.metrics.flatMap((m: any) =>
        (m.control?.signals ?? []).map((sig: any) => ({
          metric: m.id,
          ...sig,
        })),
      );
      expect(signals.length).toBeGreaterThan(0);
      expect(out.signals).toEqual(signals);
      expect(
        out.metrics.find((m: any) => m.id === 'review_coverage'),
      ).toMatchObject({
        title: 'Review coverage',
        unit: 'ratio',
        value: 0.5,
        n: 4,
      });
      // Every metric, DORA's rework rate and the PR flow breakdown among them.
      expect(out.metrics).toHaveLength(21);
      expect(
        out.metrics.find((m: any) => m.id === 'deployment_rework_rate'),
      ).toMatchObject({ title: 'Deployment rework rate', value: 0, n: 16 });
      expect(
        out.metrics.find((m: any) => m.id === 'pr_coding_time'),
      ).toMatchObject({ title: 'Coding time', unit: 'seconds', n: 4 });
      expect(out.aiPolicy).toMatchObject({
        applicable: 2,
        compliant: 1,
        rate: 0.5,
        violations: 1,
      });
      expect(out.aiPolicy.recentViolations).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/payments-api',
          pullRequest: 2,
          url: 'https://github.com/acme/payments/pull/2',
          policy: 'default',
          rules: ['human-approvals', 'no-self-merge'],
        }),
      ]);

      // An owner: the roll-up over its sub-groups' services.
      const owner = await invoke('get-owner-scorecard', {
        ownerRef: 'engineering',
        windowDays: 28,
      }).expect(200);
      expect(owner.body.output).toMatchObject({
        ownerRef: 'group:default/engineering',
        entities: 3,
        levels: { none: 2, bronze: 1, silver: 0, gold: 0 },
        services: [
          {
            entityRef: 'component:default/checkout-web',
            level: null,
            failing: ['cfr'],
          },
          { entityRef: 'component:default/identity', level: null, failing: [] },
          {
            entityRef: 'component:default/payments-api',
            level: 'bronze',
            failing: ['review', 'ai-policy'],
          },
        ],
      });
      expect(owner.body.output.aiPolicy).toMatchObject({
        applicable: 2,
        compliant: 1,
      });
      expect(
        owner.body.output.metrics.find((m: any) => m.id === 'review_coverage'),
      ).toMatchObject({ value: 5 / 7, n: 7 });

      // "Which of my services fail the AI review policy?", asked by Ada.
      const mine = await invoke('list-failing-checks', {
        metric: 'ai_policy_compliance',
      }).expect(200);
      expect(mine.body.output).toEqual({
        owners: [ADA, 'group:default/payments-team'],
        examined: 2,
        items: [
          {
            entityRef: 'component:default/payments-api',
            level: 'bronze',
            failing: [
              {
                checkId: 'ai-policy',
                title: 'AI-assisted PRs follow the review policy',
                metric: 'ai_policy_compliance',
                threshold: '≥ 0.95',
                status: 'fail',
                value: 0.5,
                n: 2,
                reason: '0.5 misses ≥ 0.95',
              },
            ],
          },
        ],
      });
      // Every failing check of the team, and those short of data too.
      const all = await invoke('list-failing-checks', {
        ownerRef: 'group:default/payments-team',
        includeInsufficientData: true,
      }).expect(200);
      expect(
        all.body.output.items.map((i: any) => [
          i.entityRef,
          i.failing.map((f: any) => `${f.checkId}:${f.status}`),
        ]),
      ).toEqual([
        [
          'component:default/checkout-web',
          ['cfr:fail', 'ai-policy:insufficient-data'],
        ],
        [
          'component:default/payments-api',
          ['review:fail', 'ai-policy:fail', 'pci-sigma:fail'],
        ],
      ]);
      const one = await invoke('list-failing-checks', {
        entityRef: 'checkout-web',
        checkId: 'cfr',
      }).expect(200);
      expect(one.body.output).toMatchObject({
        owners: [],
        examined: 1,
        items: [{ entityRef: 'component:default/checkout-web' }],
      });

      // Errors an agent can act on.
      const unknown = await invoke('list-failing-checks', {
        checkId: 'nope',
      }).expect(400);
      expect(unknown.body.error.message).toBe(
        "checkId: unknown check 'nope' (known: cfr, review, ai-policy, pci-sigma)",
      );
      const both = await invoke('list-failing-checks', {
        entityRef: 'a',
        ownerRef: 'b',
      }).expect(400);
      expect(both.body.error.message).toBe(
        'give entityRef or ownerRef, not both',
      );
      const notOwner = await invoke('get-owner-scorecard', {
        ownerRef: 'component:default/identity',
      }).expect(400);
      expect(notOwner.body.error.message).toBe(
        'ownerRef: an owner is a Group or a User',
      );
      const badInput = await invoke('get-entity-scorecard', {
        windowDays: 7,
      }).expect(400);
      expect(badInput.body.error.message).toMatch(
        /^Invalid input to action "quality-scorecard:get-entity-scorecard"; caused by .*"path": \[\s*"entityRef"\s*\],\s*"message": "Required"/s,
      );
      await invoke('get-owner-scorecard', {
        ownerRef: 'group:default/nobody',
      }).expect(404);
      await invoke(
        'get-entity-scorecard',
        { entityRef: 'payments-api' },
        OUTSIDER,
      ).expect(403);
      await request(server)
        .post(`${ACTIONS}/quality-scorecard:get-entity-scorecard/invoke`)
        .send({ entityRef: 'payments-api' })
        .expect(401);
    });
  },
);

import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { OwnershipService } from '../scorecards/OwnershipService';
import type { ScorecardReader } from '../scorecards/ScorecardReader';
import type { ChecksService } from '../checks/ChecksService';
import { registerScorecardActions } from './actions';
import {
  at,
  campaign,
  ENTITIES,
  fixedReader,
  LEDGER,
  PAYMENTS,
} from '../campaigns/reminders/__fixtures__/campaigns';

jest.setTimeout(60_000);

const ADA = 'user:default/ada';
const OUTSIDER = 'user:default/mallory';
const ACTIONS = '/api/quality-scorecard/.backstage/actions/v1/actions';
const NOW = at('2027-03-24T09:00:00Z');

const relations = (...pairs: Array<[string, string]>) =>
  pairs.map(([type, targetRef]) => ({ type, targetRef }));
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner },
  relations: relations(['ownedBy', owner]),
});
const group = (name: string, ...rels: Array<[string, string]>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team' },
  relations: relations(...rels),
});

/* The campaigns' entities in a catalog: payments-team and ledger-team under finance. */
const CATALOG = [
  ...ENTITIES.map(e => component(e.entityRef.split('/')[1], e.owner)),
  group('finance', ['parentOf', PAYMENTS], ['parentOf', LEDGER]),
  group('payments-team', ['childOf', 'group:default/finance']),
  group('ledger-team', ['childOf', 'group:default/finance']),
  group('identity-team'),
  group('search-team'),
];

/**
 * Silver by March (active, 7 days left: every fixture entity), Gold by June
 * (active: payments-api only, meeting), Q1 reviews (closed early: ledger,
 * not meeting), and a scheduled one.
 */
const campaigns = () =>
  fixedReader([
    { summary: campaign() },
    {
      summary: campaign({
        id: 'gold-by-june',
        title: 'Gold by June',
        target: { level: 'gold' },
        dueDate: '2027-06-30',
        progress: { inScope: 1, meeting: 1, exempted: 0, notMeeting: 0 },
      }),
      entities: [{ ...ENTITIES[3], standing: 'meeting', open: [] }],
    },
    {
      summary: campaign({
        id: 'q1-reviews',
        title: 'Q1 reviews',
        target: { checks: ['review'] },
        closedAt: '2027-03-20T10:00:00.000Z',
        progress: { inScope: 1, meeting: 0, exempted: 0, notMeeting: 1 },
      }),
      entities: [ENTITIES[2]],
    },
    {
      summary: campaign({
        id: 'later',
        startDate: '2027-04-01',
        dueDate: '2027-09-30',
      }),
    },
  ]);

/** The actions as the plugin registers them, on the real actions registry, served over HTTP. */
async function start() {
  const reader = campaigns();
  const plugin = createBackendPlugin({
    pluginId: 'quality-scorecard',
    register(env) {
      env.registerInit({
        deps: {
          actionsRegistry: actionsRegistryServiceRef,
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          permissions: coreServices.permissions,
          userInfo: coreServices.userInfo,
        },
        async init(deps) {
          registerScorecardActions({
            ...deps,
            // Not read by the campaign actions.
            scorecards: {} as ScorecardReader,
            checks: {} as ChecksService,
            ownership: new OwnershipService(deps.catalog, deps.auth),
            campaigns: reader,
            now: () => NOW,
          });
        },
      });
    },
  });
  const allow = (credentials?: { principal: unknown }) =>
    (credentials?.principal as { userEntityRef?: string })?.userEntityRef ===
    OUTSIDER
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  const { server } = await startTestBackend({
    features: [
      plugin,
      actionsRegistryServiceFactory,
      catalogServiceMock.factory({ entities: CATALOG as any }),
      mockServices.permissions.mock({
        authorize: async (requests, o) =>
          requests.map(() => ({ result: allow(o?.credentials) })) as any,
      }).factory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const userEntityRef = (
            credentials.principal as { userEntityRef: string }
          ).userEntityRef;
          return {
            userEntityRef,
            ownershipEntityRefs:
              userEntityRef === ADA ? [ADA, PAYMENTS] : [userEntityRef],
          };
        },
      }).factory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const invoke = (name: string, input: object, user: string | null = ADA) => {
    const call = request(server)
      .post(`${ACTIONS}/quality-scorecard:${name}/invoke`)
      .send(input);
    return user
      ? call.set({ Authorization: mockCredentials.user.header(user) })
      : call;
  };
  return { server, invoke, reader };
}

const SILVER = {
  campaignId: 'silver-by-march',
  title: 'Silver by March',
  owner: 'group:default/platform-team',
  target: 'level silver',
  state: 'active',
  dueDate: '2027-03-31',
  daysLeft: 7,
  link: '/quality?campaign=silver-by-march',
};

describe('campaign actions for AI agents', () => {
  it('are listed with the other read actions when campaigns are given', async () => {
    const { server } = await start();
    const listed = await request(server)
      .get(ACTIONS)
      .set({ Authorization: mockCredentials.user.header(ADA) })
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
    const todo = listed.body.actions[4];
    expect(todo.schema.input.required).toEqual(['campaignId']);
  });

  it('"which campaigns am I behind on?": the active campaigns where my entities do not meet the target', async () => {
    const { invoke } = await start();
    const mine = await invoke('list-my-campaigns', {}).expect(200);
    expect(mine.body.output).toEqual({
      owners: [ADA, PAYMENTS],
      examined: 2,
      items: [
        {
          ...SILVER,
          mine: { inScope: 2, meeting: 0, exempted: 0, notMeeting: 2 },
          overall: { inScope: 5, meeting: 1, exempted: 1, notMeeting: 3 },
          notMeeting: [
            'component:default/checkout-web',
            'component:default/payments-api',
          ],
        },
      ],
    });

    // Through sub-groups, closed campaigns too: soonest due first.
    const finance = await invoke('list-my-campaigns', {
      ownerRef: 'finance',
      includeClosed: true,
    }).expect(200);
    expect(
      finance.body.output.items.map((i: any) => [
        i.campaignId,
        i.state,
        i.daysLeft,
        i.mine,
        i.notMeeting,
      ]),
    ).toEqual([
      [
        'q1-reviews',
        'closed',
        7,
        { inScope: 1, meeting: 0, exempted: 0, notMeeting: 1 },
        ['component:default/ledger'],
      ],
      [
        'silver-by-march',
        'active',
        7,
        { inScope: 3, meeting: 0, exempted: 0, notMeeting: 3 },
        [
          'component:default/checkout-web',
          'component:default/ledger',
          'component:default/payments-api',
        ],
      ],
    ]);
    expect(finance.body.output.examined).toBe(3);

    // An exempted entity is not behind.
    const search = await invoke('list-my-campaigns', {
      entityRef: 'search',
    }).expect(200);
    expect(search.body.output).toEqual({ owners: [], examined: 1, items: [] });
  });

  it('"what do I need to fix for campaign X?": each entity not meeting it, its open checks and the exemption route', async () => {
    const { invoke } = await start();
    const todo = await invoke('campaign-todo', {
      campaignId: 'silver-by-march',
    }).expect(200);
    expect(todo.body.output).toEqual({
      campaign: SILVER,
      owners: [ADA, PAYMENTS],
      counts: { inScope: 2, meeting: 0, exempted: 0, notMeeting: 2 },
      items: [
        {
          entityRef: 'component:default/checkout-web',
          owner: PAYMENTS,
          link: '/catalog/default/component/checkout-web/quality',
          open: [
            {
              checkId: 'cfr',
              title: 'Change failure rate',
              status: 'insufficient-data',
              link: '/catalog/default/component/checkout-web/quality?check=cfr',
            },
          ],
        },
        {
          entityRef: 'component:default/payments-api',
          owner: PAYMENTS,
          link: '/catalog/default/component/payments-api/quality',
          // The exempted cfr is left out.
          open: [
            {
              checkId: 'review',
              title: 'Review coverage',
              status: 'fail',
              link: '/catalog/default/component/payments-api/quality?check=review',
            },
            {
              checkId: 'ai-policy',
              title: 'AI-assisted PRs follow the review policy',
              status: 'fail',
              link: '/catalog/default/component/payments-api/quality?check=ai-policy',
            },
          ],
        },
      ],
      exemptionRoute:
        "Where a check cannot be met by 2027-03-31: request an exemption on the entity's Quality tab, or POST /api/quality-scorecard/exemptions {entityRef, checkId, reason, expiresAt} (permission quality-scorecard.exemption.request; someone else reviews it). An approved exemption counts the entity as exempted, never as meeting the target.",
    });

    // One owner's, or one entity's.
    const ledger = await invoke('campaign-todo', {
      campaignId: 'silver-by-march',
      ownerRef: 'group:default/ledger-team',
    }).expect(200);
    expect(ledger.body.output.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/ledger',
    ]);
    const search = await invoke('campaign-todo', {
      campaignId: 'silver-by-march',
      entityRef: 'component:default/search',
    }).expect(200);
    expect(search.body.output).toMatchObject({
      counts: { inScope: 1, meeting: 0, exempted: 1, notMeeting: 0 },
      items: [],
    });
  });

  it('answers a service caller for every entity of the campaign', async () => {
    const { server } = await start();
    const all = await request(server)
      .post(`${ACTIONS}/quality-scorecard:campaign-todo/invoke`)
      .set({ Authorization: mockCredentials.service.header() })
      .send({ campaignId: 'silver-by-march' })
      .expect(200);
    expect(all.body.output.owners).toEqual([]);
    expect(all.body.output.counts).toEqual({
      inScope: 5,
      meeting: 1,
      exempted: 1,
      notMeeting: 3,
    });
    expect(all.body.output.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/checkout-web',
      'component:default/ledger',
      'component:default/payments-api',
    ]);
    const behind = await request(server)
      .post(`${ACTIONS}/quality-scorecard:list-my-campaigns/invoke`)
      .set({ Authorization: mockCredentials.service.header() })
      .send({})
      .expect(400);
    expect(behind.body.error.message).toBe(
      'give entityRef or ownerRef (only a user has entities of their own)',
    );
  });

  it('gives errors an agent can act on', async () => {
    const { invoke, server } = await start();
    const unknown = await invoke('campaign-todo', {
      campaignId: 'nope',
    }).expect(404);
    expect(unknown.body.error.message).toBe("No campaign 'nope'");
    const both = await invoke('campaign-todo', {
      campaignId: 'silver-by-march',
      entityRef: 'a',
      ownerRef: 'b',
    }).expect(400);
    expect(both.body.error.message).toBe(
      'give entityRef or ownerRef, not both',
    );
    const missing = await invoke('campaign-todo', {}).expect(400);
    expect(missing.body.error.message).toMatch(
      /^Invalid input to action "quality-scorecard:campaign-todo"; caused by .*"path": \[\s*"campaignId"\s*\],\s*"message": "Required"/s,
    );
    await invoke('list-my-campaigns', {}, OUTSIDER).expect(403);
    await invoke(
      'campaign-todo',
      { campaignId: 'silver-by-march' },
      OUTSIDER,
    ).expect(403);
    await request(server)
      .post(`${ACTIONS}/quality-scorecard:list-my-campaigns/invoke`)
      .send({})
      .expect(401);
  });
});

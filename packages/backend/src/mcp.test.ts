import type { AddressInfo } from 'net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';

/*
 * The example portal's MCP wiring end to end: an MCP client speaks JSON-RPC
 * over the streamable HTTP transport to /api/mcp-actions/v1, which lists and
 * calls the scorecard's actions through the real actions service and
 * registry (backend.actions.pluginSources), on a SQLite database.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ADA = 'user:default/ada';
const DAY = 86_400_000;

const owned = (name: string, team: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: team },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${team}` }],
});
const team = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team' },
});

/** AI-assisted PRs (a Co-authored-by trailer), approved by another human or not. */
function aiPullRequests(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const pr = (repo: string, entity: string, n: number, approved: boolean) => ({
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
        sha: `c0ffee${n}`,
        authoredAt: at(10.5 - n),
        message: `Change ${n}\n\nCo-authored-by: Claude <noreply@anthropic.com>`,
      },
    ],
    reviews: approved
      ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(9.6 - n) }]
      : [],
    mergedBy: 'ada',
  });
  return [
    // payments-api: 1 of 2 compliant (0.5), fails the 0.95 check.
    pr('payments', 'payments-api', 1, true),
    pr('payments', 'payments-api', 2, false),
    // checkout-web: 2 of 2 compliant, passes.
    pr('checkout', 'checkout-web', 3, true),
    pr('checkout', 'checkout-web', 4, true),
    // identity fails too, but belongs to another team: not one of Ada's.
    pr('identity', 'identity', 5, false),
  ];
}

async function start() {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      mcpActionsPlugin,
      qualityScorecardPlugin,
      // The real actions service and registry: the MCP server reaches the
      // scorecard's actions over HTTP, as in the portal.
      actionsServiceFactory,
      actionsRegistryServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      // Ada is a member of payments-team: "my services" are that team's.
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () =>
          mockServices.userInfo({
            ownershipEntityRefs: [ADA, 'group:default/payments-team'],
          }),
      }),
      catalogServiceMock.factory({
        entities: [
          owned('payments-api', 'payments-team'),
          owned('checkout-web', 'payments-team'),
          owned('identity', 'identity-team'),
          team('payments-team'),
          team('identity-team'),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          // As in app-config.yaml.
          backend: { actions: { pluginSources: ['quality-scorecard'] } },
          mcpActions: { name: 'Shewhart quality scorecard' },
          qualityScorecard: {
            demoData: { enabled: false },
            checks: {
              definitions: [
                {
                  id: 'ai-policy',
                  title: 'AI-assisted PRs follow the review policy',
                  metric: 'ai_policy_compliance',
                  operator: '>=',
                  threshold: 0.95,
                },
              ],
              levels: [{ id: 'silver', checks: ['ai-policy'] }],
            },
          },
        },
      }),
    ],
  });
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;

  const post = (path: string, body?: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(ADA),
        'Content-Type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
  const ingested = await post('/api/quality-scorecard/events', {
    events: aiPullRequests(Date.now()),
  });
  expect(ingested.status).toBe(200);
  for (const name of ['payments-api', 'checkout-web', 'identity']) {
    const refreshed = await post(
      `/api/quality-scorecard/scorecards/entity/component/default/${name}/refresh`,
    );
    expect(refreshed.status).toBe(200);
  }
  return base;
}

/** One JSON-RPC message to the MCP endpoint; the answer comes as server-sent events. */
async function rpc(
  base: string,
  authorization: string | undefined,
  method: string,
  params: object = {},
) {
  const response = await fetch(`${base}/api/mcp-actions/v1`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-06-18',
      ...(authorization ? { Authorization: authorization } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const text = await response.text();
  const data = text
    .split('\n')
    .filter(line => line.startsWith('data: '))
    .map(line => JSON.parse(line.slice('data: '.length)));
  return { status: response.status, messages: data, text };
}

const FAILING_AI_POLICY = {
  entityRef: 'component:default/payments-api',
  level: null,
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
};

describe('the scorecard actions over MCP', () => {
  it('initializes, lists the scorecard tools and answers "which of my services fail the AI review policy?"', async () => {
    const base = await start();
    const ada = mockCredentials.user.header(ADA);

    const init = await rpc(base, ada, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'test-client', version: '1.0.0' },
    });
    expect(init.status).toBe(200);
    expect(init.messages).toHaveLength(1);
    expect(init.messages[0].result).toMatchObject({
      protocolVersion: '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'Shewhart quality scorecard' },
    });

    const list = await rpc(base, ada, 'tools/list');
    const tools = list.messages[0].result.tools;
    expect(tools.map((t: any) => [t.name, t.annotations.readOnlyHint])).toEqual(
      [
        ['quality-scorecard.get-entity-scorecard', true],
        ['quality-scorecard.get-owner-scorecard', true],
        ['quality-scorecard.list-failing-checks', true],
        ['quality-scorecard.list-my-campaigns', true],
        ['quality-scorecard.campaign-todo', true],
      ],
    );
    const failingTool = tools[2];
    expect(failingTool.annotations).toEqual({
      title: 'List failing quality checks',
      destructiveHint: false,
      idempotentHint: true,
      readOnlyHint: true,
      openWorldHint: false,
    });
    expect(Object.keys(failingTool.inputSchema.properties).sort()).toEqual([
      'checkId',
      'entityRef',
      'includeInsufficientData',
      'metric',
      'ownerRef',
    ]);

    // The question as an agent turns it into a tool call.
    const call = await rpc(base, ada, 'tools/call', {
      name: 'quality-scorecard.list-failing-checks',
      arguments: { metric: 'ai_policy_compliance' },
    });
    const expected = {
      owners: [ADA, 'group:default/payments-team'],
      examined: 2,
      items: [FAILING_AI_POLICY],
    };
    const result = call.messages[0].result;
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual(expected);
    expect(result.content).toHaveLength(1);
    expect(result.content[0].type).toBe('text');
    expect(JSON.parse(result.content[0].text)).toEqual(expected);
  });

  it('serves a service token (a static token) by owner, answers tool errors in the result, and refuses the unauthenticated', async () => {
    const base = await start();
    const service = mockCredentials.service.header();

    // A token has no services of its own: the agent names the owner.
    const mine = await rpc(base, service, 'tools/call', {
      name: 'quality-scorecard.list-failing-checks',
      arguments: { metric: 'ai_policy_compliance' },
    });
    expect(mine.messages[0].result).toEqual({
      content: [
        {
          type: 'text',
          text: 'InputError: give entityRef or ownerRef (only a user has services of their own)',
        },
      ],
      isError: true,
    });
    const byOwner = await rpc(base, service, 'tools/call', {
      name: 'quality-scorecard.list-failing-checks',
      arguments: {
        ownerRef: 'payments-team',
        metric: 'ai_policy_compliance',
      },
    });
    expect(byOwner.messages[0].result.structuredContent).toEqual({
      owners: ['group:default/payments-team'],
      examined: 2,
      items: [FAILING_AI_POLICY],
    });

    const unknownCheck = await rpc(base, service, 'tools/call', {
      name: 'quality-scorecard.list-failing-checks',
      arguments: { ownerRef: 'payments-team', checkId: 'nope' },
    });
    expect(unknownCheck.messages[0].result).toEqual({
      content: [
        {
          type: 'text',
          text: "InputError: checkId: unknown check 'nope' (known: ai-policy)",
        },
      ],
      isError: true,
    });

    const anonymous = await rpc(base, undefined, 'tools/list');
    expect(anonymous.status).toBe(401);
  });
});

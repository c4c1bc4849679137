/*
 * The contract holds: every operation of the OpenAPI document is called once
 * on the running plugin (in-process backend, SQLite, a little data) and its
 * answer is validated against the operation's response schema, with every
 * object closed (a field the spec does not name fails). Without credentials,
 * each guarded operation's 401 must be documented and match the error body.
 */
import { createHmac } from 'crypto';
import request from 'supertest';
import type { Server } from 'http';
import { TestDatabases } from '@backstage/backend-test-utils';
import { spec } from './openapi';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import {
  openApiResponses,
  SpecOperation,
} from '../__testUtils__/openApiResponses';
import { deployment, incident, pullRequest } from '../__fixtures__/events';
import { OPENED_PR, pullRequestDelivery } from '../__fixtures__/github';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const BASE = '/api/quality-scorecard';
const GITHUB_SECRET = 'responses-test-github-secret';
const OWNER = 'user:default/owner';
const ADMIN = 'user:default/admin';
const contract = openApiResponses(spec);

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'acme/payments' },
    },
    spec: { owner: 'group:default/payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

const exemptionRequest = {
  entityRef: 'component:default/payments',
  checkId: 'cfr',
  reason: 'A reason that is long enough',
  expiresAt: inDays(30),
};

/** A database campaign's body (the contract test creates them in beforeAll). */
const campaignBody = (id: string) => ({
  id,
  title: 'Contract campaign',
  owner: 'group:default/payments-team',
  target: { level: 'silver' },
  startDate: inDays(-10).slice(0, 10),
  dueDate: inDays(20).slice(0, 10),
  reminderDays: [7],
});
const campaignIds: Record<string, string> = {
  GetCampaign: 'contract-config',
  UpdateCampaign: 'contract-db',
  CloseCampaign: 'contract-close',
};

/** The one request of each operation: its parameters filled, a valid body. */
function sample(op: SpecOperation): {
  url: string;
  body?: object;
  headers?: Record<string, string>;
} {
  const owner = /^\/(scorecards|checks|campaigns)\/owner\//.test(op.path);
  const url = op.path
    .replace('{kind}', owner ? 'group' : 'component')
    .replace('{namespace}', 'default')
    .replace('{name}', owner ? 'payments-team' : 'payments')
    .replace('{source}', 'github')
    .replace('{metricId}', 'lead_time_for_changes');
  const exemptionIds: Record<string, string> = {
    ApproveExemption: '1',
    DenyExemption: '2',
    RevokeExemption: '3',
  };
  switch (op.operationId) {
    case 'Gate':
      return { url: `${url}?level=silver` };
    case 'IngestEvents':
      return { url, body: { events: [] } };
    case 'RequestExemption':
      return { url, body: exemptionRequest };
    case 'EntitiesFacts':
    case 'EntitiesChecks':
      return { url, body: { entityRefs: ['component:default/payments'] } };
    case 'CreateCampaign':
      return { url, body: campaignBody('contract-new') };
    case 'GetCampaign':
    case 'CloseCampaign':
      return { url: url.replace('{id}', campaignIds[op.operationId]) };
    case 'UpdateCampaign': {
      const { id, ...body } = campaignBody('contract-db');
      return { url: url.replace('{id}', campaignIds[op.operationId]), body };
    }
    case 'StartBaseline':
      return { url, body: { from: inDays(-14), reason: 'Contract test' } };
    case 'ApproveExemption':
    case 'DenyExemption':
    case 'RevokeExemption':
      return {
        url: url.replace('{id}', exemptionIds[op.operationId]),
        body: {},
      };
    case 'Webhook': {
      const body = JSON.stringify(
        pullRequestDelivery('opened', OPENED_PR, {}, 'acme/payments'),
      );
      return {
        url,
        body: body as unknown as object,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': 'contract-1',
          'x-hub-signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET)
            .update(body)
            .digest('hex')}`,
        },
      };
    }
    default:
      return { url, body: op.method === 'post' ? {} : undefined };
  }
}

async function call(server: Server, op: SpecOperation, user?: string) {
  const { url, body, headers } = sample(op);
  let r = (request(server) as any)[op.method](`${BASE}${url}`);
  if (user) r = r.set(as(user));
  for (const [name, value] of Object.entries(headers ?? {}))
    r = r.set(name, value);
  return body === undefined ? r : r.send(body);
}

describe('the OpenAPI contract', () => {
  let server: Server;

  beforeAll(async () => {
    ({ server } = await startQualityBackend({
      knex: await databases.init('SQLITE_3'),
      entities: ENTITIES,
      qualityScorecard: {
        github: { webhookSecret: GITHUB_SECRET },
        checks: {
          definitions: [
            {
              id: 'cfr',
              title: 'CFR at most 15%',
              metric: 'change_failure_rate',
              operator: '<=',
              threshold: 0.15,
            },
          ],
          levels: [{ id: 'silver', checks: ['cfr'] }],
        },
        campaigns: [
          {
            ...(({ reminderDays, ...rest }) => rest)(
              campaignBody('contract-config'),
            ),
            reminders: ['7d'],
            description: 'A campaign from app-config',
          },
        ],
      },
    }));
    const at = (days: number) => inDays(-days);
    await request(server)
      .post(`${BASE}/events`)
      .set(as(ADMIN))
      .send({
        events: [
          pullRequest({
            id: 'acme/payments#1',
            repository: 'acme/payments',
            createdAt: at(5),
            mergedAt: at(4),
            closedAt: at(4),
          }),
          deployment({
            id: 'dep-1',
            entityRef: 'component:default/payments',
            finishedAt: at(3),
          }),
          deployment({
            id: 'dep-2',
            entityRef: 'component:default/payments',
            finishedAt: at(2),
            status: 'failure',
          }),
          incident({
            id: 'inc-1',
            pagerDutyServiceId: undefined,
            entityRef: 'component:default/payments',
            createdAt: at(2),
            resolvedAt: at(1),
          }),
          // Stays unattributed: no entity has this repository.
          pullRequest({
            id: 'acme/unknown#1',
            repository: 'acme/unknown',
            createdAt: at(3),
          }),
        ],
      })
      .expect(200);
    await request(server)
      .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
      .set(as(ADMIN))
      .expect(200);
    // Exemptions 1 (to approve), 2 (to deny) and 3 (approved, to revoke).
    const seeded = [];
    for (let i = 0; i < 3; i++) {
      seeded.push(
        await request(server)
          .post(`${BASE}/exemptions`)
          .set(as(OWNER))
          .send(exemptionRequest),
      );
    }
    seeded.push(
      await request(server)
        .post(`${BASE}/exemptions/3/approve`)
        .set(as(ADMIN))
        .send({}),
    );
    for (const id of ['contract-db', 'contract-close']) {
      seeded.push(
        await request(server)
          .post(`${BASE}/campaigns`)
          .set(as(ADMIN))
          .send(campaignBody(id)),
      );
    }
    // Seeding is setup, not the test: a failure stops every test with its reason.
    const statuses = seeded.map(res => res.status).join(',');
    if (statuses !== '201,201,201,200,201,201') {
      throw new Error(
        `seeding exemptions answered ${statuses}: ${JSON.stringify(
          seeded.map(res => res.body?.error),
        )}`,
      );
    }
  });

  it('documents a JSON success body and Backstage error bodies for every operation', () => {
    const missing = contract.operations.flatMap(op => {
      const statuses = Object.keys(op.responses);
      const success = statuses.filter(s => /^2\d\d$/.test(s));
      return [
        ...(success.length === 0
          ? [`${op.operationId}: no success response`]
          : []),
        ...success
          .filter(s => !contract.schemaOf(op, Number(s)))
          .map(s => `${op.operationId} ${s}: no schema`),
        ...statuses
          .filter(s => !/^2\d\d$/.test(s))
          .filter(
            s =>
              !/^(400|401|403|404|409|413|503)$/.test(s) ||
              (contract.schemaOf(op, Number(s)) as any)?.$ref !==
                '#/components/schemas/Error',
          )
          .map(
            s =>
              `${op.operationId} ${s}: not a documented error status with the Error body`,
          ),
      ];
    });
    expect(missing).toEqual([]);
    expect(contract.operations.length).toBeGreaterThanOrEqual(28);
  });

  it.each(contract.operations.map(op => [op.operationId, op] as const))(
    '%s answers what the contract says',
    async (_id, op) => {
      const res = await call(server, op, ADMIN);
      expect([res.status < 300, res.status, res.body?.error]).toEqual([
        true,
        res.status,
        undefined,
      ]);
      expect(contract.problems(op, res.status, res.body)).toEqual([]);
    },
  );

  it.each(
    contract.operations
      .filter(op => op.operationId !== 'Health')
      .map(op => [op.operationId, op] as const),
  )('%s answers a documented 401 without credentials', async (_id, op) => {
    const { url } = sample(op);
    const res = await (request(server) as any)[op.method](`${BASE}${url}`);
    expect(res.status).toBe(401);
    expect(contract.problems(op, res.status, res.body)).toEqual([]);
  });

  it('rejects an answer that strays from the contract', () => {
    const gate = contract.operations.find(op => op.operationId === 'Gate')!;
    const valid = {
      entityRef: 'component:default/x',
      level: 'silver',
      pass: true,
      heldLevel: null,
      failing: [],
    };
    expect(contract.problems(gate, 200, valid)).toEqual([]);
    expect(contract.problems(gate, 200, { ...valid, extra: 1 })).toEqual([
      '/ must NOT have additional properties {"additionalProperty":"extra"}',
    ]);
    expect(contract.problems(gate, 200, { ...valid, pass: 'yes' })).toEqual([
      '/pass must be boolean {"type":"boolean"}',
    ]);
    expect(contract.problems(gate, 418, valid)).toEqual([
      'status 418 is not documented',
    ]);
  });
});

import request from 'supertest';
import { Knex } from 'knex';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sign } from '@octokit/webhooks-methods';
import { qualityScorecardPlugin } from './plugin';
import { deployment, incident, pullRequest } from './__fixtures__/events';
import { OPENED_PR, pullRequestDelivery } from './__fixtures__/github';
import { incidentWebhook, pagerDutySignature } from './__fixtures__/pagerduty';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const GH_SECRET = 'gh-test-secret';
const PD_SECRET = 'pd-test-secret';
const BASE = '/api/quality-scorecard';

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'Codertocat/Hello-World',
      'pagerduty.com/service-id': 'PAYAPI1',
    },
  },
  spec: { owner: 'group:default/payments-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};
const paymentsTeam = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team' },
  relations: [],
};
const searchWithoutAnnotations = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'search', namespace: 'default' },
  spec: { owner: 'group:default/search-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/search-team' }],
};
const searchTeam = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'search-team', namespace: 'default' },
  spec: { type: 'team' },
  relations: [],
};
const searchAnnotated = {
  ...searchWithoutAnnotations,
  metadata: {
    ...searchWithoutAnnotations.metadata,
    annotations: {
      'github.com/project-slug': 'acme/search',
      'pagerduty.com/service-id': 'PSRCH01',
    },
  },
};

/** An in-memory catalog whose contents a test can replace, as an operator edits annotations. */
class Catalog {
  current = catalogServiceMock({ entities: [payments, paymentsTeam, searchWithoutAnnotations, searchTeam] as any });
  set(entities: object[]) {
    this.current = catalogServiceMock({ entities: entities as any });
  }
  factory() {
    return createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () =>
        new Proxy({} as any, {
          get: (_target, prop) => {
            const value = (this.current as any)[prop];
            return typeof value === 'function' ? value.bind(this.current) : value;
          },
        }),
    });
  }
}

interface Started {
  server: any;
  knex: Knex;
  catalog: Catalog;
  scheduler: ReturnType<typeof mockServices.scheduler.mock>;
}

/** Runs a task the plugin scheduled, as the scheduler would when it is due. */
async function runTask(s: Started, id: string) {
  const task = s.scheduler.scheduleTask.mock.calls.map(([t]) => t).find(t => t.id === id);
  expect(task).toBeDefined();
  await task!.fn(new AbortController().signal);
}

const auth = { Authorization: mockCredentials.user.header() };

const count = async (knex: Knex, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

async function storedCounts(knex: Knex) {
  return {
    raw: await count(knex, 'qs_raw_deliveries'),
    pullRequests: await count(knex, 'qs_pull_requests'),
    deployments: await count(knex, 'qs_deployments'),
    incidents: await count(knex, 'qs_incidents'),
    bugs: await count(knex, 'qs_bugs'),
  };
}

// The octokit example of a closed PR, trimmed, but merged here.
const githubPullRequest = {
  action: 'closed',
  number: 2,
  pull_request: {
    number: 2,
    title: 'Update the README with new information.',
    user: { login: 'Codertocat', type: 'User' },
    html_url: 'https://github.com/Codertocat/Hello-World/pull/2',
    created_at: '2019-05-15T15:20:33Z',
    closed_at: '2019-05-15T15:21:18Z',
    merged_at: '2019-05-15T15:21:18Z',
    merge_commit_sha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
    merged_by: { login: 'octocat' },
    additions: 1,
    deletions: 1,
    changed_files: 1,
    labels: [{ name: 'bug' }],
    body: 'This is a pretty simple change that we need to pull into master.',
    head: { ref: 'changes', sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' },
  },
  repository: { full_name: 'Codertocat/Hello-World' },
  sender: { login: 'Codertocat' },
};

describe.each(databases.eachSupportedId())('quality-scorecard plugin over HTTP on %p', databaseId => {
  async function start(options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {}): Promise<Started> {
    const knex = await databases.init(databaseId);
    const catalog = new Catalog();
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        qualityScorecardPlugin,
        catalog.factory(),
        scheduler.factory,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: options.permission ?? AuthorizeResult.ALLOW }),
        // Requests without credentials are unauthenticated, as in a real backend.
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({
          data: {
            qualityScorecard: {
              github: { webhookSecret: GH_SECRET },
              pagerduty: { webhookSecrets: ['old-secret', PD_SECRET] },
              demoData: { enabled: false },
              ingestion: { maxBodySize: '256kb' },
              // GitHub's example PR is from 2019: within retention, so a
              // recompute writes its week (docs/retention.md).
              retention: { events: 'P20Y', snapshots: 'P20Y', exemptionAudit: 'P20Y' },
            },
          },
        }),
      ],
    });
    return { server, knex, catalog, scheduler };
  }

  const postEvents = (s: Started, body: unknown) =>
    request(s.server).post(`${BASE}/events`).set(auth).send(body as object);

  it('answers /health without credentials and refuses events without them', async () => {
    const s = await start();
    await request(s.server).get(`${BASE}/health`).expect(200, { status: 'ok' });
    const res = await request(s.server).post(`${BASE}/events`).send({ events: [deployment()] });
    expect(res.status).toBe(401);
    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 0, deployments: 0, incidents: 0, bugs: 0 });
  });

  it('ingests events idempotently', async () => {
    const s = await start();
    const batch = {
      events: [
        pullRequest({ repository: 'Codertocat/Hello-World' }),
        deployment({ entityRef: 'component:default/payments' }),
        incident(),
      ],
    };
    const first = await postEvents(s, batch);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 3, duplicates: 0, unattributed: 0 });
    const again = await postEvents(s, batch);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, unattributed: 0 });
    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 1, deployments: 1, incidents: 1, bugs: 0 });
    const [row] = await s.knex('qs_pull_requests').select('entity_ref', 'external_id');
    expect(row).toEqual({ entity_ref: 'component:default/payments', external_id: 'acme/payments#17' });
  });

  it('rejects bad input with 400 naming the event index and field, storing nothing of the request', async () => {
    const s = await start();
    const good = deployment({ id: 'good-1' });
    const cases: Array<[string, unknown, string]> = [
      [
        'unknown enum value',
        { events: [good, { ...deployment({ id: 'bad-1' }), status: 'exploded' }] },
        "events[1].status: Invalid enum value. Expected 'success' | 'failure', received 'exploded'",
      ],
      [
        'missing field',
        { events: [good, (({ number: _n, ...rest }) => rest)(pullRequest())] },
        'events[1].number: Required',
      ],
      [
        'wrong type',
        { events: [good, good, { ...pullRequest(), additions: '12' }] },
        'events[2].additions: Expected number, received string',
      ],
      [
        'time without offset',
        { events: [{ ...pullRequest(), createdAt: '2026-03-02 09:00' }] },
        'events[0].createdAt: must be an ISO-8601 time with an offset, e.g. 2026-01-05T10:00:00Z',
      ],
      [
        'nested enum',
        { events: [good, pullRequest({ reviews: [{ reviewer: 'grace', state: 'LGTM' as any, submittedAt: '2026-03-03T14:00:00Z' }] })] },
        "events[1].reviews.0.state: Invalid enum value. Expected 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED', received 'LGTM'",
      ],
      [
        'no locator',
        { events: [good, { ...deployment({ id: 'x' }), entityRef: undefined }] },
        'events[1].entityRef: one of entityRef, repository, gitlabProject, pagerDutyServiceId or locators is required',
      ],
      [
        'unknown type',
        { events: [good, { ...good, id: 'r-1', type: 'release' }] },
        'events[1].type: must be one of pull_request, deployment, incident, bug',
      ],
      [
        'missing type',
        { events: [{ id: 'x', source: 'y' }] },
        'events[0].type: must be one of pull_request, deployment, incident, bug (missing)',
      ],
      ['event not an object', { events: [good, 'deploy'] }, 'events[1]: must be an object'],
      [
        'too many events',
        { events: Array.from({ length: 5001 }, () => ({})) },
        'events: at most 5000 events per request, got 5001',
      ],
    ];
    for (const [name, body, message] of cases) {
      const res = await postEvents(s, body);
      expect({ name, status: res.status, message: res.body.error?.message }).toEqual({ name, status: 400, message });
      expect(res.body.error.name).toBe('InputError');
    }

    // The OpenAPI validator checks the envelope before zod checks each event.
    const notAnArray = await postEvents(s, { events: 'all of them' });
    expect([notAnArray.status, notAnArray.body.error]).toEqual([
      400,
      { name: 'InputError', message: 'request/body/events must be array' },
    ]);
    const noEvents = await postEvents(s, {});
    expect([noEvents.status, noEvents.body.error]).toEqual([
      400,
      { name: 'InputError', message: "request/body must have required property 'events'" },
    ]);
    const malformed = await request(s.server)
      .post(`${BASE}/events`)
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"events":[');
    expect([malformed.status, malformed.body.error]).toEqual([
      400,
      { name: 'InputError', message: 'Request body is not valid JSON: Unexpected end of JSON input' },
    ]);
    const oversize = await postEvents(s, {
      events: [deployment({ id: 'big', environment: 'x'.repeat(300 * 1024) })],
    });
    expect(oversize.status).toBe(413);
    expect(oversize.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: 'Request body is larger than the limit of 256kb (qualityScorecard.ingestion.maxBodySize)',
      status: 413,
    });

    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 0, deployments: 0, incidents: 0, bugs: 0 });
    const retry = await postEvents(s, { events: [good] });
    expect(retry.body).toEqual({ accepted: 1, duplicates: 0, unattributed: 0 });
  });

  it('verifies GitHub signatures, stores a delivery once and serves the scorecard', async () => {
    const s = await start();
    const body = JSON.stringify(githubPullRequest);
    const send = (signature?: string, id = 'delivery-1') => {
      const r = request(s.server)
        .post(`${BASE}/webhooks/github`)
        .set('content-type', 'application/json')
        .set('x-github-event', 'pull_request')
        .set('x-github-delivery', id);
      return (signature ? r.set('x-hub-signature-256', signature) : r).send(body);
    };
    const missing = await send();
    expect(missing.status).toBe(401);
    expect(missing.body.error).toEqual(expect.objectContaining({ name: 'AuthenticationError', message: 'Missing X-Hub-Signature-256 header' }));
    const wrong = await send(`sha256=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Invalid X-Hub-Signature-256 signature');
    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 0, deployments: 0, incidents: 0, bugs: 0 });

    const signature = await sign(GH_SECRET, body);
    const ok = await send(signature);
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ deliveryId: 'delivery-1', duplicate: false, processed: true, events: 1 });
    const dup = await send(signature);
    expect(dup.status).toBe(200);
    expect(dup.body).toEqual({ deliveryId: 'delivery-1', duplicate: true, processed: false, events: 0 });
    expect(await storedCounts(s.knex)).toEqual({ raw: 1, pullRequests: 1, deployments: 0, incidents: 0, bugs: 0 });

    const noDelivery = await request(s.server)
      .post(`${BASE}/webhooks/github`)
      .set('content-type', 'application/json')
      .set('x-github-event', 'pull_request')
      .set('x-hub-signature-256', signature)
      .send(body);
    expect(noDelivery.status).toBe(400);
    expect(noDelivery.body.error.message).toBe('Missing X-GitHub-Delivery header');

    const card = await request(s.server)
      .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
      .set(auth)
      .expect(200);
    expect(card.body).toMatchObject({ entityRef: 'component:default/payments', weeks: 1 });
    const read = await request(s.server)
      .get(`${BASE}/scorecards/entity/component/default/payments`)
      .query({ from: '2019-05-13T00:00:00Z', to: '2019-05-20T00:00:00Z' })
      .set(auth)
      .expect(200);
    const byId = Object.fromEntries(read.body.metrics.map((m: any) => [m.id, m]));
    expect(byId.pr_cycle_time).toMatchObject({ value: 45, n: 1, flags: ['small-sample'] });
    expect(byId.review_coverage).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(read.body.window).toEqual({ from: '2019-05-13T00:00:00.000Z', to: '2019-05-20T00:00:00.000Z' });
  });

  it('refuses webhook bodies over the size limit without storing them', async () => {
    const s = await start();
    const big = JSON.stringify({ ...pullRequestDelivery('opened', OPENED_PR), padding: 'x'.repeat(300 * 1024) });
    const github = await request(s.server)
      .post(`${BASE}/webhooks/github`)
      .set('content-type', 'application/json')
      .set('x-github-event', 'pull_request')
      .set('x-github-delivery', 'big-1')
      .set('x-hub-signature-256', await sign(GH_SECRET, big))
      .send(big);
    expect(github.status).toBe(413);
    const pagerduty = await request(s.server)
      .post(`${BASE}/webhooks/pagerduty`)
      .set('content-type', 'application/json')
      .set('x-pagerduty-signature', pagerDutySignature(big, [PD_SECRET]))
      .send(big);
    expect(pagerduty.status).toBe(413);
    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 0, deployments: 0, incidents: 0, bugs: 0 });
  });

  it('accepts PagerDuty v3 webhooks signed with any configured secret and resolves the incident', async () => {
    const s = await start();
    const payload = (type: string, id: string, at: string) =>
      incidentWebhook({ eventId: id, eventType: type, occurredAt: at, incidentId: 'PINC1', serviceId: 'PAYAPI1', title: 'Refunds down' });
    const post = (body: object, signature?: string) => {
      const raw = JSON.stringify(body);
      const r = request(s.server).post(`${BASE}/webhooks/pagerduty`).set('content-type', 'application/json');
      return (signature ? r.set('x-pagerduty-signature', signature) : r).send(raw);
    };
    const trigger = payload('incident.triggered', 'e1', '2026-03-04T12:00:00Z');
    const missing = await post(trigger);
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toBe('Missing X-PagerDuty-Signature header');
    const wrong = await post(trigger, pagerDutySignature(JSON.stringify(trigger), ['wrong']));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Invalid X-PagerDuty-Signature signature');
    expect(await storedCounts(s.knex)).toEqual({ raw: 0, pullRequests: 0, deployments: 0, incidents: 0, bugs: 0 });

    // Rotation: PagerDuty sends one signature per active secret.
    await post(trigger, pagerDutySignature(JSON.stringify(trigger), ['brand-new', PD_SECRET])).expect(202);
    const resolve = payload('incident.resolved', 'e2', '2026-03-04T12:30:00Z');
    await post(resolve, pagerDutySignature(JSON.stringify(resolve), ['old-secret'])).expect(202);
    await post(resolve, pagerDutySignature(JSON.stringify(resolve), [PD_SECRET])).expect(200);
    expect(await storedCounts(s.knex)).toEqual({ raw: 2, pullRequests: 0, deployments: 0, incidents: 1, bugs: 0 });

    await request(s.server).post(`${BASE}/scorecards/entity/component/default/payments/refresh`).set(auth).expect(200);
    const read = await request(s.server)
      .get(`${BASE}/scorecards/owner/group/default/payments-team`)
      .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' })
      .set(auth)
      .expect(200);
    expect(read.body.entities).toEqual(['component:default/payments']);
    const ttr = read.body.metrics.find((m: any) => m.id === 'time_to_restore');
    expect(ttr).toMatchObject({ value: 1800, n: 1 });
  });

  it('lists unmatched events and attributes them once the catalog gains the annotation, without resending', async () => {
    const s = await start();
    const res = await postEvents(s, {
      events: [
        pullRequest({ id: 'acme/search#1', repository: 'acme/search' }),
        pullRequest({ id: 'acme/search#2', number: 2, repository: 'acme/search' }),
      ],
    });
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, unattributed: 2 });
    const page = incidentWebhook({ eventId: 'e-search', eventType: 'incident.triggered', occurredAt: '2026-03-04T12:00:00Z', incidentId: 'PSRCHINC', serviceId: 'PSRCH01' });
    await request(s.server)
      .post(`${BASE}/webhooks/pagerduty`)
      .set('content-type', 'application/json')
      .set('x-pagerduty-signature', pagerDutySignature(JSON.stringify(page), [PD_SECRET]))
      .send(JSON.stringify(page))
      .expect(202);

    const list = await request(s.server).get(`${BASE}/unattributed`).set(auth).expect(200);
    expect(list.body.items).toEqual([
      { type: 'pull_request', repository: 'acme/search', pagerDutyServiceId: null, gitlabProject: null, gitlabInstance: null, locators: null, count: 2 },
      { type: 'incident', repository: null, pagerDutyServiceId: 'PSRCH01', gitlabProject: null, gitlabInstance: null, locators: null, count: 1 },
    ]);

    // The periodic task changes nothing while the catalog has no match.
    await runTask(s, 'quality-scorecard-attribution');
    expect((await request(s.server).get(`${BASE}/unattributed`).set(auth)).body.items).toHaveLength(2);

    s.catalog.set([payments, paymentsTeam, searchAnnotated, searchTeam]);
    await runTask(s, 'quality-scorecard-attribution');
    expect((await request(s.server).get(`${BASE}/unattributed`).set(auth)).body).toEqual({ items: [] });
    expect(await s.knex('qs_pull_requests').orderBy('external_id').select('external_id', 'entity_ref')).toEqual([
      { external_id: 'acme/search#1', entity_ref: 'component:default/search' },
      { external_id: 'acme/search#2', entity_ref: 'component:default/search' },
    ]);
    expect(await s.knex('qs_incidents').select('external_id', 'entity_ref')).toEqual([
      { external_id: 'PSRCHINC', entity_ref: 'component:default/search' },
    ]);
    // New events of that repository are attributed on arrival.
    const later = await postEvents(s, { events: [pullRequest({ id: 'acme/search#3', number: 3, repository: 'acme/search' })] });
    expect(later.body).toEqual({ accepted: 1, duplicates: 0, unattributed: 0 });
  });

  it('replays stored deliveries for an admin', async () => {
    const s = await start();
    const body = JSON.stringify(pullRequestDelivery('opened', { ...OPENED_PR, number: 5 }, {}, 'Codertocat/Hello-World'));
    await request(s.server)
      .post(`${BASE}/webhooks/github`)
      .set('content-type', 'application/json')
      .set('x-github-event', 'pull_request')
      .set('x-github-delivery', 'replay-1')
      .set('x-hub-signature-256', await sign(GH_SECRET, body))
      .send(body)
      .expect(202);
    await s.knex('qs_pull_requests').delete();
    const replay = await request(s.server).post(`${BASE}/replay`).set(auth);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ deliveries: 1, attributed: 0 });
    expect(await s.knex('qs_pull_requests').select('external_id', 'entity_ref')).toEqual([
      { external_id: 'codertocat/hello-world#5', entity_ref: 'component:default/payments' },
    ]);
    const github = await request(s.server).post(`${BASE}/replay`).query({ source: 'pagerduty' }).set(auth);
    expect(github.body).toEqual({ deliveries: 0, attributed: 0 });
    const bad = await request(s.server).post(`${BASE}/replay`).query({ source: 'jira' }).set(auth);
    expect(bad.status).toBe(400);
    const anonymous = await request(s.server).post(`${BASE}/replay`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses replay and the unattributed list without the admin permission', async () => {
    const s = await start({ permission: AuthorizeResult.DENY });
    const replay = await request(s.server).post(`${BASE}/replay`).set(auth);
    expect(replay.status).toBe(403);
    expect(replay.body.error).toEqual(
      expect.objectContaining({ name: 'NotAllowedError', message: 'Not allowed: quality-scorecard.admin' }),
    );
    const list = await request(s.server).get(`${BASE}/unattributed`).set(auth);
    expect(list.status).toBe(403);
    // Ingestion needs its own permission (quality-scorecard.events.create), which this policy denies too.
    const events = await postEvents(s, { events: [deployment()] });
    expect(events.status).toBe(403);
    expect(events.body.error.message).toBe('Not allowed: quality-scorecard.events.create');
  });

  it('sends the stored scorecard of the default window compressed to clients that accept gzip', async () => {
    const s = await start();
    const day = 86_400_000;
    // One clock reading: times taken a millisecond apart would leak into the spans.
    const base = Date.now();
    const at = (daysAgo: number) => new Date(base - daysAgo * day).toISOString();
    await postEvents(s, {
      events: [
        pullRequest({
          repository: 'Codertocat/Hello-World',
          createdAt: at(4),
          mergedAt: at(3),
          closedAt: at(3),
          commits: [{ sha: 'a1b2c3', authoredAt: at(5), message: 'Add' }],
          reviews: [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(3.5) }],
        }),
        deployment({ entityRef: 'component:default/payments', finishedAt: at(2), pullRequests: [17] }),
      ],
    }).then(r => expect([r.status, r.body]).toEqual([200, { accepted: 2, duplicates: 0, unattributed: 0 }]));
    await request(s.server).post(`${BASE}/scorecards/entity/component/default/payments/refresh`).set(auth).expect(200);
    const [doc] = await s.knex('qs_scorecard_documents').where({ entity_ref: 'component:default/payments' });
    expect(doc).toBeDefined();
    const path = `${BASE}/scorecards/entity/component/default/payments`;
    const gzip = await request(s.server).get(path).set(auth).set('accept-encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toMatch(/^application\/json/);
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    const plain = await request(s.server).get(path).set(auth).set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.body).toEqual(plain.body);
    const byId = Object.fromEntries(plain.body.metrics.map((m: any) => [m.id, m]));
    expect(byId.pr_cycle_time).toMatchObject({ value: 86_400, n: 1 });
    expect(byId.review_coverage).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    // coding 1 day + review 1 day + merged → deployed 1 day
    expect(byId.lead_time_for_changes).toMatchObject({ value: 3 * 86_400, n: 1 });
  });

  it('rejects a bad window with 400 naming the parameter', async () => {
    const s = await start();
    const res = await request(s.server)
      .get(`${BASE}/scorecards/entity/component/default/payments`)
      .query({ from: '2026-03-09T00:00:00Z', to: '2026-03-02T00:00:00Z' })
      .set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/from/);
  });
});

import request from 'supertest';
import { createHmac } from 'crypto';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { qualityScorecardPlugin } from './plugin';
import { deployment, incident, pullRequest } from './__fixtures__/events';

jest.setTimeout(60_000);

const GH_SECRET = 'gh-test-secret';
const PD_SECRET = 'pd-test-secret';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'Codertocat/Hello-World', 'pagerduty.com/service-id': 'PAYAPI1' },
    },
    spec: { owner: 'group:default/payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team' },
    relations: [],
  },
];

async function start() {
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      catalogServiceMock.factory({ entities: entities as any }),
      // Requests without credentials are unauthenticated, as in a real backend.
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            github: { webhookSecret: GH_SECRET },
            pagerduty: { webhookSecrets: ['old-secret', PD_SECRET] },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return server;
}

const auth = { Authorization: mockCredentials.user.header() };

// The octokit example of a merged-and-closed PR shape, trimmed to the fields GitHub sends.
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

describe('quality-scorecard plugin over HTTP', () => {
  it('answers /health without credentials and refuses events without them', async () => {
    const server = await start();
    await request(server).get('/api/quality-scorecard/health').expect(200, { status: 'ok' });
    await request(server).post('/api/quality-scorecard/events').send({ events: [] }).expect(401);
  });

  it('ingests events idempotently and rejects a bad batch whole', async () => {
    const server = await start();
    const batch = { events: [pullRequest({ repository: 'Codertocat/Hello-World' }), deployment({ entityRef: 'component:default/payments' }), incident()] };
    const first = await request(server).post('/api/quality-scorecard/events').set(auth).send(batch);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 3, duplicates: 0, unattributed: 0 });
    const again = await request(server).post('/api/quality-scorecard/events').set(auth).send(batch);
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, unattributed: 0 });

    const bad = await request(server)
      .post('/api/quality-scorecard/events')
      .set(auth)
      .send({ events: [deployment({ id: 'new-1' }), { ...deployment({ id: 'new-2' }), status: 'exploded' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^events\[1\]\.status: /);
    const retry = await request(server).post('/api/quality-scorecard/events').set(auth).send({ events: [deployment({ id: 'new-1' })] });
    expect(retry.body.accepted).toBe(1);

    await request(server).post('/api/quality-scorecard/events').set(auth).set('content-type', 'application/json').send('{"events":').expect(400);
    const noType = await request(server).post('/api/quality-scorecard/events').set(auth).send({ events: [{ id: 'x', source: 'y' }] });
    expect(noType.status).toBe(400);
    expect(noType.body.error.message).toMatch(/events\[0\]\.type/);
  });

  it('keeps unmatched events as unattributed and lists them', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/quality-scorecard/events')
      .set(auth)
      .send({ events: [pullRequest({ id: 'other#1', repository: 'acme/unknown' })] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, unattributed: 1 });
    const list = await request(server).get('/api/quality-scorecard/unattributed').set(auth);
    expect(list.body.items).toEqual([{ type: 'pull_request', repository: 'acme/unknown', pagerDutyServiceId: null, count: 1 }]);
  });

  it('verifies GitHub signatures and stores a delivery once', async () => {
    const server = await start();
    const body = JSON.stringify(githubPullRequest);
    const send = (signature?: string, id = 'delivery-1') => {
      const r = request(server)
        .post('/api/quality-scorecard/webhooks/github')
        .set('content-type', 'application/json')
        .set('x-github-event', 'pull_request')
        .set('x-github-delivery', id);
      return (signature ? r.set('x-hub-signature-256', signature) : r).send(body);
    };
    await send().expect(401);
    await send(`sha256=${'0'.repeat(64)}`).expect(401);
    const signature = await sign(GH_SECRET, body);
    const ok = await send(signature);
    expect(ok.status).toBe(202);
    expect(ok.body).toMatchObject({ duplicate: false, processed: true, events: 1 });
    const dup = await send(signature);
    expect(dup.status).toBe(200);
    expect(dup.body.duplicate).toBe(true);

    const card = await request(server)
      .post('/api/quality-scorecard/scorecards/entity/component/default/payments/refresh')
      .set(auth)
      .expect(200);
    expect(card.body).toEqual({ entityRef: 'component:default/payments', weeks: 1 });
    const read = await request(server)
      .get('/api/quality-scorecard/scorecards/entity/component/default/payments')
      .query({ from: '2019-05-13T00:00:00Z', to: '2019-05-20T00:00:00Z' })
      .set(auth)
      .expect(200);
    const byId = Object.fromEntries(read.body.metrics.map((m: any) => [m.id, m]));
    expect(byId.pr_cycle_time).toMatchObject({ value: 45, n: 1, flags: ['small-sample'] });
    expect(byId.review_coverage).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(byId.deployment_frequency).toMatchObject({ value: 0, n: 0 });
    expect(byId.change_failure_rate).toMatchObject({ value: null, n: 0 });
    expect(read.body.window).toEqual({ from: '2019-05-13T00:00:00.000Z', to: '2019-05-20T00:00:00.000Z' });
  });

  it('accepts PagerDuty v3 webhooks signed with any configured secret and resolves the incident', async () => {
    const server = await start();
    const payload = (type: string, id: string, at: string) => ({
      event: {
        id,
        event_type: type,
        resource_type: 'incident',
        occurred_at: at,
        data: { id: 'PINC1', type: 'incident', title: 'Refunds down', service: { id: 'PAYAPI1', type: 'service_reference' }, html_url: 'https://acme.pagerduty.com/incidents/PINC1' },
      },
    });
    const post = (body: object, secret?: string) => {
      const raw = JSON.stringify(body);
      const r = request(server).post('/api/quality-scorecard/webhooks/pagerduty').set('content-type', 'application/json');
      const sig = secret ? `v1=${createHmac('sha256', secret).update(raw).digest('hex')}` : undefined;
      return (sig ? r.set('x-pagerduty-signature', `v1=deadbeef,${sig}`) : r).send(raw);
    };
    await post(payload('incident.triggered', 'e1', '2026-03-04T12:00:00Z')).expect(401);
    await post(payload('incident.triggered', 'e1', '2026-03-04T12:00:00Z'), 'wrong').expect(401);
    await post(payload('incident.triggered', 'e1', '2026-03-04T12:00:00Z'), PD_SECRET).expect(202);
    await post(payload('incident.resolved', 'e2', '2026-03-04T12:30:00Z'), 'old-secret').expect(202);
    await post(payload('incident.resolved', 'e2', '2026-03-04T12:30:00Z'), PD_SECRET).expect(200);
    await request(server).post('/api/quality-scorecard/scorecards/entity/component/default/payments/refresh').set(auth).expect(200);
    const read = await request(server)
      .get('/api/quality-scorecard/scorecards/owner/group/default/payments-team')
      .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' })
      .set(auth)
      .expect(200);
    expect(read.body.entities).toEqual(['component:default/payments']);
    const ttr = read.body.metrics.find((m: any) => m.id === 'time_to_restore');
    expect(ttr).toMatchObject({ value: 1800, n: 1 });
  });

  it('rejects a bad window with 400 naming the parameter', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/quality-scorecard/scorecards/entity/component/default/payments')
      .query({ from: '2026-03-09T00:00:00Z', to: '2026-03-02T00:00:00Z' })
      .set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/from/);
  });
});

import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { paymentsTeamBreakdown } from '../__fixtures__/scorecards';
import { paymentsApiChecks, pendingExemption } from '../__fixtures__/checks';
import { API_BASE, setupQualityServer } from '../__testUtils__/testUtils';
import { QualityScorecardClient } from './QualityScorecardClient';
import type { ScorecardWindow } from './QualityScorecardApi';

const server = setupQualityServer();

describe('QualityScorecardClient', () => {
  const client = new QualityScorecardClient({
    discoveryApi: { getBaseUrl: async () => API_BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('asks for an owner breakdown with the window', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${API_BASE}/scorecards/owner/group/default/payments-team/breakdown`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(paymentsTeamBreakdown());
        },
      ),
    );
    const result = await client.getOwnerBreakdown('group:payments-team', {
      from: '2026-10-27T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    expect(result.entities.map(e => e.entityRef)).toEqual([
      'component:default/payments-api',
      'component:default/ledger',
      'component:default/fraud-scoring',
    ]);
    expect(url?.searchParams.get('from')).toBe('2026-10-27T00:00:00.000Z');
    expect(url?.searchParams.get('to')).toBe('2026-11-24T00:00:00.000Z');
  });

  it.each([
    [
      'an entity summary',
      (w: ScorecardWindow) =>
        client.getEntityScorecardSummary('component:default/payments-api', w),
      '/api/quality-scorecard/scorecards/entity/component/default/payments-api',
      'from=2026-10-27T00%3A00%3A00.000Z&to=2026-11-24T00%3A00%3A00.000Z&view=summary',
    ],
    [
      "an owner's summary",
      (w: ScorecardWindow) =>
        client.getOwnerScorecardSummary('group:default/payments-team', w),
      '/api/quality-scorecard/scorecards/owner/group/default/payments-team',
      'from=2026-10-27T00%3A00%3A00.000Z&to=2026-11-24T00%3A00%3A00.000Z&view=summary',
    ],
    [
      "an entity metric's chart",
      (w: ScorecardWindow) =>
        client.getMetricChart(
          'entity',
          'component:default/payments-api',
          'lead_time_for_changes',
          w,
        ),
      '/api/quality-scorecard/scorecards/entity/component/default/payments-api/metrics/lead_time_for_changes/chart',
      'from=2026-10-27T00%3A00%3A00.000Z&to=2026-11-24T00%3A00%3A00.000Z',
    ],
    [
      "an owner metric's chart",
      (w: ScorecardWindow) =>
        client.getMetricChart(
          'owner',
          'group:default/payments-team',
          'review_coverage',
          w,
        ),
      '/api/quality-scorecard/scorecards/owner/group/default/payments-team/metrics/review_coverage/chart',
      'from=2026-10-27T00%3A00%3A00.000Z&to=2026-11-24T00%3A00%3A00.000Z',
    ],
  ])('asks for %s with the window', async (_name, read, path, search) => {
    let url: URL | undefined;
    server.use(
      http.get(`${API_BASE}/scorecards/*`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({});
      }),
    );
    await read({
      from: '2026-10-27T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    expect([url?.pathname, url?.search]).toEqual([path, `?${search}`]);
  });

  it('escapes the parts of an entity ref', async () => {
    let path = '';
    server.use(
      http.get(`${API_BASE}/scorecards/entity/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({});
      }),
    );
    await client.getEntityScorecard('component:my ns/a b');
    expect(path).toBe(
      '/api/quality-scorecard/scorecards/entity/component/my%20ns/a%20b',
    );
  });

  it('throws a ResponseError carrying the backend message', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'no' } },
          { status: 403 },
        ),
      ),
    );
    const error = await client.getOverview().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(403);
  });

  it('reads the checks of an entity and lists exemptions by status and entity', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${API_BASE}/checks/entity/component/default/payments-api`, () =>
        HttpResponse.json(paymentsApiChecks()),
      ),
      http.get(`${API_BASE}/exemptions`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [pendingExemption()] });
      }),
    );
    const checks = await client.getEntityChecks('component:payments-api');
    expect(checks.level).toBe('bronze');
    const { items } = await client.listExemptions({
      status: 'pending',
      entityRef: 'component:default/payments-api',
    });
    expect(items.map(e => e.id)).toEqual([7]);
    expect(query?.get('status')).toBe('pending');
    expect(query?.get('entityRef')).toBe('component:default/payments-api');
  });

  it('posts exemption requests and decisions as JSON', async () => {
    const posted: Array<{ path: string; type: string | null; body: unknown }> =
      [];
    server.use(
      http.post(`${API_BASE}/exemptions*`, async ({ request }) => {
        posted.push({
          path: new URL(request.url).pathname,
          type: request.headers.get('content-type'),
          body: await request.json(),
        });
        return HttpResponse.json(pendingExemption(), { status: 201 });
      }),
    );
    await client.requestExemption({
      entityRef: 'component:default/payments-api',
      checkId: 'review-coverage',
      reason: 'Pairing replaces reviews during the migration',
      expiresAt: '2027-01-31T23:59:59.000Z',
    });
    await client.decideExemption(7, 'deny', 'Reviews are required');
    await client.decideExemption(7, 'revoke');
    expect(posted).toEqual([
      {
        path: '/api/quality-scorecard/exemptions',
        type: 'application/json',
        body: {
          entityRef: 'component:default/payments-api',
          checkId: 'review-coverage',
          reason: 'Pairing replaces reviews during the migration',
          expiresAt: '2027-01-31T23:59:59.000Z',
        },
      },
      {
        path: '/api/quality-scorecard/exemptions/7/deny',
        type: 'application/json',
        body: { note: 'Reviews are required' },
      },
      {
        path: '/api/quality-scorecard/exemptions/7/revoke',
        type: 'application/json',
        body: {},
      },
    ]);
  });

  it('reads the baselines of an entity and posts a new one as JSON', async () => {
    const record = {
      id: 3,
      entityRef: 'component:default/payments-api',
      metric: 'review_coverage',
      from: '2026-09-07T00:00:00.000Z',
      reason: 'Pairing replaced reviews for good',
      startedBy: 'user:default/ada',
      startedAt: '2026-11-20T10:00:00.000Z',
    };
    const posted: Array<{ path: string; type: string | null; body: unknown }> =
      [];
    server.use(
      http.get(
        `${API_BASE}/baselines/entity/component/default/payments-api`,
        () =>
          HttpResponse.json({
            entityRef: 'component:default/payments-api',
            baselines: [record],
          }),
      ),
      http.post(`${API_BASE}/baselines/entity/*`, async ({ request }) => {
        posted.push({
          path: new URL(request.url).pathname,
          type: request.headers.get('content-type'),
          body: await request.json(),
        });
        return HttpResponse.json(record, { status: 201 });
      }),
    );
    const { baselines } = await client.getBaselines('component:payments-api');
    expect(baselines).toEqual([record]);
    const started = await client.startBaseline('component:payments-api', {
      metric: 'review_coverage',
      from: '2026-09-07T00:00:00.000Z',
      reason: 'Pairing replaced reviews for good',
    });
    expect(started.id).toBe(3);
    expect(posted).toEqual([
      {
        path: '/api/quality-scorecard/baselines/entity/component/default/payments-api',
        type: 'application/json',
        body: {
          metric: 'review_coverage',
          from: '2026-09-07T00:00:00.000Z',
          reason: 'Pairing replaced reviews for good',
        },
      },
    ]);
  });

  it('throws the backend message when starting a baseline is refused', async () => {
    server.use(
      http.post(`${API_BASE}/baselines/entity/*`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
          { status: 403 },
        ),
      ),
    );
    const error = await client
      .startBaseline('component:payments-api', {
        from: '2026-09-07T00:00:00.000Z',
        reason: 'A new deploy pipeline',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(403);
  });
});

import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { paymentsTeamBreakdown } from '../__fixtures__/scorecards';
import { API_BASE, setupQualityServer } from '../__testUtils__/testUtils';
import { QualityScorecardClient } from './QualityScorecardClient';

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
});

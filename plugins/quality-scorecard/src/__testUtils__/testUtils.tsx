import { ReactElement } from 'react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { SWRConfig } from 'swr';
import { Entity } from '@backstage/catalog-model';
import {
  MockPermissionApi,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { QualityScorecardClient, qualityScorecardApiRef } from '../api';

export const API_BASE = 'http://localhost:7007/api/quality-scorecard';

/**
 * An msw server whose handlers stand in for the backend during a test file.
 * By default no checks are configured, no exemption is pending, no campaign
 * runs, no incident or bug is stored and no source module is installed; a
 * test that needs them adds handlers with server.use.
 */
export function setupQualityServer() {
  const server = setupServer(
    http.get(`${API_BASE}/checks`, () =>
      HttpResponse.json({ windowDays: 28, levels: [], checks: [] }),
    ),
    http.get(`${API_BASE}/exemptions`, () => HttpResponse.json({ items: [] })),
    // No campaign.
    http.get(`${API_BASE}/campaigns`, () => HttpResponse.json({ items: [] })),
    http.get(`${API_BASE}/campaigns/:scope/:kind/:namespace/:name`, () =>
      HttpResponse.json({ items: [] }),
    ),
    // No incident or bug stored, and no source module installed.
    http.get(`${API_BASE}/events/entity/:kind/:namespace/:name`, () =>
      HttpResponse.json({
        entityRef: 'component:default/payments-api',
        window: { from: '2026-11-02T00:00:00Z', to: '2026-11-30T00:00:00Z' },
        items: [],
        more: false,
      }),
    ),
    http.get(
      `${API_BASE}/:source/sync/status`,
      () => new HttpResponse(null, { status: 404 }),
    ),
  );
  registerMswTestHooks(server);
  return server;
}

export const paymentsApiEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'shewhart-demo/payments-api',
      'pagerduty.com/service-id': 'PAYAPI1',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

export const paymentsTeamEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: ['fraud-team'] },
};

/**
 * Renders with the real client (its requests answered by msw) and an entity.
 * Permissions are allowed unless a permission API is given; routeEntries set
 * the initial URL (e.g. ['/?metric=incidents_per_pr']).
 */
export function renderWithClient(
  element: ReactElement,
  entity?: Entity,
  options: { permissionApi?: PermissionApi; routeEntries?: string[] } = {},
) {
  const client = new QualityScorecardClient({
    discoveryApi: { getBaseUrl: async () => API_BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [qualityScorecardApiRef, client],
        [permissionApiRef, options.permissionApi ?? new MockPermissionApi()],
      ]}
    >
      {/* usePermission caches decisions in SWR; a cache per render keeps
          one test's permissions out of the next */}
      <SWRConfig value={{ provider: () => new Map() }}>
        {entity ? (
          <EntityProvider entity={entity}>{element}</EntityProvider>
        ) : (
          element
        )}
      </SWRConfig>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}

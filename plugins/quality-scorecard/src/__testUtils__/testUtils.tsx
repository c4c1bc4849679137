import { ReactElement } from 'react';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { QualityScorecardClient, qualityScorecardApiRef } from '../api';

export const API_BASE = 'http://localhost:7007/api/quality-scorecard';

/** An msw server whose handlers stand in for the backend during a test file. */
export function setupQualityServer() {
  const server = setupServer();
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

/** Renders with the real client (its requests answered by msw) and an entity. */
export function renderWithClient(element: ReactElement, entity?: Entity) {
  const client = new QualityScorecardClient({
    discoveryApi: { getBaseUrl: async () => API_BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return renderInTestApp(
    <TestApiProvider apis={[[qualityScorecardApiRef, client]]}>
      {entity ? (
        <EntityProvider entity={entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

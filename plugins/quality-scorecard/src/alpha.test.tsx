import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { overviewResponse } from './__fixtures__/scorecards';
import { QualityScorecardClient, qualityScorecardApiRef } from './api';
import qualityScorecardPlugin, {
  entityGroupQualityContent,
  entityQualityContent,
  entityQualitySummaryCard,
  qualityOverviewPage,
} from './alpha';
import { API_BASE, setupQualityServer } from './__testUtils__/testUtils';

const server = setupQualityServer();

const entityOfKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('the new frontend system plugin', () => {
  it('has the API, both tabs, the card and the page', () => {
    expect(qualityScorecardPlugin.id).toBe('quality-scorecard');
    for (const id of [
      'api:quality-scorecard',
      'entity-content:quality-scorecard/quality',
      'entity-content:quality-scorecard/team-quality',
      'entity-card:quality-scorecard/summary',
      'page:quality-scorecard',
    ] as const) {
      expect(qualityScorecardPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('puts the Quality tab on components, and on other kinds by config', () => {
    const tab = createExtensionTester(entityQualityContent);
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Quality');
    expect(tab.get(coreExtensionData.routePath)).toBe('/quality');
    const filter = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entityOfKind('Component'))).toBe(true);
    expect(filter(entityOfKind('Group'))).toBe(false);
    expect(filter(entityOfKind('Resource'))).toBe(false);

    const configured = createExtensionTester(entityQualityContent, {
      config: { filter: { kind: { $in: ['component', 'resource'] } } },
    });
    const configuredFilter = configured.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(configuredFilter(entityOfKind('Resource'))).toBe(true);
  });

  it('puts the team tab on groups and the summary card on components and groups', () => {
    const team = createExtensionTester(entityGroupQualityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(team(entityOfKind('Group'))).toBe(true);
    expect(team(entityOfKind('Component'))).toBe(false);
    const card = createExtensionTester(entityQualitySummaryCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(card(entityOfKind('Component'))).toBe(true);
    expect(card(entityOfKind('Group'))).toBe(true);
    expect(card(entityOfKind('API'))).toBe(false);
  });

  it('serves the overview page at /quality with the real client', async () => {
    // No groups: material-table does not mount in this harness's render mode,
    // the page with tables is covered by QualityOverviewPage.test and the e2e test.
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json({ ...overviewResponse(), groups: [] }),
      ),
    );
    const page = createExtensionTester(qualityOverviewPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/quality');
    expect(page.get(coreExtensionData.title)).toBe('Quality');
    const client = new QualityScorecardClient({
      discoveryApi: { getBaseUrl: async () => API_BASE },
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    renderInTestApp(page.reactElement(), {
      apis: [[qualityScorecardApiRef, client]],
    });
    expect(
      await screen.findByText('Quality overview', undefined, {
        timeout: 15000,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No groups yet', undefined, { timeout: 15000 }),
    ).toBeInTheDocument();
  });
});

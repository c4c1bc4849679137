import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { overviewResponse } from '../../__fixtures__/scorecards';
import {
  API_BASE,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { complianceColor } from '../ComplianceHeatmap';
import { QualityOverviewPage } from './QualityOverviewPage';

const server = setupQualityServer();

const groupOrder = () =>
  within(screen.getByTestId('headline-table-Groups'))
    .getAllByRole('row')
    .slice(1)
    .map(
      r =>
        r.textContent!.match(
          /^\d*(Engineering|Payments|Storefront|Platform)/,
        )![1],
    );

describe('QualityOverviewPage', () => {
  it('ranks every group by the chosen headline metric', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(overviewResponse()),
      ),
    );
    await renderWithClient(<QualityOverviewPage />);
    expect(await screen.findByText('Quality overview')).toBeInTheDocument();
    await screen.findByTestId('headline-table-Groups');
    // change failure rate, lowest first: 6%, 12.5%, 18%, 31%
    expect(groupOrder()).toEqual([
      'Storefront',
      'Platform',
      'Engineering',
      'Payments',
    ]);
    const table = screen.getByTestId('headline-table-Groups');
    expect(
      within(table).getByTestId(
        'cell-group:default/payments-team-change_failure_rate',
      ),
    ).toHaveTextContent('31%+5 pp');
    expect(
      within(table).getByTestId(
        'cell-group:default/engineering-ai_policy_compliance',
      ),
    ).toHaveTextContent('63%45 of 71 PRs');
    expect(screen.getAllByTestId('demo-data-label').length).toBeGreaterThan(0);

    fireEvent.mouseDown(
      within(screen.getByTestId('rank-select')).getByRole('button'),
    );
    fireEvent.click(
      await screen.findByRole('option', {
        name: 'AI review policy compliance',
      }),
    );
    await waitFor(() =>
      expect(groupOrder()).toEqual([
        'Storefront',
        'Engineering',
        'Payments',
        'Platform',
      ]),
    );
  });

  it('colours the weekly AI policy compliance of each group', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(overviewResponse()),
      ),
    );
    await renderWithClient(<QualityOverviewPage />);
    const heatmap = await screen.findByTestId('compliance-heatmap');
    expect(
      within(heatmap)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Group', 'Nov 2', 'Nov 9', 'Nov 16', 'Nov 23']);
    const cell = (ref: string, week: string) =>
      within(heatmap).getByTestId(`heat-${ref}-${week}`);
    const zero = cell('group:default/payments-team', '2026-11-16');
    expect(zero).toHaveTextContent('0%');
    expect(zero).toHaveStyle({ backgroundColor: 'hsla(0, 70%, 45%, 0.85)' });
    const full = cell('group:default/storefront-team', '2026-11-02');
    expect(full).toHaveTextContent('100%');
    expect(full).toHaveStyle({ backgroundColor: 'hsla(120, 70%, 45%, 0.85)' });
    // one PR: a pale red, so it does not shout like eleven
    const single = cell('group:default/platform-team', '2026-11-09');
    expect(single).toHaveTextContent('0%');
    expect(single).toHaveStyle({ backgroundColor: 'hsla(0, 70%, 45%, 0.45)' });
    expect(cell('group:default/payments-team', '2026-11-23')).toHaveTextContent(
      '·',
    );
    expect(complianceColor(0.5, 20)).toBe('hsla(60, 70%, 45%, 0.85)');
  });

  it('says when there are no groups', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json({
          window: {
            from: '2026-10-27T00:00:00.000Z',
            to: '2026-11-24T00:00:00.000Z',
          },
          groups: [],
        }),
      ),
    );
    await renderWithClient(<QualityOverviewPage />);
    expect(await screen.findByText('No groups yet')).toBeInTheDocument();
  });

  it('shows the error the backend answered', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is locked' } },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );
    await renderWithClient(<QualityOverviewPage />);
    expect(
      await screen.findByText(
        'Error: Request failed with 500 Internal Server Error',
      ),
    ).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  paymentsApiScorecard,
  paymentsTeamBreakdown,
} from '../../__fixtures__/scorecards';
import {
  API_BASE,
  paymentsTeamEntity,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { scorecardViewHandlers } from '../../__testUtils__/scorecardViews';
import { EntityQualityContent } from '../EntityQualityContent';
import { GroupQualityContent } from './GroupQualityContent';

const server = setupQualityServer();
const OWNER_URL = `${API_BASE}/scorecards/owner/group/default/payments-team`;

function teamScorecard() {
  return {
    ...paymentsApiScorecard(),
    entityRef: 'group:default/payments-team',
    entities: [
      'component:default/fraud-scoring',
      'component:default/ledger',
      'component:default/payments-api',
    ],
  };
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => r.textContent);

describe('GroupQualityContent', () => {
  it("reads the roll-up's summary first and a chart of the roll-up when it is opened", async () => {
    const requests: URL[] = [];
    server.use(
      ...scorecardViewHandlers(OWNER_URL, teamScorecard, requests),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<GroupQualityContent />, paymentsTeamEntity);
    fireEvent.click(await screen.findByTestId('metric-tile-review_coverage'));
    const dialog = await screen.findByTestId('control-chart-dialog');
    await within(dialog).findByTestId('control-chart');
    expect(
      requests.map(u => [u.pathname.replace(/^.*\/scorecards/, ''), u.search]),
    ).toEqual([
      [
        '/owner/group/default/payments-team',
        expect.stringMatching(/&view=summary$/),
      ],
      [
        '/owner/group/default/payments-team/metrics/review_coverage/chart',
        '?from=2026-10-26T00%3A00%3A00.000Z&to=2026-11-30T00%3A00%3A00.000Z',
      ],
    ]);
  });

  it('shows the rolled-up scorecard, the services ranked and the sub-groups', async () => {
    server.use(
      ...scorecardViewHandlers(OWNER_URL, teamScorecard),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<GroupQualityContent />, paymentsTeamEntity);
    expect(
      await screen.findByTestId('metric-value-change_failure_rate'),
    ).toHaveTextContent('20%');
    expect(screen.getByText('rolled up over 3 entities')).toBeInTheDocument();

    const services = await screen.findByTestId('headline-table-Services');
    expect(
      within(services).getByText(
        'Ranked by change failure rate; click a column to sort',
      ),
    ).toBeInTheDocument();
    const rows = rowTexts(services);
    // best change failure rate first: payments-api 20%, fraud-scoring 31%, ledger 42%
    expect(rows[0]).toMatch(/^1payments-api/);
    expect(rows[1]).toMatch(/^2fraud-scoring/);
    expect(rows[2]).toMatch(/^3ledger/);
    const cell = (ref: string, id: string) =>
      within(services).getByTestId(`cell-${ref}-${id}`);
    expect(
      cell('component:default/payments-api', 'lead_time_for_changes'),
    ).toHaveTextContent('3.6 days');
    expect(
      cell('component:default/ledger', 'change_failure_rate'),
    ).toHaveTextContent('42%');
    expect(
      cell('component:default/payments-api', 'ai_policy_compliance'),
    ).toHaveTextContent('38%8 of 21 PRs');
    expect(
      cell('component:default/fraud-scoring', 'ai_policy_compliance'),
    ).toHaveTextContent('—');

    const subGroups = screen.getByTestId('headline-table-Sub-groups');
    expect(rowTexts(subGroups)[0]).toMatch(/^1Fraud/);
    // each speed metric next to its counterweight
    expect(
      within(services).getByText('↔ Change failure rate'),
    ).toBeInTheDocument();
    expect(
      within(services).getByText('↔ Deployment rework rate'),
    ).toBeInTheDocument();

    // where the time goes, per sub-group: the window's part medians with n
    const flow = screen.getByTestId('flow-by-group-table');
    const fraud = 'group:default/fraud-team';
    expect(
      within(flow).getByTestId(`flow-cell-${fraud}-pr_coding_time`),
    ).toHaveTextContent('16.8 h (n = 20)');
    expect(
      within(flow).getByTestId(`flow-cell-${fraud}-pr_pickup_time`),
    ).toHaveTextContent('1 h (n = 18)');
    expect(
      within(flow).getByTestId(`flow-cell-${fraud}-pr_deploy_time`),
    ).toHaveTextContent('1 days (n = 20)');
  });

  it('sorts the services when a column is clicked', async () => {
    server.use(
      ...scorecardViewHandlers(OWNER_URL, teamScorecard),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<GroupQualityContent />, paymentsTeamEntity);
    const services = await screen.findByTestId('headline-table-Services');
    const header = within(services)
      .getAllByRole('columnheader')
      .find(h => h.textContent === 'Lead time for changes')!;
    fireEvent.click(within(header).getByText('Lead time for changes'));
    await waitFor(() => expect(rowTexts(services)[0]).toMatch(/ledger/));
    expect(
      rowTexts(services).map(
        r => r!.match(/(payments-api|ledger|fraud-scoring)/)![1],
      ),
    ).toEqual(['ledger', 'fraud-scoring', 'payments-api']);
  });

  it('is what the Quality tab shows on a Group page', async () => {
    server.use(
      ...scorecardViewHandlers(OWNER_URL, teamScorecard),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsTeamEntity);
    expect(await screen.findByTestId('team-quality')).toBeInTheDocument();
    expect(
      await screen.findByTestId('headline-table-Services'),
    ).toBeInTheDocument();
  });

  it('keeps the scorecard when only the breakdown fails', async () => {
    server.use(
      ...scorecardViewHandlers(OWNER_URL, teamScorecard),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'catalog unavailable' } },
          { status: 503, statusText: 'Service Unavailable' },
        ),
      ),
    );
    await renderWithClient(<GroupQualityContent />, paymentsTeamEntity);
    expect(
      await screen.findByText(
        'Error: Could not load the services of this team',
        undefined,
        { timeout: 10000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('metric-value-review_coverage'),
    ).toHaveTextContent('52%');
  });

  it('shows the error of the roll-up', async () => {
    server.use(
      http.get(OWNER_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'kind: an owner is a Group or a User',
            },
          },
          { status: 400, statusText: 'Bad Request' },
        ),
      ),
      http.get(`${OWNER_URL}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<GroupQualityContent />, paymentsTeamEntity);
    expect(
      await screen.findByText('Error: Request failed with 400 Bad Request'),
    ).toBeInTheDocument();
  });
});

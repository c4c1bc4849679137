import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  emptyScorecard,
  paymentsApiScorecard,
  reviewCoverageControl,
} from '../../__fixtures__/scorecards';
import {
  API_BASE,
  paymentsApiEntity,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { scorecardViewHandlers } from '../../__testUtils__/scorecardViews';
import { EntityQualitySummaryCard } from './EntityQualitySummaryCard';

const server = setupQualityServer();
const ENTITY_URL = `${API_BASE}/scorecards/entity/component/default/payments-api`;

describe('EntityQualitySummaryCard', () => {
  it('shows the headline metrics and the current signal', async () => {
    server.use(...scorecardViewHandlers(ENTITY_URL, paymentsApiScorecard));
    await renderWithClient(<EntityQualitySummaryCard />, paymentsApiEntity);
    const summary = await screen.findByTestId('quality-summary');
    expect(
      within(summary).getByTestId('summary-lead_time_for_changes'),
    ).toHaveTextContent('Lead time for changes3.6 days +18.1 h · high');
    expect(
      within(summary).getByTestId('summary-change_failure_rate'),
    ).toHaveTextContent('Change failure rate20% +5.7 pp · low');
    expect(
      within(summary).getByTestId('summary-ai_policy_compliance'),
    ).toHaveTextContent('AI review policy compliance38% −10 pp');
    // Throughput is a headline metric beside its counterweight, incidents per PR.
    expect(
      within(summary).getByTestId('summary-pr_throughput'),
    ).toHaveTextContent(
      'PR throughput2.7 PRs/author/week −1.6 PRs/author/week',
    );
    expect(
      within(summary).queryByTestId('summary-pr_cycle_time'),
    ).not.toBeInTheDocument();
    expect(
      within(summary).getByTestId('current-signal-review_coverage'),
    ).toHaveTextContent(
      'Review coverage: the week of 2026-11-16 below the lower control limit, a shift for the worse',
    );
    expect(
      within(summary).getByTestId('current-signal-review_coverage'),
    ).toHaveAttribute('data-tone', 'bad');
    expect(within(summary).getByTestId('demo-data-label')).toBeInTheDocument();
  });

  it('shows the three most severe current signals and counts the rest', async () => {
    const scorecard = paymentsApiScorecard();
    const withRun = (id: string, side: 'above' | 'below') => {
      const metric = scorecard.metrics.find(m => m.id === id)!;
      metric.control = {
        ...reviewCoverageControl,
        signals: [
          {
            rule: 'eight-on-one-side',
            side,
            start: '2026-09-28T00:00:00.000Z',
            end: '2026-11-16T00:00:00.000Z',
            description: `8 weeks in a row ${side} the centre line since 2026-09-28`,
          },
        ],
      };
    };
    withRun('ai_assisted_share', 'above'); // good news for a higher-is-better metric
    withRun('revert_rate', 'above');
    withRun('incidents_per_pr', 'above');
    server.use(...scorecardViewHandlers(ENTITY_URL, () => scorecard));
    await renderWithClient(<EntityQualitySummaryCard />, paymentsApiEntity);
    const signals = await screen.findByTestId('current-signals');
    const shown = within(signals)
      .getAllByTestId(/^current-signal-/)
      .map(s => [s.getAttribute('data-testid'), s.getAttribute('data-tone')]);
    // shifts for the worse first, the strongest evidence (lead time's week
    // beyond its limit, strength 1.6) before the others; the good news last
    expect(shown).toEqual([
      ['current-signal-lead_time_for_changes', 'bad'],
      ['current-signal-incidents_per_pr', 'bad'],
      ['current-signal-revert_rate', 'bad'],
    ]);
    expect(within(signals).getByTestId('more-signals')).toHaveTextContent(
      'and 2 more on the Quality tab',
    );
    expect(
      within(signals).queryByTestId('show-all-signals'),
    ).not.toBeInTheDocument();
  });

  it('says there is no data yet', async () => {
    server.use(
      http.get(ENTITY_URL, () =>
        HttpResponse.json(emptyScorecard('component:default/payments-api')),
      ),
    );
    await renderWithClient(<EntityQualitySummaryCard />, paymentsApiEntity);
    expect(await screen.findByTestId('summary-no-data')).toHaveTextContent(
      'No quality data yet',
    );
  });

  it('shows an error', async () => {
    server.use(
      http.get(
        ENTITY_URL,
        () =>
          new HttpResponse('upstream timed out', {
            status: 504,
            statusText: 'Gateway Timeout',
          }),
      ),
    );
    await renderWithClient(<EntityQualitySummaryCard />, paymentsApiEntity);
    expect(
      await screen.findByText('Error: Request failed with 504 Gateway Timeout'),
    ).toBeInTheDocument();
  });
});

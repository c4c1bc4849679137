import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  emptyScorecard,
  paymentsApiScorecard,
} from '../../__fixtures__/scorecards';
import {
  API_BASE,
  paymentsApiEntity,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { EntityQualitySummaryCard } from './EntityQualitySummaryCard';

const server = setupQualityServer();
const ENTITY_URL = `${API_BASE}/scorecards/entity/component/default/payments-api`;

describe('EntityQualitySummaryCard', () => {
  it('shows the headline metrics and the current signal', async () => {
    server.use(
      http.get(ENTITY_URL, () => HttpResponse.json(paymentsApiScorecard())),
    );
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
    expect(
      within(summary).queryByTestId('summary-pr_throughput'),
    ).not.toBeInTheDocument();
    expect(
      within(summary).getByTestId('current-signal-review_coverage'),
    ).toHaveTextContent(
      'Review coverage: a week below the lower control limit since 2026-11-16, a shift for the worse',
    );
    expect(
      within(summary).getByTestId('current-signal-review_coverage'),
    ).toHaveAttribute('data-tone', 'bad');
    expect(within(summary).getByTestId('demo-data-label')).toBeInTheDocument();
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

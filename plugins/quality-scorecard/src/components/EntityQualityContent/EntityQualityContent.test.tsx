import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
import {
  describeRequest,
  scorecardViewHandlers,
} from '../../__testUtils__/scorecardViews';
import { EntityQualityContent } from './EntityQualityContent';

const server = setupQualityServer();
const ENTITY_URL = `${API_BASE}/scorecards/entity/component/default/payments-api`;

// The test app's theme: Material UI's success and error colours.
const GREEN = 'rgb(76, 175, 80)';
const RED = 'rgb(244, 67, 54)';

/** Serves the scorecard's views as the backend does; returns what was asked for. */
function serveScorecard(requests: URL[] = []) {
  server.use(
    ...scorecardViewHandlers(ENTITY_URL, paymentsApiScorecard, requests),
  );
  return requests;
}

describe('EntityQualityContent', () => {
  it('shows each metric in human units with its band, n and the demo label', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const value = (id: string) => screen.getByTestId(`metric-value-${id}`);
    expect(
      await screen.findByTestId('metric-value-lead_time_for_changes'),
    ).toHaveTextContent('3.6 days');
    expect(value('deployment_frequency')).toHaveTextContent('2 days/week');
    expect(value('change_failure_rate')).toHaveTextContent('20%');
    expect(value('time_to_restore')).toHaveTextContent('4 h');
    expect(value('pr_cycle_time')).toHaveTextContent('13.3 h');
    expect(value('incidents_per_pr')).toHaveTextContent('0.074 per PR');
    expect(value('revert_rate')).toHaveTextContent('7.4%');
    expect(value('review_coverage')).toHaveTextContent('52%');
    expect(value('ai_assisted_share')).toHaveTextContent('78%');
    expect(
      screen.getByTestId('metric-band-change_failure_rate'),
    ).toHaveTextContent('low');
    expect(
      screen.getByTestId('metric-band-lead_time_for_changes'),
    ).toHaveTextContent('high');
    expect(screen.getByTestId('metric-n-review_coverage')).toHaveTextContent(
      'n = 27',
    );
    expect(screen.getAllByTestId('demo-data-label').length).toBeGreaterThan(0);
    expect(screen.getByTestId('window-dates')).toHaveTextContent(
      '2026-10-26 to 2026-11-30',
    );
    // the four perspectives, each with its own metrics
    expect(
      within(screen.getByTestId('perspective-speed')).getByText(
        'Lead time for changes',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('perspective-stability')).getByText(
        'Change failure rate',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('perspective-quality')).getByText(
        'Review coverage',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('perspective-ai')).getByText(
        'AI review policy compliance',
      ),
    ).toBeInTheDocument();
    // a sparkline of the weekly values on every tile that has them
    expect(screen.getAllByTestId('sparkline')).toHaveLength(15);
  });

  it('shows DORA recovery time and rework rate beside change failure rate, each speed tile with its counterweight', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const stability = await screen.findByTestId('perspective-stability');
    expect(
      within(stability).getByTestId(
        'metric-value-failed_deployment_recovery_time',
      ),
    ).toHaveTextContent('3 h');
    expect(
      within(stability).getByTestId(
        'metric-band-failed_deployment_recovery_time',
      ),
    ).toHaveTextContent('high');
    expect(
      within(stability).getByTestId('metric-value-deployment_rework_rate'),
    ).toHaveTextContent('10%');
    // no edition publishes rework-rate bands
    expect(
      screen.queryByTestId('metric-band-deployment_rework_rate'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByTestId('metric-counterweight-deployment_frequency'),
    ).toHaveTextContent('↔ Change failure rate: 20%');
    expect(
      screen.getByTestId('metric-counterweight-lead_time_for_changes'),
    ).toHaveTextContent('↔ Deployment rework rate: 10%');
    expect(
      screen.getByTestId('metric-counterweight-pr_cycle_time'),
    ).toHaveTextContent('↔ Revert rate: 7.4%');
    // the stability tiles are no speed metrics: no counterweight line
    expect(
      screen.queryByTestId('metric-counterweight-change_failure_rate'),
    ).not.toBeInTheDocument();
  });

  it('shows where the time goes: each flow part with its median and n, not as tiles, and opens its chart', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    expect(
      await screen.findByTestId('flow-part-pr_coding_time'),
    ).toHaveTextContent('Coding time: 4 h (n = 27)');
    expect(screen.getByTestId('flow-part-pr_pickup_time')).toHaveTextContent(
      'Pickup time: 1.5 h (n = 25)',
    );
    expect(screen.getByTestId('flow-part-pr_review_time')).toHaveTextContent(
      'Review time: 2 h (n = 25)',
    );
    expect(screen.getByTestId('flow-part-pr_deploy_time')).toHaveTextContent(
      'Deploy time: 1 days (n = 27)',
    );
    expect(screen.getByTestId('flow-chart')).toBeInTheDocument();
    expect(
      screen.queryByTestId('metric-tile-pr_pickup_time'),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByTestId('flow-part-pr_pickup_time'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Pickup time');
  });

  it('colours a change by the metric direction: a drop in review coverage is bad, a drop in restore time good', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const delta = async (id: string) =>
      screen.findByTestId(`metric-delta-${id}`);

    const coverage = await delta('review_coverage');
    expect(coverage).toHaveTextContent('−4 pp vs previous window');
    expect(coverage).toHaveAttribute('data-tone', 'bad');
    expect(getComputedStyle(coverage).color).toBe(RED);

    const leadTime = await delta('lead_time_for_changes');
    expect(leadTime).toHaveTextContent('+18.1 h vs previous window');
    expect(leadTime).toHaveAttribute('data-tone', 'bad');

    const restore = await delta('time_to_restore');
    expect(restore).toHaveTextContent('−2 min');
    expect(restore).toHaveAttribute('data-tone', 'good');
    expect(getComputedStyle(restore).color).toBe(GREEN);

    const share = await delta('ai_assisted_share');
    expect(share).toHaveTextContent('+5.7 pp');
    expect(share).toHaveAttribute('data-tone', 'good');
  });

  it('greys a small sample and says why, without hiding its value', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const tile = await screen.findByTestId('metric-tile-time_to_restore');
    expect(tile).toHaveAttribute('data-muted', 'true');
    expect(getComputedStyle(tile).opacity).toBe('0.55');
    expect(within(tile).getByText('4 h')).toBeInTheDocument();
    expect(tile).toHaveTextContent(
      'n = 2 · small sample (n = 2): too few for a reliable value',
    );
    expect(screen.getByTestId('metric-tile-review_coverage')).toHaveAttribute(
      'data-muted',
      'false',
    );
  });

  it('opens the control chart of a tile and explains its signals in words', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    // the current signal is already on the tile and in "What changed"
    expect(
      await screen.findByTestId('metric-signal-review_coverage'),
    ).toHaveTextContent(
      'Signal: the week of 2026-11-16 below the lower control limit',
    );
    expect(
      screen.getByTestId('current-signal-review_coverage'),
    ).toHaveTextContent(
      'Review coverage: the week of 2026-11-16 below the lower control limit, a shift for the worse (review coverage is better higher).',
    );

    fireEvent.click(screen.getByTestId('metric-tile-review_coverage'));
    const dialog = await screen.findByTestId('control-chart-dialog');
    expect(
      within(dialog).getByText('Review coverage: control chart'),
    ).toBeInTheDocument();
    // the chart is read on opening
    await within(dialog).findByTestId('control-chart');
    expect(dialog).toHaveTextContent(
      'centre line 96%, limits from the first 12 weeks',
    );
    const sentences = within(dialog)
      .getAllByTestId('signal-sentence')
      .map(s => s.textContent);
    expect(sentences).toEqual([
      'the week of 2026-11-16 below the lower control limit',
      '8 weeks in a row below the centre line since 2026-08-24',
    ]);
    expect(within(dialog).getAllByTestId('signal')[1]).toHaveTextContent(
      'Western Electric rule 4, through the week of 2026-10-12: a shift for the worse',
    );
    // the chart itself: 26 weekly points, and in red the 8 weeks of the run
    // (2026-08-24 to 2026-10-12) and the week below the lower limit
    const chart = within(dialog).getByTestId('control-chart');
    expect(chart.querySelectorAll('.recharts-line-dots circle').length).toBe(
      26,
    );
    const signalDots = chart.querySelectorAll('.recharts-scatter-symbol path');
    expect(signalDots).toHaveLength(9);
    expect(signalDots[0].getAttribute('fill')).toBe('#f44336');

    fireEvent.click(within(dialog).getByLabelText('close'));
    await waitFor(() =>
      expect(
        screen.queryByTestId('control-chart-dialog'),
      ).not.toBeInTheDocument(),
    );
  });

  it('says when a metric has too few weeks for control limits', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    fireEvent.click(
      await screen.findByTestId('metric-tile-deployment_frequency'),
    );
    const dialog = await screen.findByTestId('control-chart-dialog');
    expect(
      await within(dialog).findByTestId('control-chart-missing'),
    ).toHaveTextContent(
      'Not enough weeks with data yet to compute control limits.',
    );
  });

  it('asks the API for the chosen window', async () => {
    const requests = serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    await screen.findByTestId('quality-scorecard');
    const days = (u: URL) =>
      Math.round(
        (Date.parse(u.searchParams.get('to')!) -
          Date.parse(u.searchParams.get('from')!)) /
          86_400_000,
      );
    expect(days(requests[0])).toBe(28);
    expect(requests.map(describeRequest)).toEqual(['scorecard summary']);

    fireEvent.mouseDown(
      within(screen.getByTestId('window-select')).getByRole('button'),
    );
    fireEvent.click(
      await screen.findByRole('option', { name: 'Last 90 days' }),
    );
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(days(requests[1])).toBe(90);
    expect(describeRequest(requests[1])).toBe('scorecard summary');
  });

  it('asks for the summary first and reads a chart only when it is opened, for the same window', async () => {
    const requests = serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    // the first paint: tiles, sparklines, signals and the flow chart, from the summary alone
    expect(
      await screen.findByTestId('metric-signal-review_coverage'),
    ).toHaveTextContent('Signal: the week of 2026-11-16');
    expect(screen.getAllByTestId('sparkline')).toHaveLength(15);
    expect(screen.getByTestId('flow-chart')).toBeInTheDocument();
    expect(requests.map(describeRequest)).toEqual(['scorecard summary']);

    fireEvent.click(screen.getByTestId('metric-tile-review_coverage'));
    const dialog = await screen.findByTestId('control-chart-dialog');
    expect(
      within(dialog).getByText('Review coverage: control chart'),
    ).toBeInTheDocument();
    const chart = await within(dialog).findByTestId('control-chart');
    expect(chart.querySelectorAll('.recharts-line-dots circle').length).toBe(
      26,
    );
    expect(requests.map(describeRequest)).toEqual([
      'scorecard summary',
      'chart review_coverage',
    ]);
    // the chart of the summary's weeks: the window the summary answered
    expect(Object.fromEntries(requests[1].searchParams)).toEqual(
      paymentsApiScorecard().window,
    );

    // another tile: its own chart
    fireEvent.click(within(dialog).getByLabelText('close'));
    await waitFor(() =>
      expect(
        screen.queryByTestId('control-chart-dialog'),
      ).not.toBeInTheDocument(),
    );
    fireEvent.click(screen.getByTestId('metric-tile-lead_time_for_changes'));
    expect(
      await within(
        await screen.findByTestId('control-chart-dialog'),
      ).findByTestId('control-chart'),
    ).toBeInTheDocument();
    expect(requests.map(describeRequest)).toEqual([
      'scorecard summary',
      'chart review_coverage',
      'chart lead_time_for_changes',
    ]);
  });

  it('says so in the dialog when the chart cannot be read', async () => {
    serveScorecard();
    server.use(
      http.get(`${ENTITY_URL}/metrics/:metricId/chart`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database gone' } },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    fireEvent.click(await screen.findByTestId('metric-tile-review_coverage'));
    const dialog = await screen.findByTestId('control-chart-dialog');
    expect(
      await within(dialog).findByTestId('control-chart-error'),
    ).toHaveTextContent(
      'Could not read the chart: Request failed with 500 Internal Server Error',
    );
    expect(
      within(dialog).queryByTestId('control-chart'),
    ).not.toBeInTheDocument();
  });

  it('shows the AI block: share, compliance, violations and the AI vs other comparison', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const block = await screen.findByTestId('ai-block');
    expect(within(block).getByTestId('ai-share')).toHaveTextContent('78%');
    expect(within(block).getByTestId('ai-compliance')).toHaveTextContent(
      '38%: 8 of 21 PRs under the AI review policy passed every rule',
    );
    const violations = within(block).getByTestId('violations-table');
    expect(
      // 21 PRs under the policy, 8 compliant: 13 violations, of which the fixture lists one.
      within(violations).getByText(
        'Policy violations (13, the latest 1 listed)',
      ),
    ).toBeInTheDocument();
    const link = within(violations).getByRole('link', {
      name: '#267 Generate change 267 in payments-api',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/shewhart-demo/payments-api/pull/267',
    );
    expect(violations).toHaveTextContent(
      'human-approvals: 0 approvals from humans other than ada (needs 1)',
    );
    expect(violations).toHaveTextContent(
      'no-self-merge: ada merged their own PR without an approval from anyone else',
    );
    expect(violations).toHaveTextContent('trailer Co-authored-by: Copilot');
    expect(violations).toHaveTextContent('confidence 95%');

    const comparison = within(block).getByTestId('ai-comparison');
    expect(comparison).toHaveTextContent('AI-assisted PRs (n = 24)');
    expect(comparison).toHaveTextContent('Other PRs (n = 15)');
    const incidents = within(comparison).getByTestId(
      'ai-comparison-incidents_per_pr',
    );
    expect(incidents).toHaveTextContent(
      '0.292 per PR7 incidents / 24 PRs0.067 per PR1 incidents / 15 PRs',
    );
    expect(within(incidents).getByText('0.292 per PR')).toHaveAttribute(
      'data-tone',
      'bad',
    );
    const cycle = within(comparison).getByTestId('ai-comparison-pr_cycle_time');
    expect(cycle).toHaveTextContent('18.8 h');
    expect(cycle).toHaveTextContent('9.1 h');
    expect(
      within(comparison).getByTestId('ai-comparison-review_coverage'),
    ).toHaveTextContent('67%16 of 24 approved73%11 of 15 approved');
  });

  it('links every metric to its definition', async () => {
    serveScorecard();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const link = (
      await screen.findAllByTestId('definition-change_failure_rate')
    )[0];
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/shewhart-dev/shewhart/blob/main/docs/metrics.md#change_failure_rate',
    );
  });

  it('explains how to connect GitHub or GitLab and PagerDuty when there is no data yet', async () => {
    server.use(
      http.get(ENTITY_URL, () =>
        HttpResponse.json(emptyScorecard('component:default/payments-api')),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    expect(await screen.findByText('No quality data yet')).toBeInTheDocument();
    const howTo = screen.getByTestId('how-to-connect');
    expect(howTo).toHaveTextContent('github.com/project-slug: my-org/my-repo');
    expect(howTo).toHaveTextContent('pagerduty.com/service-id: PABC123');
    expect(howTo).toHaveTextContent('/api/quality-scorecard/webhooks/github');
    expect(howTo).toHaveTextContent(
      'gitlab.com/project-slug: my-group/my-project',
    );
    expect(howTo).toHaveTextContent('/api/quality-scorecard/webhooks/gitlab');
  });

  it('shows how to connect, not a missing annotation, for a component annotated for GitLab only', async () => {
    server.use(
      http.get(
        `${API_BASE}/scorecards/entity/component/default/checkout-web`,
        () =>
          HttpResponse.json(emptyScorecard('component:default/checkout-web')),
      ),
    );
    await renderWithClient(<EntityQualityContent />, {
      ...paymentsApiEntity,
      metadata: {
        name: 'checkout-web',
        namespace: 'default',
        annotations: { 'gitlab.com/project-slug': 'shop/checkout-web' },
      },
    });
    expect(await screen.findByText('No quality data yet')).toBeInTheDocument();
    expect(screen.queryByText(/Missing Annotation/i)).toBeNull();
  });

  it('names the missing annotations when the entity has none', async () => {
    server.use(
      http.get(
        `${API_BASE}/scorecards/entity/component/default/legacy-batch`,
        () =>
          HttpResponse.json(emptyScorecard('component:default/legacy-batch')),
      ),
    );
    await renderWithClient(<EntityQualityContent />, {
      ...paymentsApiEntity,
      metadata: { name: 'legacy-batch', namespace: 'default' },
    });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/github\.com\/project-slug/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/pagerduty\.com\/service-id/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/gitlab\.com\/project-slug/).length,
    ).toBeGreaterThan(0);
  });

  it('shows the error the backend answered', async () => {
    server.use(
      http.get(ENTITY_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You are not allowed to read scorecards',
            },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    expect(
      await screen.findByText('Error: Request failed with 403 Forbidden'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/You are not allowed to read scorecards/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('quality-scorecard')).not.toBeInTheDocument();
  });
});

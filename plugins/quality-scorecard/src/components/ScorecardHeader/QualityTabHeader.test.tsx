import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { qualityScorecardRefreshPermission } from '@shewhart/plugin-quality-scorecard-common';
import { paymentsApiScorecard } from '../../__fixtures__/scorecards';
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
import { EntityQualityContent } from '../EntityQualityContent';

// Times on the tab are in the reader's zone; the test reads them in UTC.
process.env.TZ = 'UTC';

const server = setupQualityServer();
const ENTITY_URL = `${API_BASE}/scorecards/entity/component/default/payments-api`;

const denyRefresh = () =>
  new MockPermissionApi(request =>
    request.permission.name === qualityScorecardRefreshPermission.name
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  );

/** Serves the scorecard, computed later after each refresh. */
function serveRefreshable(requests: URL[] = []) {
  const calls = { refresh: 0 };
  let computedAt = '2026-11-24T08:20:21.496Z';
  server.use(
    ...scorecardViewHandlers(
      ENTITY_URL,
      () => ({ ...paymentsApiScorecard(), computedAt }),
      requests,
    ),
    http.post(`${ENTITY_URL}/refresh`, () => {
      calls.refresh++;
      computedAt = '2026-11-25T14:05:00.000Z';
      return HttpResponse.json({
        entityRef: 'component:default/payments-api',
        weeks: 27,
      });
    }),
  );
  return calls;
}

const githubStatus = (running: boolean) => ({
  enabled: true,
  runs: [
    {
      id: 7,
      trigger: 'schedule',
      entityRef: null,
      status: running ? 'running' : 'succeeded',
      startedAt: '2026-11-25T13:00:00.000Z',
      updatedAt: '2026-11-25T13:05:00.000Z',
      finishedAt: running ? null : '2026-11-25T13:10:00.000Z',
      repositories: { total: 8, done: 2, current: 'shewhart-demo/ledger' },
    },
  ],
  repositories: [
    {
      repository: 'shewhart-demo/payments-api',
      status: 'succeeded',
      error: null,
      lastFinishedAt: '2026-11-24T06:00:00.000Z',
    },
  ],
});

describe('the Quality tab header', () => {
  it('shows when the numbers were computed and, with the permission, refreshes them', async () => {
    const calls = serveRefreshable();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    expect(await screen.findByTestId('computed-at')).toHaveTextContent(
      'Computed at Nov 24, 2026, 8:20 AM',
    );
    fireEvent.click(await screen.findByRole('button', { name: /Refresh/ }));
    await waitFor(() =>
      expect(screen.getByTestId('computed-at')).toHaveTextContent(
        'Computed at Nov 25, 2026, 2:05 PM',
      ),
    );
    expect(calls.refresh).toBe(1);
  });

  it('offers no refresh without the refresh permission', async () => {
    const calls = serveRefreshable();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      permissionApi: denyRefresh(),
    });
    expect(await screen.findByTestId('computed-at')).toBeInTheDocument();
    // the CSV button is there: the header has rendered its buttons
    expect(
      screen.getByRole('button', { name: /Weekly series CSV/ }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Refresh/ }),
    ).not.toBeInTheDocument();
    expect(calls.refresh).toBe(0);
  });

  it('shows the GitHub sync with its progress while a run is under way, and nothing for modules not installed', async () => {
    serveRefreshable();
    let running = true;
    server.use(
      http.get(`${API_BASE}/github/sync/status`, () =>
        HttpResponse.json(githubStatus(running)),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    expect(await screen.findByTestId('sync-github')).toHaveTextContent(
      'GitHub: syncing (2 of 8)',
    );
    expect(
      within(screen.getByTestId('sync-github')).getByRole('progressbar'),
    ).toHaveAttribute('aria-valuenow', '25');
    // gitlab and jira answer 404 (and the entity names no project there)
    expect(screen.queryByTestId('sync-gitlab')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sync-jira')).not.toBeInTheDocument();
    running = false;
    await waitFor(
      () =>
        expect(screen.getByTestId('sync-github')).toHaveTextContent(
          'GitHub: synced Nov 24, 2026, 6:00 AM',
        ),
      { timeout: 8000 },
    );
    expect(
      screen.queryByTestId('sync-progress-github'),
    ).not.toBeInTheDocument();
  });

  it('lists the incidents and bugs with links to where they live and their severity', async () => {
    serveRefreshable();
    const windows: URL[] = [];
    server.use(
      http.get(
        `${API_BASE}/events/entity/component/default/payments-api`,
        ({ request }) => {
          windows.push(new URL(request.url));
          return HttpResponse.json({
            entityRef: 'component:default/payments-api',
            window: {
              from: '2026-11-02T00:00:00Z',
              to: '2026-11-30T00:00:00Z',
            },
            more: false,
            items: [
              {
                type: 'bug',
                id: 'PAY-7',
                source: 'jira',
                title: 'Refund rounding',
                url: 'https://acme.atlassian.net/browse/PAY-7',
                severity: 'P2',
                status: 'open',
                createdAt: '2026-11-28T10:00:00.000Z',
                closedAt: null,
              },
              {
                type: 'incident',
                id: 'Q1',
                source: 'pagerduty',
                title: 'Refunds failing',
                url: 'https://acme.pagerduty.com/incidents/Q1',
                severity: 'SEV1',
                status: 'resolved',
                createdAt: '2026-11-20T09:00:00.000Z',
                resolvedAt: '2026-11-20T10:30:00.000Z',
              },
            ],
          });
        },
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const bug = await screen.findByTestId('event-link-PAY-7');
    expect(bug).toHaveTextContent('Refund rounding');
    expect(bug).toHaveAttribute(
      'href',
      'https://acme.atlassian.net/browse/PAY-7',
    );
    expect(screen.getByTestId('event-link-Q1')).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/incidents/Q1',
    );
    expect(screen.getByTestId('event-severity-PAY-7')).toHaveTextContent('P2');
    expect(screen.getByTestId('event-severity-Q1')).toHaveTextContent('SEV1');
    const rows = within(screen.getByTestId('entity-events')).getAllByRole(
      'row',
    );
    expect(rows[2]).toHaveTextContent(
      'IncidentRefunds failing, Opens in a new windowSEV1resolvedNov 20, 2026, 9:00 AMNov 20, 2026, 10:30 AMpagerduty',
    );
    // the scorecard's window
    expect(windows[0].searchParams.get('from')).toBe(
      paymentsApiScorecard().window.from,
    );
  });

  it("downloads the weekly series as a CSV file, read from the full scorecard of the tab's window", async () => {
    const requests: URL[] = [];
    serveRefreshable(requests);
    const blobs: Blob[] = [];
    const create = jest
      .spyOn(URL, 'createObjectURL')
      .mockImplementation(blob => {
        blobs.push(blob as Blob);
        return 'blob:weekly';
      });
    const revoke = jest
      .spyOn(URL, 'revokeObjectURL')
      .mockImplementation(() => undefined);
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function clickDownload(this: HTMLAnchorElement) {
        expect(this.download).toBe('payments-api-weekly-series.csv');
        expect(this.href).toBe('blob:weekly');
      });
    try {
      await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
      fireEvent.click(
        await screen.findByRole('button', { name: /Weekly series CSV/ }),
      );
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      await waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:weekly'));
      // the tab has the summary; the CSV asked for the full view of its window
      expect(requests.map(describeRequest)).toEqual([
        'scorecard summary',
        'scorecard full',
      ]);
      expect(Object.fromEntries(requests[1].searchParams)).toEqual(
        paymentsApiScorecard().window,
      );
      const text = await blobs[0].text();
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('metric,unit,week_start,value,n');
      expect(lines[1]).toMatch(
        /^deployment_frequency,days-per-week,2026-06-01,/,
      );
      // one line a metric and week, and the final line end
      const points = paymentsApiScorecard().metrics.reduce(
        (sum, m) => sum + m.series.length,
        0,
      );
      expect(lines).toHaveLength(points + 2);
      // the exact weekly values, not the summary's rounded ones
      const lead = paymentsApiScorecard().metrics.find(
        m => m.id === 'lead_time_for_changes',
      )!;
      expect(lines).toContain(
        `lead_time_for_changes,seconds,2026-06-01,${lead.series[0].value},${lead.series[0].n}`,
      );
      expect(lines[lines.length - 1]).toBe('');
    } finally {
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    }
  });
});

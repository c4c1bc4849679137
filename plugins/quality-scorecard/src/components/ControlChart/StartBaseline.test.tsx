import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EvaluatePermissionRequest } from '@backstage/plugin-permission-common';
import { qualityScorecardBaselineManagePermission } from '@shewhart/plugin-quality-scorecard-common';
import {
  paymentsApiScorecard,
  paymentsTeamBreakdown,
} from '../../__fixtures__/scorecards';
import {
  API_BASE,
  paymentsApiEntity,
  paymentsTeamEntity,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import {
  describeRequest,
  scorecardViewHandlers,
} from '../../__testUtils__/scorecardViews';
import { EntityQualityContent } from '../EntityQualityContent';

const server = setupQualityServer();
const ENTITY = 'component/default/payments-api';
const LEAD_TIME_CHART = ['/?metric=lead_time_for_changes'];

/** Serves the scorecard and records what the baseline route is sent. */
function serveEntity(
  answer: () => Response = () =>
    HttpResponse.json(
      {
        id: 4,
        entityRef: 'component:default/payments-api',
        metric: 'lead_time_for_changes',
        from: '2026-09-21T00:00:00.000Z',
        reason: 'x',
        startedBy: 'user:default/ada',
        startedAt: '2026-11-24T09:00:00.000Z',
      },
      { status: 201 },
    ),
) {
  const scorecardRequests: URL[] = [];
  const posted: unknown[] = [];
  server.use(
    ...scorecardViewHandlers(
      `${API_BASE}/scorecards/entity/${ENTITY}`,
      paymentsApiScorecard,
      scorecardRequests,
    ),
    http.post(`${API_BASE}/baselines/entity/${ENTITY}`, async ({ request }) => {
      posted.push(await request.json());
      return answer();
    }),
  );
  return { scorecardRequests, posted };
}

async function openForm(permissionApi = new MockPermissionApi()) {
  await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
    routeEntries: LEAD_TIME_CHART,
    permissionApi,
  });
  await screen.findByTestId('control-chart-dialog');
  fireEvent.click(
    await screen.findByRole('button', { name: 'Start a new baseline' }),
  );
  return screen.findByTestId('start-baseline-dialog');
}

describe('Start a new baseline', () => {
  it('posts the chosen week, metric and reason, then reloads the scorecard', async () => {
    const { scorecardRequests, posted } = serveEntity();
    const asked: EvaluatePermissionRequest[] = [];
    const form = await openForm(
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.ALLOW;
      }),
    );
    // the permission is asked for this entity
    expect(asked).toContainEqual(
      expect.objectContaining({
        permission: qualityScorecardBaselineManagePermission,
        resourceRef: 'component:default/payments-api',
      }),
    );
    // the week defaults to the start of the latest signal; the partial
    // current week is not offered
    const week = within(form).getByTestId('baseline-from') as HTMLSelectElement;
    expect(week.value).toBe('2026-11-16T00:00:00.000Z');
    expect(within(form).queryByRole('option', { name: '2026-11-23' })).toBe(
      null,
    );

    // a reason is required
    fireEvent.click(
      within(form).getByRole('button', { name: 'Start baseline' }),
    );
    expect(
      await within(form).findByTestId('baseline-form-problem'),
    ).toHaveTextContent('Give a reason');
    expect(posted).toEqual([]);

    fireEvent.change(week, { target: { value: '2026-09-21T00:00:00.000Z' } });
    fireEvent.change(within(form).getByTestId('baseline-reason'), {
      target: { value: '  AI assistants for the whole team  ' },
    });
    fireEvent.click(
      within(form).getByRole('button', { name: 'Start baseline' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('start-baseline-dialog'),
      ).not.toBeInTheDocument(),
    );
    expect(posted).toEqual([
      {
        metric: 'lead_time_for_changes',
        from: '2026-09-21T00:00:00.000Z',
        reason: 'AI assistants for the whole team',
      },
    ]);
    // the summary and the open chart are read again
    await waitFor(() =>
      expect(scorecardRequests.map(describeRequest)).toEqual([
        'scorecard summary',
        'chart lead_time_for_changes',
        'scorecard summary',
        'chart lead_time_for_changes',
      ]),
    );
    // the chart stays open on the reloaded scorecard
    expect(screen.getByTestId('control-chart-dialog')).toBeInTheDocument();
  });

  it('starts a baseline for every metric without naming one', async () => {
    const { posted } = serveEntity();
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('All metrics of this entity'));
    fireEvent.change(within(form).getByTestId('baseline-reason'), {
      target: { value: 'Moved to trunk-based development' },
    });
    fireEvent.click(
      within(form).getByRole('button', { name: 'Start baseline' }),
    );
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      from: '2026-11-16T00:00:00.000Z',
      reason: 'Moved to trunk-based development',
    });
  });

  it("shows the backend's message when it refuses", async () => {
    const { scorecardRequests } = serveEntity(() =>
      HttpResponse.json(
        {
          error: {
            name: 'InputError',
            message: 'from: must not be after the current week',
          },
        },
        { status: 400 },
      ),
    );
    const form = await openForm();
    fireEvent.change(within(form).getByTestId('baseline-reason'), {
      target: { value: 'A new deploy pipeline' },
    });
    fireEvent.click(
      within(form).getByRole('button', { name: 'Start baseline' }),
    );
    expect(
      await within(form).findByTestId('start-baseline-error'),
    ).toHaveTextContent('from: must not be after the current week');
    expect(screen.getByTestId('start-baseline-dialog')).toBeInTheDocument();
    expect(scorecardRequests.map(describeRequest)).toEqual([
      'scorecard summary',
      'chart lead_time_for_changes',
    ]);
  });

  it('is not offered without the permission', async () => {
    serveEntity();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      routeEntries: LEAD_TIME_CHART,
      permissionApi: new MockPermissionApi(request =>
        request.permission.name ===
        qualityScorecardBaselineManagePermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      ),
    });
    const dialog = await screen.findByTestId('control-chart-dialog');
    // let the permission decision arrive
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(within(dialog).getByTestId('baseline-periods')).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Start a new baseline' }),
    ).not.toBeInTheDocument();
  });

  it("is not offered on a team's roll-up", async () => {
    const owner = `${API_BASE}/scorecards/owner/group/default/payments-team`;
    server.use(
      ...scorecardViewHandlers(owner, () => ({
        ...paymentsApiScorecard(),
        entityRef: 'group:default/payments-team',
        entities: ['component:default/payments-api'],
      })),
      http.get(`${owner}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsTeamEntity, {
      routeEntries: LEAD_TIME_CHART,
    });
    const dialog = await screen.findByTestId('control-chart-dialog');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(within(dialog).getByTestId('false-alarms')).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Start a new baseline' }),
    ).not.toBeInTheDocument();
  });
});

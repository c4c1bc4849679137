import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { qualityScorecardExemptionReviewPermission } from '@shewhart/plugin-quality-scorecard-common';
import {
  checkDefinitions,
  checksOverview,
  paymentsApiChecks,
  paymentsTeamChecks,
  pendingExemption,
} from '../../__fixtures__/checks';
import {
  overviewResponse,
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
import { scorecardViewHandlers } from '../../__testUtils__/scorecardViews';
import { EntityQualityContent } from '../EntityQualityContent';
import { QualityOverviewContent } from '../QualityOverviewPage';

const server = setupQualityServer();
const ENTITY = 'component:default/payments-api';

/** Allows everything but reviewing exemptions. */
const ownerPermissions = () =>
  new MockPermissionApi(request =>
    request.permission.name === qualityScorecardExemptionReviewPermission.name
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  );

function serveEntity(options: { pending?: boolean } = {}) {
  const exemptionQueries: URL[] = [];
  server.use(
    ...scorecardViewHandlers(
      `${API_BASE}/scorecards/entity/component/default/payments-api`,
      paymentsApiScorecard,
    ),
    http.get(`${API_BASE}/checks`, () => HttpResponse.json(checkDefinitions())),
    http.get(`${API_BASE}/checks/entity/component/default/payments-api`, () =>
      HttpResponse.json(paymentsApiChecks()),
    ),
    http.get(`${API_BASE}/exemptions`, ({ request }) => {
      exemptionQueries.push(new URL(request.url));
      return HttpResponse.json({
        items: options.pending ? [pendingExemption()] : [],
      });
    }),
  );
  return { exemptionQueries };
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('checks on the Quality tab', () => {
  it('shows the level, the next level and every check with its status, value and reason', async () => {
    serveEntity();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const block = await screen.findByTestId('checks-block');
    expect(within(block).getByTestId('level-chip')).toHaveTextContent('Bronze');
    expect(within(block).getByTestId('next-level')).toHaveTextContent(
      'Next: Silver, needs At least 90% of merged PRs independently approved',
    );
    const failing = screen.getByTestId('check-row-review-coverage');
    expect(failing).toHaveTextContent('≥ 0.9');
    expect(failing).toHaveTextContent('52% (n = 27)');
    expect(
      screen.getByTestId('check-status-review-coverage'),
    ).toHaveTextContent('fail');
    expect(
      screen.getByTestId('check-reason-review-coverage'),
    ).toHaveTextContent('0.5185 misses ≥ 0.9');
    // an exempted failure reads exempt, with the exemption's reason and expiry
    expect(screen.getByTestId('check-status-ai-policy')).toHaveTextContent(
      'exempt',
    );
    expect(screen.getByTestId('check-exemption-ai-policy')).toHaveTextContent(
      'Exempt until 2027-01-31: Policy bot rolls out to payments in January',
    );
    expect(screen.getByTestId('check-status-three-sigma')).toHaveTextContent(
      'insufficient data',
    );
    expect(screen.getByTestId('check-reason-three-sigma')).toHaveTextContent(
      'n = 7, below the minimum sample of 10',
    );
    expect(screen.getByTestId('check-status-deploys-weekly')).toHaveTextContent(
      'pass',
    );
  });

  it('hides the checks block when no checks are configured', async () => {
    server.use(
      ...scorecardViewHandlers(
        `${API_BASE}/scorecards/entity/component/default/payments-api`,
        paymentsApiScorecard,
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    await screen.findByTestId('quality-scorecard');
    // let GET /checks answer
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.queryByTestId('checks-block')).not.toBeInTheDocument();
    expect(screen.queryByText('Checks and level')).not.toBeInTheDocument();
  });

  it('sends an exemption request with the chosen check, reason and expiry', async () => {
    serveEntity();
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API_BASE}/exemptions`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          { ...pendingExemption({ id: 8, checkId: 'three-sigma' }) },
          { status: 201 },
        );
      }),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      permissionApi: ownerPermissions(),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByTestId('exemption-request-dialog');
    fireEvent.change(within(dialog).getByTestId('exemption-check'), {
      target: { value: 'three-sigma' },
    });
    // too short a reason is caught before sending
    fireEvent.change(within(dialog).getByTestId('exemption-reason'), {
      target: { value: 'soon' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      await within(dialog).findByTestId('exemption-form-problem'),
    ).toHaveTextContent('at least 10 characters');
    expect(bodies).toHaveLength(0);

    const expiry = isoDay(Date.now() + 60 * DAY);
    fireEvent.change(within(dialog).getByTestId('exemption-reason'), {
      target: { value: 'Defect data arrives after the PagerDuty migration' },
    });
    fireEvent.change(within(dialog).getByTestId('exemption-expires'), {
      target: { value: expiry },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(await screen.findByTestId('exemption-requested')).toHaveTextContent(
      'Exemption requested',
    );
    expect(bodies).toEqual([
      {
        entityRef: ENTITY,
        checkId: 'three-sigma',
        reason: 'Defect data arrives after the PagerDuty migration',
        expiresAt: `${expiry}T23:59:59.000Z`,
      },
    ]);
  });

  it("shows the backend's 400 message when a request is refused", async () => {
    serveEntity();
    server.use(
      http.post(`${API_BASE}/exemptions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'review-coverage already has a pending exemption for component:default/payments-api',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      permissionApi: ownerPermissions(),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByTestId('exemption-request-dialog');
    fireEvent.change(within(dialog).getByTestId('exemption-reason'), {
      target: { value: 'Pairing replaces reviews during the migration' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      await within(dialog).findByTestId('exemption-request-error'),
    ).toHaveTextContent(
      'review-coverage already has a pending exemption for component:default/payments-api',
    );
  });

  it('shows approve and deny on pending exemptions only to those allowed to review them', async () => {
    const { exemptionQueries } = serveEntity({ pending: true });
    const decisions: Array<{ url: string; body: unknown }> = [];
    server.use(
      http.post(`${API_BASE}/exemptions/7/approve`, async ({ request }) => {
        decisions.push({ url: request.url, body: await request.json() });
        return HttpResponse.json(pendingExemption({ status: 'approved' }));
      }),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const pending = await screen.findByTestId('pending-exemption-7');
    expect(pending).toHaveTextContent(
      'Pairing replaces reviews during the ledger migration',
    );
    expect(exemptionQueries[0].searchParams.get('status')).toBe('pending');
    expect(exemptionQueries[0].searchParams.get('entityRef')).toBe(ENTITY);
    fireEvent.change(within(pending).getByLabelText('note for exemption 7'), {
      target: { value: 'Until the migration ends' },
    });
    fireEvent.click(within(pending).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(decisions).toEqual([
        {
          url: `${API_BASE}/exemptions/7/approve`,
          body: { note: 'Until the migration ends' },
        },
      ]),
    );
  });

  it('lets a reviewer revoke an approved exemption', async () => {
    serveEntity();
    const revoked: string[] = [];
    server.use(
      http.post(`${API_BASE}/exemptions/3/revoke`, ({ request }) => {
        revoked.push(request.url);
        return HttpResponse.json(
          pendingExemption({ id: 3, status: 'revoked' }),
        );
      }),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const row = await screen.findByTestId('check-row-ai-policy');
    fireEvent.click(
      await within(row).findByRole('button', { name: 'Revoke exemption' }),
    );
    await waitFor(() =>
      expect(revoked).toEqual([`${API_BASE}/exemptions/3/revoke`]),
    );
  });

  it('hides the review controls without the permission', async () => {
    serveEntity({ pending: true });
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      permissionApi: ownerPermissions(),
    });
    const pending = await screen.findByTestId('pending-exemption-7');
    expect(pending).toHaveTextContent('review-coverage');
    expect(
      within(pending).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Deny' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Revoke exemption' }),
    ).not.toBeInTheDocument();
    // an owner can still ask for an exemption
    expect(
      screen.getByRole('button', { name: 'Request exemption' }),
    ).toBeInTheDocument();
  });

  it('hides the request button without the request permission', async () => {
    serveEntity();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      permissionApi: new MockPermissionApi(() => AuthorizeResult.DENY),
    });
    await screen.findByTestId('checks-block');
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).not.toBeInTheDocument();
  });
});

describe('deep links into the Quality tab', () => {
  it('opens the control chart of ?metric= on load, and closing it drops the parameter', async () => {
    serveEntity();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      routeEntries: ['/?metric=incidents_per_pr'],
    });
    const dialog = await screen.findByTestId('control-chart-dialog');
    expect(dialog).toHaveTextContent('Incidents per PR: control chart');
    fireEvent.click(within(dialog).getByRole('button', { name: 'close' }));
    await waitFor(() =>
      expect(
        screen.queryByTestId('control-chart-dialog'),
      ).not.toBeInTheDocument(),
    );
  });

  it('ignores an unknown ?metric=', async () => {
    serveEntity();
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
      routeEntries: ['/?metric=nonsense'],
    });
    await screen.findByTestId('quality-scorecard');
    expect(
      screen.queryByTestId('control-chart-dialog'),
    ).not.toBeInTheDocument();
  });

  it('highlights the check of ?check= and scrolls to it', async () => {
    serveEntity();
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scroll(this: Element) {
      scrolled.push(this.id);
    };
    try {
      await renderWithClient(<EntityQualityContent />, paymentsApiEntity, {
        routeEntries: ['/?check=review-coverage'],
      });
      const row = await screen.findByTestId('check-row-review-coverage');
      expect(row).toHaveAttribute('data-highlighted', 'true');
      expect(screen.getByTestId('check-row-ai-policy')).toHaveAttribute(
        'data-highlighted',
        'false',
      );
      expect(scrolled).toEqual(['check-review-coverage']);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});

describe('levels on the team tab and the overview page', () => {
  it('shows how many of the team services hold each level', async () => {
    server.use(
      ...scorecardViewHandlers(
        `${API_BASE}/scorecards/owner/group/default/payments-team`,
        () => ({
          ...paymentsApiScorecard(),
          entityRef: 'group:default/payments-team',
        }),
      ),
      http.get(
        `${API_BASE}/scorecards/owner/group/default/payments-team/breakdown`,
        () => HttpResponse.json(paymentsTeamBreakdown()),
      ),
      http.get(`${API_BASE}/checks`, () =>
        HttpResponse.json(checkDefinitions()),
      ),
      http.get(`${API_BASE}/checks/owner/group/default/payments-team`, () =>
        HttpResponse.json(paymentsTeamChecks()),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsTeamEntity);
    const block = await screen.findByTestId('group-checks');
    const ref = 'group:default/payments-team';
    expect(
      within(block).getByTestId(`level-count-${ref}-bronze`),
    ).toHaveTextContent('3');
    expect(
      within(block).getByTestId(`level-count-${ref}-none`),
    ).toHaveTextContent('1');
    const web = within(block).getByTestId(
      'group-checks-row-component:default/payments-web',
    );
    expect(within(web).getByTestId('level-chip')).toHaveTextContent('no level');
    expect(web).toHaveTextContent(
      'Change failure rate at most 15%; At least 90% of merged PRs independently approved',
    );
  });

  it('shows the level distribution per group and every pending exemption for review', async () => {
    const queries: URL[] = [];
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(overviewResponse()),
      ),
      http.get(`${API_BASE}/checks`, () =>
        HttpResponse.json(checkDefinitions()),
      ),
      http.get(`${API_BASE}/checks/overview`, () =>
        HttpResponse.json(checksOverview()),
      ),
      http.get(`${API_BASE}/exemptions`, ({ request }) => {
        queries.push(new URL(request.url));
        return HttpResponse.json({
          items: [
            pendingExemption(),
            pendingExemption({
              id: 9,
              entityRef: 'component:default/checkout',
              checkId: 'ai-policy',
              reason: 'The review bot is not installed on checkout yet',
            }),
          ],
        });
      }),
    );
    await renderWithClient(<QualityOverviewContent />);
    const table = await screen.findByTestId('level-distribution');
    const storefront = within(table).getByTestId(
      'level-distribution-group:default/storefront-team',
    );
    expect(storefront).toHaveTextContent('Storefront');
    expect(
      within(storefront).getByTestId(
        'level-count-group:default/storefront-team-silver',
      ),
    ).toHaveTextContent('2');
    const checkout = await screen.findByTestId('pending-exemption-9');
    expect(checkout).toHaveTextContent('component:default/checkout');
    expect(
      within(checkout).getByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
    expect(queries[0].searchParams.get('status')).toBe('pending');
    expect(queries[0].searchParams.get('entityRef')).toBeNull();
  });
});

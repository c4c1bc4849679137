import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { qualityScorecardExemptionRequestPermission } from '@shewhart/plugin-quality-scorecard-common';
import {
  checkDefinitions,
  paymentsApiChecks,
  pendingExemption,
} from '../../__fixtures__/checks';
import { paymentsApiCampaigns } from '../../__fixtures__/campaigns';
import {
  API_BASE,
  paymentsApiEntity,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { EntityChecksBlock } from '../Checks';
import { EntityCampaignsCard } from './EntityCampaignsCard';

const server = setupQualityServer();
const SILVER = 'silver-by-november';
const AI = 'ai-reviews';

function serveEntity(campaigns = paymentsApiCampaigns()) {
  server.use(
    http.get(`${API_BASE}/checks`, () => HttpResponse.json(checkDefinitions())),
    http.get(`${API_BASE}/checks/entity/component/default/payments-api`, () =>
      HttpResponse.json(paymentsApiChecks()),
    ),
    http.get(
      `${API_BASE}/campaigns/entity/component/default/payments-api`,
      () => HttpResponse.json(campaigns),
    ),
  );
}

/** The two blocks of the Quality tab that campaigns link together. */
const TabBlocks = () => (
  <>
    <EntityCampaignsCard entityRef="component:default/payments-api" />
    <EntityChecksBlock entityRef="component:default/payments-api" />
  </>
);

const openRow = (campaign: string, check: string) =>
  screen.getByTestId(`campaign-open-${campaign}-${check}`);

describe('campaigns on the Quality tab', () => {
  it("shows each campaign's target, due date, days left, the entity's standing and what still fails", async () => {
    serveEntity();
    await renderWithClient(<TabBlocks />, paymentsApiEntity);
    const silver = await screen.findByTestId(`entity-campaign-${SILVER}`);
    expect(
      within(silver).getByTestId(`campaign-title-${SILVER}`),
    ).toHaveTextContent('Every payments service holds Silver');
    expect(silver).toHaveTextContent('Silver before the freeze.');
    expect(
      within(
        within(silver).getByTestId(`campaign-target-${SILVER}`),
      ).getByTestId('level-chip'),
    ).toHaveTextContent('Silver');
    const due = within(silver).getByTestId(`campaign-due-${SILVER}`);
    expect(due).toHaveTextContent(/^Due Nov 29, 2026 · 5 days left$/);
    expect(due).toHaveAttribute('data-overdue', 'false');
    expect(
      within(silver).getByTestId(`campaign-standing-${SILVER}`),
    ).toHaveTextContent(/^not meeting the target$/);
    // an active campaign has no state chip
    expect(
      within(silver).queryByTestId(`campaign-state-${SILVER}`),
    ).not.toBeInTheDocument();

    // what still fails, each linked to its row in the checks block
    const expected = [
      [
        'review-coverage',
        'At least 90% of merged PRs independently approved',
        'fail',
      ],
      [
        'ai-policy',
        'At least 95% of AI-assisted PRs follow the review policy',
        'exempt until Nov 27, 2026, before the due date',
      ],
      [
        'incidents-per-pr',
        'At most one incident per 10 merged PRs',
        'insufficient data',
      ],
    ];
    const rows = within(silver)
      .getAllByTestId(/^campaign-open-silver-by-november-/)
      .map(r => r.getAttribute('data-testid'));
    expect(rows).toEqual(
      expected.map(([id]) => `campaign-open-${SILVER}-${id}`),
    );
    for (const [id, title, status] of expected) {
      const link = screen.getByTestId(`campaign-check-link-${SILVER}-${id}`);
      expect(link).toHaveTextContent(title);
      expect(link).toHaveAttribute('href', `/?check=${id}`);
      expect(
        screen.getByTestId(`campaign-open-status-${SILVER}-${id}`),
      ).toHaveTextContent(new RegExp(`^${status}$`));
    }

    // the closed campaign it meets: "ended", not "overdue"
    const ai = screen.getByTestId(`entity-campaign-${AI}`);
    expect(within(ai).getByTestId(`campaign-due-${AI}`)).toHaveTextContent(
      /^Due Nov 21, 2026 · ended 3 days ago$/,
    );
    expect(within(ai).getByTestId(`campaign-state-${AI}`)).toHaveTextContent(
      'closed',
    );
    expect(within(ai).getByTestId(`campaign-target-${AI}`)).toHaveTextContent(
      'Target:At least 90% of merged PRs independently approved; At least 95% of AI-assisted PRs follow the review policy',
    );
    expect(within(ai).getByTestId(`campaign-standing-${AI}`)).toHaveTextContent(
      /^meeting the target$/,
    );
    expect(within(ai).queryByRole('table')).not.toBeInTheDocument();
  });

  it('says overdue when the due date has passed and the entity still fails', async () => {
    const campaigns = paymentsApiCampaigns();
    campaigns.items[0].campaign.daysLeft = -2;
    campaigns.items[0].campaign.state = 'closed';
    serveEntity(campaigns);
    await renderWithClient(<TabBlocks />, paymentsApiEntity);
    const due = await screen.findByTestId(`campaign-due-${SILVER}`);
    expect(due).toHaveTextContent(/^Due Nov 29, 2026 · 2 days overdue$/);
    expect(due).toHaveAttribute('data-overdue', 'true');
  });

  it('a failing check links to its row in the checks block, highlighted', async () => {
    serveEntity();
    const original = Element.prototype.scrollIntoView;
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function scroll(this: Element) {
      scrolled.push(this.id);
    };
    try {
      await renderWithClient(<TabBlocks />, paymentsApiEntity);
      const link = await screen.findByTestId(
        `campaign-check-link-${SILVER}-review-coverage`,
      );
      const row = await screen.findByTestId('check-row-review-coverage');
      expect(row).toHaveAttribute('data-highlighted', 'false');
      fireEvent.click(link);
      await waitFor(() =>
        expect(row).toHaveAttribute('data-highlighted', 'true'),
      );
      expect(scrolled).toEqual(['check-review-coverage']);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it('requests an exemption for a failing check through the exemption dialog', async () => {
    serveEntity();
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API_BASE}/exemptions`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          pendingExemption({ id: 8, checkId: 'incidents-per-pr' }),
          { status: 201 },
        );
      }),
    );
    await renderWithClient(<TabBlocks />, paymentsApiEntity);
    await screen.findByTestId(`entity-campaign-${SILVER}`);
    // not for the check an exemption covers already
    expect(
      screen.queryByTestId(`campaign-request-${SILVER}-ai-policy`),
    ).not.toBeInTheDocument();
    expect(
      within(openRow(SILVER, 'review-coverage')).getByRole('button', {
        name: 'Request exemption',
      }),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByTestId(`campaign-request-${SILVER}-incidents-per-pr`),
    );
    const dialog = await screen.findByTestId('exemption-request-dialog');
    const select = within(dialog).getByTestId(
      'exemption-check',
    ) as HTMLSelectElement;
    expect(select.value).toBe('incidents-per-pr');
    expect([...select.options].map(o => o.value)).toEqual([
      'review-coverage',
      'incidents-per-pr',
    ]);
    const expiry = new Date(Date.now() + 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    fireEvent.change(within(dialog).getByTestId('exemption-reason'), {
      target: { value: 'Incident data arrives with the PagerDuty move' },
    });
    fireEvent.change(within(dialog).getByTestId('exemption-expires'), {
      target: { value: expiry },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      await screen.findByTestId('campaign-exemption-requested'),
    ).toHaveTextContent(
      'Exemption requested; a platform admin will review it.',
    );
    expect(bodies).toEqual([
      {
        entityRef: 'component:default/payments-api',
        checkId: 'incidents-per-pr',
        reason: 'Incident data arrives with the PagerDuty move',
        expiresAt: `${expiry}T23:59:59.000Z`,
      },
    ]);
  });

  it('offers no exemption request without the permission', async () => {
    serveEntity();
    await renderWithClient(<TabBlocks />, paymentsApiEntity, {
      permissionApi: new MockPermissionApi(request =>
        request.permission.name ===
        qualityScorecardExemptionRequestPermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      ),
    });
    await screen.findByTestId(`entity-campaign-${SILVER}`);
    await screen.findByTestId('checks-block');
    expect(
      screen.queryByTestId(`campaign-request-${SILVER}-review-coverage`),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).not.toBeInTheDocument();
  });

  it('is hidden when the entity is in no campaign', async () => {
    serveEntity({ items: [] });
    await renderWithClient(<TabBlocks />, paymentsApiEntity);
    await screen.findByTestId('checks-block');
    expect(screen.queryByTestId('entity-campaigns')).not.toBeInTheDocument();
    expect(screen.queryByText('Campaigns')).not.toBeInTheDocument();
  });

  it("shows the backend's error when the campaigns cannot be loaded", async () => {
    serveEntity();
    server.use(
      http.get(
        `${API_BASE}/campaigns/entity/component/default/payments-api`,
        () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Not allowed' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    await renderWithClient(<TabBlocks />, paymentsApiEntity);
    expect(
      await screen.findByText(/Could not load the campaigns of this entity/),
    ).toBeInTheDocument();
  });
});

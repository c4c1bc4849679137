import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { checkDefinitions, paymentsApiChecks } from '../../__fixtures__/checks';
import {
  campaignList,
  paymentsApiCampaigns,
  paymentsTeamCampaigns,
  silverDetail,
} from '../../__fixtures__/campaigns';
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

/*
 * The campaign cards inside the pages that hold them (the Quality tab, the
 * team page, the overview), so both frontend systems show them.
 */

const server = setupQualityServer();
const SILVER = 'silver-by-november';

describe('campaigns in the pages', () => {
  it('shows the Campaigns card on the Quality tab, above the checks block', async () => {
    server.use(
      ...scorecardViewHandlers(
        `${API_BASE}/scorecards/entity/component/default/payments-api`,
        paymentsApiScorecard,
      ),
      http.get(`${API_BASE}/checks`, () =>
        HttpResponse.json(checkDefinitions()),
      ),
      http.get(`${API_BASE}/checks/entity/component/default/payments-api`, () =>
        HttpResponse.json(paymentsApiChecks()),
      ),
      http.get(
        `${API_BASE}/campaigns/entity/component/default/payments-api`,
        () => HttpResponse.json(paymentsApiCampaigns()),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsApiEntity);
    const card = await screen.findByTestId('entity-campaigns');
    const checks = await screen.findByTestId('checks-block');
    expect(
      // eslint-disable-next-line no-bitwise
      card.compareDocumentPosition(checks) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByTestId(`campaign-due-${SILVER}`)).toHaveTextContent(
      'Due Nov 29, 2026 · 5 days left',
    );
  });

  it("shows the team's campaigns on the team page", async () => {
    const owner = `${API_BASE}/scorecards/owner/group/default/payments-team`;
    server.use(
      ...scorecardViewHandlers(owner, () => ({
        ...paymentsApiScorecard(),
        entityRef: 'group:default/payments-team',
      })),
      http.get(`${owner}/breakdown`, () =>
        HttpResponse.json(paymentsTeamBreakdown()),
      ),
      http.get(`${API_BASE}/campaigns/owner/group/default/payments-team`, () =>
        HttpResponse.json(paymentsTeamCampaigns()),
      ),
    );
    await renderWithClient(<EntityQualityContent />, paymentsTeamEntity);
    expect(
      await screen.findByTestId(`owner-campaign-counts-${SILVER}`),
    ).toHaveTextContent(
      "The team's services: 1 meeting · 1 exempted · 2 not meeting of 4",
    );
  });

  it('shows the campaigns with their burn-up charts on the overview', async () => {
    server.use(
      http.get(`${API_BASE}/overview`, () =>
        HttpResponse.json(overviewResponse()),
      ),
      http.get(`${API_BASE}/campaigns`, () =>
        HttpResponse.json({
          items: campaignList().items.filter(c => c.id === SILVER),
        }),
      ),
      http.get(`${API_BASE}/campaigns/${SILVER}`, () =>
        HttpResponse.json(silverDetail()),
      ),
    );
    await renderWithClient(<QualityOverviewContent />);
    expect(
      await screen.findByTestId(`campaign-burnup-${SILVER}`),
    ).toHaveAttribute('data-points', '10');
    expect(screen.getByTestId('campaigns-overview')).toHaveTextContent(
      'Campaigns',
    );
  });
});

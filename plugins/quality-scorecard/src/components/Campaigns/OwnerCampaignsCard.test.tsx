import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { checkDefinitions } from '../../__fixtures__/checks';
import { paymentsTeamCampaigns } from '../../__fixtures__/campaigns';
import {
  API_BASE,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { OwnerCampaignsCard } from './OwnerCampaignsCard';

const server = setupQualityServer();
const TEAM = 'group:default/payments-team';
const SILVER = 'silver-by-november';
const AI = 'ai-reviews';

function serveTeam(campaigns = paymentsTeamCampaigns()) {
  server.use(
    http.get(`${API_BASE}/checks`, () => HttpResponse.json(checkDefinitions())),
    http.get(`${API_BASE}/campaigns/owner/group/default/payments-team`, () =>
      HttpResponse.json(campaigns),
    ),
  );
}

const tab = (name: string) => `/catalog/default/component/${name}`;

describe('campaigns on the team page', () => {
  it("counts the team's entities by standing and lists those not meeting with their open checks", async () => {
    serveTeam();
    await renderWithClient(<OwnerCampaignsCard entityRef={TEAM} />);
    const silver = await screen.findByTestId(`owner-campaign-${SILVER}`);
    expect(
      within(silver).getByTestId(`campaign-title-${SILVER}`),
    ).toHaveTextContent('Every payments service holds Silver');
    expect(
      within(silver).getByTestId(`owner-campaign-counts-${SILVER}`),
    ).toHaveTextContent(
      /^The team's services: 1 meeting · 1 exempted · 2 not meeting of 4$/,
    );
    expect(
      within(silver).getByTestId(`campaign-due-${SILVER}`),
    ).toHaveTextContent(/^Due Nov 29, 2026 · 5 days left$/);
    // only the entities not meeting, in the API's order
    const rows = within(silver)
      .getAllByTestId(/^owner-campaign-entity-/)
      .map(r => r.getAttribute('data-testid'));
    expect(rows).toEqual([
      `owner-campaign-entity-${SILVER}-component:default/payments-api`,
      `owner-campaign-entity-${SILVER}-component:default/payments-web`,
    ]);
    const web = within(silver).getByTestId(
      `owner-campaign-entity-${SILVER}-component:default/payments-web`,
    );
    expect(within(web).getByText('payments-web').closest('a')).toHaveAttribute(
      'href',
      tab('payments-web'),
    );
    const webLink = within(web).getByTestId(
      `campaign-check-link-${SILVER}-incidents-per-pr`,
    );
    expect(webLink).toHaveTextContent('At most one incident per 10 merged PRs');
    expect(webLink).toHaveAttribute(
      'href',
      `${tab('payments-web')}/quality?check=incidents-per-pr`,
    );
    expect(
      within(web).getByTestId(
        `campaign-open-status-${SILVER}-incidents-per-pr`,
      ),
    ).toHaveTextContent(/^insufficient data$/);

    const api = within(silver).getByTestId(
      `owner-campaign-entity-${SILVER}-component:default/payments-api`,
    );
    expect(
      within(api)
        .getAllByTestId(/^campaign-check-link-/)
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      [
        'At least 90% of merged PRs independently approved',
        `${tab('payments-api')}/quality?check=review-coverage`,
      ],
      [
        'At least 95% of AI-assisted PRs follow the review policy',
        `${tab('payments-api')}/quality?check=ai-policy`,
      ],
      [
        'At most one incident per 10 merged PRs',
        `${tab('payments-api')}/quality?check=incidents-per-pr`,
      ],
    ]);
    expect(
      within(api).getByTestId(`campaign-open-status-${SILVER}-ai-policy`),
    ).toHaveTextContent(/^exempt until Nov 27, 2026, before the due date$/);
    // no exemption requests from the team page
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).not.toBeInTheDocument();

    // the closed campaign ledger still fails: overdue
    const ai = screen.getByTestId(`owner-campaign-${AI}`);
    expect(
      within(ai).getByTestId(`owner-campaign-counts-${AI}`),
    ).toHaveTextContent(
      /^The team's services: 1 meeting · 0 exempted · 1 not meeting of 2$/,
    );
    const due = within(ai).getByTestId(`campaign-due-${AI}`);
    expect(due).toHaveTextContent(/^Due Nov 21, 2026 · 3 days overdue$/);
    expect(due).toHaveAttribute('data-overdue', 'true');
    expect(
      within(ai)
        .getAllByTestId(/^owner-campaign-entity-/)
        .map(r => r.getAttribute('data-testid')),
    ).toEqual([`owner-campaign-entity-${AI}-component:default/ledger`]);
  });

  it('says so when every entity of the team meets the target or is exempted', async () => {
    const campaigns = paymentsTeamCampaigns();
    campaigns.items = [
      {
        campaign: campaigns.items[0].campaign,
        entities: campaigns.items[0].entities.filter(
          e => e.standing !== 'not-meeting',
        ),
      },
    ];
    serveTeam(campaigns);
    await renderWithClient(<OwnerCampaignsCard entityRef={TEAM} />);
    const silver = await screen.findByTestId(`owner-campaign-${SILVER}`);
    expect(silver).toHaveTextContent(
      "The team's services: 1 meeting · 1 exempted · 0 not meeting of 2",
    );
    expect(silver).toHaveTextContent(
      'Every service of the team meets the target or is exempted.',
    );
    expect(within(silver).queryByRole('table')).not.toBeInTheDocument();
  });

  it("is hidden when none of the team's entities is in a campaign", async () => {
    let answered = false;
    server.use(
      http.get(
        `${API_BASE}/campaigns/owner/group/default/payments-team`,
        () => {
          answered = true;
          return HttpResponse.json({ items: [] });
        },
      ),
    );
    const { container } = await renderWithClient(
      <OwnerCampaignsCard entityRef={TEAM} />,
    );
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(answered).toBe(true);
    expect(screen.queryByTestId('owner-campaigns')).not.toBeInTheDocument();
    expect(container).toBeEmptyDOMElement();
  });
});

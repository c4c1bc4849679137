import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { CampaignDetailResponse } from '@shewhart/plugin-quality-scorecard-common';
import { checkDefinitions } from '../../__fixtures__/checks';
import {
  aiReviewsDetail,
  campaignList,
  goldDetail,
  silverDetail,
} from '../../__fixtures__/campaigns';
import {
  API_BASE,
  renderWithClient,
  setupQualityServer,
} from '../../__testUtils__/testUtils';
import { CampaignsOverview } from './CampaignsOverview';

const server = setupQualityServer();
const SILVER = 'silver-by-november';
const GOLD = 'payments-gold';
const AI = 'ai-reviews';

function serveCampaigns() {
  const details: string[] = [];
  const byId: Record<string, CampaignDetailResponse> = {
    [SILVER]: silverDetail(),
    [GOLD]: goldDetail(),
    [AI]: aiReviewsDetail(),
  };
  server.use(
    http.get(`${API_BASE}/checks`, () => HttpResponse.json(checkDefinitions())),
    http.get(`${API_BASE}/campaigns`, () => HttpResponse.json(campaignList())),
    http.get(`${API_BASE}/campaigns/:id`, ({ params }) => {
      details.push(String(params.id));
      return HttpResponse.json(byId[String(params.id)]);
    }),
  );
  return { details };
}

/** Clicks a CSV button and returns the text it would download. */
async function downloaded(testId: string, filename: string) {
  const blobs: Blob[] = [];
  const create = jest.spyOn(URL, 'createObjectURL').mockImplementation(blob => {
    blobs.push(blob as Blob);
    return 'blob:campaign';
  });
  const revoke = jest
    .spyOn(URL, 'revokeObjectURL')
    .mockImplementation(() => undefined);
  const names: string[] = [];
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function clickDownload(this: HTMLAnchorElement) {
      names.push(this.download);
    });
  try {
    fireEvent.click(screen.getByTestId(testId));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:campaign'));
    expect(names).toEqual([filename]);
    return await blobs[0].text();
  } finally {
    create.mockRestore();
    revoke.mockRestore();
    click.mockRestore();
  }
}

describe('campaigns on the overview', () => {
  it('lists active, scheduled and closed campaigns, each with its detail loaded', async () => {
    const { details } = serveCampaigns();
    await renderWithClient(<CampaignsOverview />);
    await screen.findByTestId(`campaign-burnup-${SILVER}`);
    expect(
      within(screen.getByTestId('campaigns-overview'))
        .getAllByTestId(/^overview-campaign-[a-z-]+$/)
        .map(e => e.getAttribute('data-testid')),
    ).toEqual([
      `overview-campaign-${SILVER}`,
      `overview-campaign-${GOLD}`,
      `overview-campaign-${AI}`,
    ]);
    await waitFor(() =>
      expect([...details].sort()).toEqual([AI, GOLD, SILVER]),
    );

    expect(screen.getByTestId(`campaign-due-${SILVER}`)).toHaveTextContent(
      /^Due Nov 29, 2026 · 5 days left$/,
    );
    expect(screen.getByTestId(`overview-counts-${SILVER}`)).toHaveTextContent(
      /^1 meeting · 1 exempted · 5 not meeting of 7$/,
    );

    const gold = screen.getByTestId(`overview-campaign-${GOLD}`);
    expect(within(gold).getByTestId(`campaign-due-${GOLD}`)).toHaveTextContent(
      /^Due Mar 31, 2030 · starts Jan 1, 2030$/,
    );
    expect(
      within(gold).getByTestId(`campaign-state-${GOLD}`),
    ).toHaveTextContent('scheduled');
    expect(
      await within(gold).findByText(
        'No progress yet: the campaign starts on Jan 1, 2030.',
      ),
    ).toBeInTheDocument();
    expect(
      within(gold).queryByTestId(`campaign-burnup-${GOLD}`),
    ).not.toBeInTheDocument();
    expect(within(gold).queryByRole('button')).not.toBeInTheDocument();

    const ai = screen.getByTestId(`overview-campaign-${AI}`);
    expect(within(ai).getByTestId(`campaign-due-${AI}`)).toHaveTextContent(
      /^Due Nov 21, 2026 · 3 days overdue$/,
    );
    expect(
      await within(ai).findByTestId(`campaign-burnup-${AI}`),
    ).toHaveAttribute('data-points', '3');
  });

  it('draws the burn-up to the due date with its three lines', async () => {
    serveCampaigns();
    await renderWithClient(<CampaignsOverview />);
    const chart = await screen.findByTestId(`campaign-burnup-${SILVER}`);
    // 20 → 29 November: 10 days, 5 of them so far
    expect(chart).toHaveAttribute('data-points', '10');
    expect(chart).toHaveAttribute('data-days', '5');
    expect(chart.querySelector('svg.recharts-surface')).not.toBeNull();
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(3);
    expect(
      [...chart.querySelectorAll('.recharts-legend-item-text')].map(
        e => e.textContent,
      ),
    ).toEqual(['Target line', 'Meeting or exempted', 'Meeting the target']);
    // the x-axis ends on the due date
    const ticks = [
      ...chart.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick',
      ),
    ].map(t => t.textContent);
    expect(ticks[0]).toBe('Nov 20');
    expect(ticks[ticks.length - 1]).toBe('Nov 29');
  });

  it('ranks the owners as the API does and exports them and the daily series as CSV', async () => {
    serveCampaigns();
    await renderWithClient(<CampaignsOverview />);
    const table = await screen.findByTestId(`campaign-owners-${SILVER}`);
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      );
    expect(cells).toEqual([
      ['1', 'payments-team', '4', '1', '1', '2', '25%'],
      ['2', 'fraud-team', '3', '0', '0', '3', '0%'],
    ]);
    expect(
      within(table).getByText('payments-team').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');

    expect(
      await downloaded(
        `csv-export-campaign-${SILVER}-owners.csv`,
        `campaign-${SILVER}-owners.csv`,
      ),
    ).toBe(
      'rank,owner,in_scope,meeting,exempted,not_meeting,meeting_share\r\n' +
        '1,group:default/payments-team,4,1,1,2,0.25\r\n' +
        '2,group:default/fraud-team,3,0,0,3,0\r\n',
    );
    expect(
      await downloaded(
        `csv-export-campaign-${SILVER}-daily.csv`,
        `campaign-${SILVER}-daily.csv`,
      ),
    ).toBe(
      'date,in_scope,meeting,exempted,not_meeting,target\r\n' +
        '2026-11-20,6,0,0,6,0\r\n' +
        '2026-11-21,6,0,1,5,0.78\r\n' +
        '2026-11-22,7,1,0,6,1.56\r\n' +
        '2026-11-23,7,1,1,5,2.33\r\n' +
        '2026-11-24,7,1,1,5,3.11\r\n',
    );
  });

  it('is hidden when there is no campaign', async () => {
    let answered = false;
    server.use(
      http.get(`${API_BASE}/campaigns`, () => {
        answered = true;
        return HttpResponse.json({ items: [] });
      }),
    );
    await renderWithClient(<CampaignsOverview />);
    await waitFor(() => expect(answered).toBe(true));
    await waitFor(() =>
      expect(screen.queryByTestId('progress')).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('campaigns-overview')).not.toBeInTheDocument();
    expect(screen.queryByText('Campaigns')).not.toBeInTheDocument();
  });
});

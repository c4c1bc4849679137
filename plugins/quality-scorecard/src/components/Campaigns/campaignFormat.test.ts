import type { CampaignSummary } from '@shewhart/plugin-quality-scorecard-common';
import { silverCampaign } from '../../__fixtures__/campaigns';
import {
  checkLink,
  countStandings,
  countdown,
  countsLine,
  dueLine,
  formatDay,
  isOverdue,
} from './campaignFormat';

const campaign = (over: Partial<CampaignSummary>): CampaignSummary => ({
  ...silverCampaign(),
  ...over,
});

describe('countdown', () => {
  it.each<[Partial<CampaignSummary>, boolean, string, boolean]>([
    [{ daysLeft: 45 }, false, '45 days left', false],
    [{ daysLeft: 1 }, false, '1 day left', false],
    [{ daysLeft: 0 }, false, 'due today', false],
    [{ daysLeft: -1, state: 'closed' }, false, '1 day overdue', true],
    [{ daysLeft: -3, state: 'closed' }, false, '3 days overdue', true],
    [{ daysLeft: -12, state: 'closed' }, true, 'ended 12 days ago', false],
    [
      {
        daysLeft: 5,
        state: 'closed',
        closedAt: '2026-11-22T10:00:00.000Z',
      },
      false,
      'closed Nov 22, 2026',
      false,
    ],
    [
      { state: 'scheduled', startDate: '2030-01-01', daysLeft: 1223 },
      false,
      'starts Jan 1, 2030',
      false,
    ],
  ])('%p, done %p → %p', (over, done, expected, overdue) => {
    expect(countdown(campaign(over), done, 'en-US')).toBe(expected);
    expect(isOverdue(campaign(over), done)).toBe(overdue);
  });

  it("writes numbers and dates in the reader's locale", () => {
    expect(countdown(campaign({ daysLeft: 1234 }), false, 'de-DE')).toBe(
      '1.234 days left',
    );
    expect(dueLine(campaign({ daysLeft: 5 }), false, 'de-DE')).toBe(
      'Due 29.11.2026 · 5 days left',
    );
  });
});

describe('campaign lines', () => {
  it('writes the due date with the days left', () => {
    expect(dueLine(silverCampaign(), false, 'en-US')).toBe(
      'Due Nov 29, 2026 · 5 days left',
    );
    expect(formatDay('2026-11-29', 'en-US')).toBe('Nov 29, 2026');
    expect(formatDay('2026-11-27T23:59:59.000Z', 'en-US')).toBe('Nov 27, 2026');
  });

  it('counts entities by standing', () => {
    const counts = countStandings([
      { standing: 'meeting' },
      { standing: 'not-meeting' },
      { standing: 'exempted' },
      { standing: 'not-meeting' },
    ]);
    expect(counts).toEqual({
      inScope: 4,
      meeting: 1,
      exempted: 1,
      notMeeting: 2,
    });
    expect(counts.meeting + counts.exempted + counts.notMeeting).toBe(
      counts.inScope,
    );
    expect(countsLine(counts, 'en-US')).toBe(
      '1 meeting · 1 exempted · 2 not meeting of 4',
    );
    expect(
      countsLine(
        { inScope: 1500, meeting: 1200, exempted: 0, notMeeting: 300 },
        'en-US',
      ),
    ).toBe('1,200 meeting · 0 exempted · 300 not meeting of 1,500');
  });

  it("links a check to its row on the entity's Quality tab", () => {
    expect(
      checkLink('/catalog/default/component/ledger', 'review-coverage'),
    ).toBe('/catalog/default/component/ledger/quality?check=review-coverage');
    expect(checkLink('/catalog/default/component/ledger/', 'a b')).toBe(
      '/catalog/default/component/ledger/quality?check=a%20b',
    );
  });
});

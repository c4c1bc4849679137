import type { CampaignDay } from '@shewhart/plugin-quality-scorecard-common';
import {
  aiReviewsCampaign,
  campaignList,
  goldCampaign,
  silverCampaign,
  silverDetail,
} from '../../__fixtures__/campaigns';
import { burnUpPoints, orderCampaigns } from './burnUp';

const day = (
  date: string,
  inScope: number,
  meeting: number,
  exempted: number,
): CampaignDay => ({ date, inScope, meeting, exempted });

type Row = [
  date: string,
  meeting: number | null,
  meetingOrExempted: number | null,
  target: number,
];

const rows = (points: ReturnType<typeof burnUpPoints>): Row[] =>
  points.map(p => [p.date, p.meeting, p.meetingOrExempted, p.target]);

describe('burnUpPoints', () => {
  it.each<[string, Parameters<typeof burnUpPoints>[0], Row[]]>([
    [
      'half-way: the series stops today, the x-axis and the target line run on to the due date',
      {
        startDate: '2026-11-20',
        dueDate: '2026-11-29',
        series: silverDetail().series,
      },
      [
        ['2026-11-20', 0, 0, 0],
        ['2026-11-21', 0, 1, 0.78],
        ['2026-11-22', 1, 1, 1.56],
        ['2026-11-23', 1, 2, 2.33],
        ['2026-11-24', 1, 2, 3.11],
        ['2026-11-25', null, null, 3.89],
        ['2026-11-26', null, null, 4.67],
        ['2026-11-27', null, null, 5.44],
        ['2026-11-28', null, null, 6.22],
        ['2026-11-29', null, null, 7],
      ],
    ],
    [
      'over: every day has a point, the line ends at the last scope',
      {
        startDate: '2026-11-19',
        dueDate: '2026-11-21',
        series: [
          day('2026-11-19', 2, 0, 0),
          day('2026-11-20', 2, 1, 0),
          day('2026-11-21', 2, 1, 1),
        ],
      },
      [
        ['2026-11-19', 0, 0, 0],
        ['2026-11-20', 1, 1, 1],
        ['2026-11-21', 1, 2, 2],
      ],
    ],
    [
      "the line's end is the latest day's scope, not the largest",
      {
        startDate: '2026-11-01',
        dueDate: '2026-11-05',
        series: [day('2026-11-01', 5, 1, 0), day('2026-11-02', 4, 1, 0)],
      },
      [
        ['2026-11-01', 1, 1, 0],
        ['2026-11-02', 1, 1, 1],
        ['2026-11-03', null, null, 2],
        ['2026-11-04', null, null, 3],
        ['2026-11-05', null, null, 4],
      ],
    ],
    [
      'a one-day campaign: the target is the whole scope on its only day',
      {
        startDate: '2026-11-24',
        dueDate: '2026-11-24',
        series: [day('2026-11-24', 3, 2, 0)],
      },
      [['2026-11-24', 2, 2, 3]],
    ],
    [
      'scheduled: no series, the days ahead and a flat line at 0',
      { startDate: '2030-01-01', dueDate: '2030-01-03', series: [] },
      [
        ['2030-01-01', null, null, 0],
        ['2030-01-02', null, null, 0],
        ['2030-01-03', null, null, 0],
      ],
    ],
    [
      'over the turn of the year',
      {
        startDate: '2026-12-30',
        dueDate: '2027-01-02',
        series: [day('2026-12-30', 3, 0, 0), day('2026-12-31', 3, 1, 1)],
      },
      [
        ['2026-12-30', 0, 0, 0],
        ['2026-12-31', 1, 2, 1],
        ['2027-01-01', null, null, 2],
        ['2027-01-02', null, null, 3],
      ],
    ],
    [
      'a day of the series past the due date is kept; the line stays at the scope',
      {
        startDate: '2026-11-01',
        dueDate: '2026-11-02',
        series: [
          day('2026-11-01', 2, 0, 0),
          day('2026-11-02', 2, 1, 0),
          day('2026-11-03', 2, 2, 0),
        ],
      },
      [
        ['2026-11-01', 0, 0, 0],
        ['2026-11-02', 1, 1, 2],
        ['2026-11-03', 2, 2, 2],
      ],
    ],
  ])('%s', (_name, input, expected) => {
    const points = burnUpPoints(input);
    expect(rows(points)).toEqual(expected);
    // invariants: a point a day, the line rises from 0 to the last scope
    const latest = input.series[input.series.length - 1];
    expect(points[0].target).toBe(
      input.startDate === input.dueDate ? latest?.inScope ?? 0 : 0,
    );
    expect(points.find(p => p.date === input.dueDate)?.target ?? NaN).toBe(
      latest?.inScope ?? 0,
    );
    for (let i = 1; i < points.length; i++) {
      expect(points[i].target).toBeGreaterThanOrEqual(points[i - 1].target);
      expect(Date.parse(points[i].date) - Date.parse(points[i - 1].date)).toBe(
        86_400_000,
      );
    }
    // meeting ≤ meeting or exempted ≤ in scope, on the days of the series
    const counted = points.filter(p => p.meeting !== null);
    expect(counted).toHaveLength(input.series.length);
    expect(
      counted.every(
        p =>
          p.meeting! <= p.meetingOrExempted! &&
          p.meetingOrExempted! <= p.inScope!,
      ),
    ).toBe(true);
  });

  it('carries each day of the series', () => {
    const points = burnUpPoints({
      startDate: '2026-11-20',
      dueDate: '2026-11-29',
      series: silverDetail().series,
    });
    expect(points.map(p => p.inScope)).toEqual([
      6,
      6,
      7,
      7,
      7,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('orderCampaigns', () => {
  it('lists active, then scheduled, then closed campaigns', () => {
    expect(orderCampaigns(campaignList().items).map(c => c.id)).toEqual([
      'silver-by-november',
      'payments-gold',
      'ai-reviews',
    ]);
  });

  it('puts the nearest due date first, the latest closed first, then by title', () => {
    const byState = {
      active: silverCampaign(),
      scheduled: goldCampaign(),
      closed: aiReviewsCampaign(),
    };
    const c = (
      id: string,
      state: 'active' | 'scheduled' | 'closed',
      dueDate: string,
    ) => ({ ...byState[state], id, title: id, state, dueDate });
    expect(
      orderCampaigns([
        c('closed-old', 'closed', '2026-01-31'),
        c('active-late', 'active', '2027-03-31'),
        c('closed-recent', 'closed', '2026-10-31'),
        c('b-active-soon', 'active', '2026-12-31'),
        c('a-active-soon', 'active', '2026-12-31'),
        c('scheduled', 'scheduled', '2030-03-31'),
      ]).map(x => x.id),
    ).toEqual([
      'a-active-soon',
      'b-active-soon',
      'active-late',
      'scheduled',
      'closed-recent',
      'closed-old',
    ]);
  });
});

import { aiReviewsDetail, silverDetail } from '../../__fixtures__/campaigns';
import { campaignOwnersCsv, campaignSeriesCsv } from './campaignCsv';

describe('campaign CSV files', () => {
  it('writes the owners in rank order with raw counts and the meeting share', () => {
    expect(campaignOwnersCsv(silverDetail().owners)).toBe(
      'rank,owner,in_scope,meeting,exempted,not_meeting,meeting_share\r\n' +
        '1,group:default/payments-team,4,1,1,2,0.25\r\n' +
        '2,group:default/fraud-team,3,0,0,3,0\r\n',
    );
    expect(
      campaignOwnersCsv([
        {
          owner: 'group:default/a, b',
          inScope: 3,
          meeting: 2,
          exempted: 0,
          notMeeting: 1,
        },
        {
          owner: 'group:default/empty',
          inScope: 0,
          meeting: 0,
          exempted: 0,
          notMeeting: 0,
        },
      ]),
    ).toBe(
      'rank,owner,in_scope,meeting,exempted,not_meeting,meeting_share\r\n' +
        '1,"group:default/a, b",3,2,0,1,0.6667\r\n' +
        '2,group:default/empty,0,0,0,0,\r\n',
    );
  });

  it("writes a row per day of the series with the target line's value", () => {
    const detail = silverDetail();
    expect(
      campaignSeriesCsv({
        startDate: detail.campaign.startDate,
        dueDate: detail.campaign.dueDate,
        series: detail.series,
      }),
    ).toBe(
      'date,in_scope,meeting,exempted,not_meeting,target\r\n' +
        '2026-11-20,6,0,0,6,0\r\n' +
        '2026-11-21,6,0,1,5,0.78\r\n' +
        '2026-11-22,7,1,0,6,1.56\r\n' +
        '2026-11-23,7,1,1,5,2.33\r\n' +
        '2026-11-24,7,1,1,5,3.11\r\n',
    );
    const closed = aiReviewsDetail();
    expect(
      campaignSeriesCsv({ ...closed.campaign, series: closed.series }),
    ).toBe(
      'date,in_scope,meeting,exempted,not_meeting,target\r\n' +
        '2026-11-19,2,0,0,2,0\r\n' +
        '2026-11-20,2,1,0,1,1\r\n' +
        '2026-11-21,2,1,0,1,2\r\n',
    );
  });
});

import type {
  CampaignDay,
  CampaignOwnerProgress,
} from '@shewhart/plugin-quality-scorecard-common';
import { toCsv } from '../CsvExport';
import { burnUpPoints } from './burnUp';

/** The share of an owner's entities meeting the target, 4 decimals; empty for none. */
const share = (o: CampaignOwnerProgress) =>
  o.inScope > 0 ? Math.round((o.meeting / o.inScope) * 10_000) / 10_000 : null;

/** A campaign's owners in the API's order (ranked), counts unformatted. */
export function campaignOwnersCsv(owners: CampaignOwnerProgress[]): string {
  return toCsv(
    [
      'rank',
      'owner',
      'in_scope',
      'meeting',
      'exempted',
      'not_meeting',
      'meeting_share',
    ],
    owners.map((o, i) => [
      i + 1,
      o.owner,
      o.inScope,
      o.meeting,
      o.exempted,
      o.notMeeting,
      share(o),
    ]),
  );
}

/** A campaign's daily series, a row a day of it, with the target line's value that day. */
export function campaignSeriesCsv(campaign: {
  startDate: string;
  dueDate: string;
  series: CampaignDay[];
}): string {
  const target = new Map(
    burnUpPoints(campaign).map(p => [p.date, p.target] as const),
  );
  return toCsv(
    ['date', 'in_scope', 'meeting', 'exempted', 'not_meeting', 'target'],
    campaign.series.map(d => [
      d.date,
      d.inScope,
      d.meeting,
      d.exempted,
      d.inScope - d.meeting - d.exempted,
      target.get(d.date),
    ]),
  );
}

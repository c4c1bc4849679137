import type {
  CampaignDay,
  CampaignState,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * The burn-up chart's data and the campaign lists' order, as pure functions.
 * Only type imports: the browser test loads this file on its own to compute
 * the points the overview must draw.
 */

const DAY_MS = 86_400_000;

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One day of the burn-up chart. */
export interface BurnUpPoint {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** Entities meeting the target at the end of the day; null after the series ends. */
  meeting: number | null;
  /** Meeting or exempted; null after the series ends. */
  meetingOrExempted: number | null;
  /** Entities in scope that day; null after the series ends. */
  inScope: number | null;
  /** The straight line from 0 on the start date to the latest day's scope on the due date (2 decimals). */
  target: number;
}

/**
 * A point a day from the start date to the due date (further either way if
 * the series holds days outside them): the series' counts where it has the
 * day, null after it stops (today), and the target line from (startDate, 0)
 * to (dueDate, inScope of the latest day of the series).
 */
export function burnUpPoints(input: {
  startDate: string;
  dueDate: string;
  series: CampaignDay[];
}): BurnUpPoint[] {
  const { startDate, dueDate, series } = input;
  const byDate = new Map(series.map(d => [d.date, d]));
  const dates = series.map(d => dayMs(d.date));
  const start = dayMs(startDate);
  const due = dayMs(dueDate);
  const first = Math.min(start, ...dates);
  const last = Math.max(due, ...dates);
  const latest = series.length > 0 ? series[series.length - 1] : undefined;
  const goal = latest?.inScope ?? 0;
  const span = (due - start) / DAY_MS;
  const targetAt = (ms: number) => {
    if (span <= 0) return ms >= due ? goal : 0;
    const share = Math.min(1, Math.max(0, (ms - start) / DAY_MS / span));
    return Math.round(goal * share * 100) / 100;
  };
  const points: BurnUpPoint[] = [];
  for (let ms = first; ms <= last; ms += DAY_MS) {
    const date = isoDay(ms);
    const day = byDate.get(date);
    points.push({
      date,
      meeting: day ? day.meeting : null,
      meetingOrExempted: day ? day.meeting + day.exempted : null,
      inScope: day ? day.inScope : null,
      target: targetAt(ms),
    });
  }
  return points;
}

const STATE_ORDER: Record<CampaignState, number> = {
  active: 0,
  scheduled: 1,
  closed: 2,
};

/**
 * Campaigns as the overview lists them: active first, then scheduled, then
 * closed; within each, the nearest due date first (closed: the latest first),
 * then by title.
 */
export function orderCampaigns<
  T extends Pick<CampaignSummary, 'state' | 'dueDate' | 'title'>,
>(campaigns: T[]): T[] {
  return [...campaigns].sort((a, b) => {
    const byState = STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (byState !== 0) return byState;
    const byDue =
      a.state === 'closed'
        ? b.dueDate.localeCompare(a.dueDate)
        : a.dueDate.localeCompare(b.dueDate);
    return byDue !== 0 ? byDue : a.title.localeCompare(b.title);
  });
}

import {
  OverviewRow,
  PR_FLOW_METRIC_IDS,
  PrFlowMetricId,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatMetricValue, formatShortWeek } from '../format';
import { TileMetric, weeklyPoints } from '../shownMetrics';

const HOUR = 3600;

/** The parts of the flow with their titles, in the order of a PR's life. */
export const FLOW_PARTS = PR_FLOW_METRIC_IDS.map(id => ({
  id,
  title: getMetricDefinition(id).title,
}));

/** One week's bar: each part's median in hours (null without a sample), and lead time's. */
export type FlowWeek = {
  week: string;
  leadTime: number | null;
} & Record<PrFlowMetricId, number | null>;

const hours = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : seconds / HOUR;

/**
 * The weekly bars of an entity's (or owner's) scorecard: the parts' weekly
 * medians from their series, beside lead time's weekly median.
 */
export function flowWeeks(metrics: TileMetric[]): FlowWeek[] {
  const byId = new Map(metrics.map(m => [m.id, weeklyPoints(m)]));
  const lead = byId.get('lead_time_for_changes');
  const first = byId.get(PR_FLOW_METRIC_IDS[0]);
  if (!first) return [];
  return first.map((point, i) => {
    const week = {
      week: formatShortWeek(point.start),
      leadTime: hours(lead?.[i]?.value),
    } as FlowWeek;
    for (const id of PR_FLOW_METRIC_IDS) {
      week[id] = hours(byId.get(id)?.[i]?.value);
    }
    return week;
  });
}

/** One bar per row (a sub-group or a service): each part's window median in hours. */
export type FlowRow = { name: string; entityRef: string } & Record<
  PrFlowMetricId,
  number | null
> &
  Record<`${PrFlowMetricId}_n`, number>;

export function flowRows(rows: OverviewRow[]): FlowRow[] {
  return rows.map(row => {
    const out = {
      name: row.title ?? row.entityRef,
      entityRef: row.entityRef,
    } as FlowRow;
    for (const id of PR_FLOW_METRIC_IDS) {
      const m = row.metrics.find(x => x.id === id);
      out[id] = hours(m?.value);
      out[`${id}_n`] = m?.n ?? 0;
    }
    return out;
  });
}

/** Whether any row or week has a flow value to draw. */
export function hasFlowData(
  metrics: Array<Pick<TileMetric, 'id' | 'n'>>,
): boolean {
  return metrics.some(
    m => (PR_FLOW_METRIC_IDS as readonly string[]).includes(m.id) && m.n > 0,
  );
}

/** Hours (as the charts draw them) in human form, for tooltips and cells. */
export const formatHours = (h: unknown) =>
  typeof h === 'number'
    ? formatMetricValue({ unit: 'seconds' }, h * HOUR)
    : '—';

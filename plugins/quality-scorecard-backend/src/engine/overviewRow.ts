import type { OverviewRow } from '@shewhart/plugin-quality-scorecard-common';
import type { AggregateOptions } from './aggregate';
import { headlineMetrics } from './headline';
import { poolByWeek, totalOver } from './pooling';
import type { ParsedRow, Weeks } from './scorecardDocument';

/**
 * One row of the overview or an owner's breakdown (a group, or one entity):
 * its snapshots pooled over the window into headline metrics and the AI
 * review policy's totals.
 */
export function overviewRow(
  aggregate: AggregateOptions,
  ref: string,
  rows: ParsedRow[],
  w: Weeks,
  extra: {
    kind?: string;
    title?: string;
    parent?: string;
    entities: number;
    complianceSeries?: boolean;
  },
): OverviewRow {
  const pooled = poolByWeek(rows);
  const total = totalOver(pooled, w.windowWeeks);
  return {
    entityRef: ref,
    ...(extra.kind ? { kind: extra.kind } : {}),
    ...(extra.title ? { title: extra.title } : {}),
    ...(extra.parent ? { parent: extra.parent } : {}),
    entities: extra.entities,
    metrics: headlineMetrics({
      pooled,
      windowWeeks: w.windowWeeks,
      previousWeeks: w.previousWeeks,
      complianceSeriesWeeks: extra.complianceSeries ? w.seriesWeeks : undefined,
      aggregate,
      demo: rows.some(r => r.demo),
    }),
    aiPolicy: {
      applicable: total.aiApplicable,
      compliant: total.aiCompliant,
      rate:
        total.aiApplicable > 0 ? total.aiCompliant / total.aiApplicable : null,
    },
  };
}

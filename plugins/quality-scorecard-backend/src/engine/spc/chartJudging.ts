/**
 * The judging of one calibrated chart (calibrated.ts), period by period and
 * week by week: each baseline period's fitted model and limits, each week's
 * point, CUSUM and Western Electric runs, and the signal episodes. Split from
 * the chart's assembly so that V8 keeps each part compiled.
 */
import type {
  BaselinePeriod,
  ControlChart,
  ControlRule,
} from '@shewhart/plugin-quality-scorecard-common';
import { isoWeek } from '../time';
import {
  CHART_DESIGNS as CHART_DESIGNS_FOR_POOLING,
  ChartDesign,
  budgetOf,
} from './designs';
import { FittedModel, ObservedWeek, fitModel } from './models';
import type { BaselineStart, ChartContext } from './calibrated';

const PERIOD_SOURCES = {
  default: 'default',
  manual: 'manual',
  rule: 'rule',
} as const;

export interface Period {
  from: number;
  to: number | null;
  start: BaselineStart | null;
}

/** The periods of a series: the default one, then each baseline started inside the series. */
export function periodsOf(
  weeks: ObservedWeek[],
  context: ChartContext,
  extra: BaselineStart[],
): Period[] {
  const first = weeks[0].start;
  const starts = [...context.baselines, ...extra]
    .filter(b => b.metric === null || b.metric === context.metric)
    .sort((a, b) => a.from - b.from);
  const periods: Period[] = [{ from: first, to: null, start: null }];
  for (const b of starts) {
    const last = periods[periods.length - 1];
    if (b.from <= last.from) {
      last.start = b; // started before the series (or the same week): it holds from the series' start
      continue;
    }
    if (b.from > weeks[weeks.length - 1].start) continue;
    last.to = b.from;
    periods.push({ from: b.from, to: null, start: b });
  }
  return periods;
}

export interface Episode {
  rule: ControlRule;
  side: 'above' | 'below';
  from: number;
  to: number;
  /** The week it first fired (a CUSUM's run starts weeks before). */
  firedAt?: number;
  strength: number;
}

/** Merges a firing into the last episode of its rule and side when they touch. */
export function addFiring(
  episodes: Episode[],
  firing: Episode,
  usableIndex: number[],
) {
  const last = [...episodes]
    .reverse()
    .find(e => e.rule === firing.rule && e.side === firing.side);
  if (last && usableIndex[last.to] + 1 >= usableIndex[firing.from]) {
    last.to = Math.max(last.to, firing.to);
    last.strength = Math.max(last.strength, firing.strength);
    return;
  }
  episodes.push({ ...firing, firedAt: firing.to });
}

/** What the periods of one chart build, week by week (chartWithPeriods). */
export interface ChartState {
  design: ChartDesign;
  weeks: ObservedWeek[];
  context: ChartContext;
  budget: ReturnType<typeof budgetOf>;
  threshold: number;
  complete: (w: ObservedWeek) => boolean;
  signalsOn: boolean;
  limits: ControlChart['limits'];
  cusum: Array<number | null>;
  episodes: Episode[];
  baselines: BaselinePeriod[];
  fitted: Array<FittedModel | undefined>;
  /**
   * Index of each judged complete week among all such weeks: episodes merge
   * across weeks that have no point.
   */
  usableIndex: number[];
  usable: number;
  weRuns: Array<Array<{ start: number; z: number }>>;
}

/** One period: its baseline's fit, then its weeks. */
export function judgePeriod(state: ChartState, p: number, period: Period) {
  const { design, weeks, context, budget, complete, fitted, baselines } = state;
  // The first period's baseline also takes the weeks before the series
  // (those after a baseline it started from, if any).
  const earlier = (list: ObservedWeek[] | undefined) =>
    p === 0 && list
      ? list.filter(w => !period.start || w.start >= period.start.from)
      : [];
  const inPeriod = weeks
    .map((w, i) => ({ w, i }))
    .filter(
      ({ w }) =>
        w.start >= period.from && (period.to === null || w.start < period.to),
    );
  const baselineWeeks = [
    ...earlier(context.history),
    ...inPeriod
      .slice(0, context.baselineWeeks)
      .filter(({ w }) => complete(w))
      .map(({ w }) => w),
  ];
  const model = fitModel(design.model, baselineWeeks, {
    alphaPerSide: budget.alphaPerSide,
    minBaselineWeeks: context.settings.minBaselineWeeks,
  });
  fitted.push(model);
  const companionModel =
    design.pooledWith && context.companion
      ? fitModel(
          CHART_DESIGNS_FOR_POOLING[design.pooledWith].model,
          [
            ...earlier(context.companionHistory),
            ...inPeriod
              .slice(0, context.baselineWeeks)
              .filter(({ w }) => complete(w))
              .map(({ i }) => context.companion![i]),
          ],
          {
            alphaPerSide: budget.alphaPerSide,
            minBaselineWeeks: context.settings.minBaselineWeeks,
          },
        )
      : undefined;
  baselines.push({
    from: new Date(period.from).toISOString(),
    to: period.to === null ? null : new Date(period.to).toISOString(),
    baselineWeeks: baselineWeeks.length,
    center: model ? model.center : null,
    source: period.start ? PERIOD_SOURCES[period.start.source] : 'default',
    ...(period.start?.reason ? { reason: period.start.reason } : {}),
    ...(period.start?.startedBy ? { startedBy: period.start.startedBy } : {}),
    ...(period.start?.startedAt
      ? { startedAt: new Date(period.start.startedAt).toISOString() }
      : {}),
  });
  if (!model) return;
  // Episodes never run from one period into the next.
  state.usable += 2;
  state.weRuns.push(judgeWeeks(state, inPeriod, model, companionModel));
}

/** A period's weeks: limits, CUSUM and episodes. */
export function judgeWeeks(
  state: ChartState,
  inPeriod: Array<{ w: ObservedWeek; i: number }>,
  model: FittedModel,
  companionModel: FittedModel | undefined,
): Array<{ start: number; z: number }> {
  const {
    design,
    context,
    threshold,
    complete,
    signalsOn,
    limits,
    cusum,
    episodes,
    usableIndex,
  } = state;
  let sum = 0;
  let runStart = -1;
  const runs: Array<{ start: number; z: number }> = [];
  for (const { w, i } of inPeriod) {
    if (!model.judged(w)) continue;
    const l = model.limits(w);
    limits[i] = {
      start: isoWeek(w.start),
      ucl: l.ucl,
      lcl: l.lcl,
      center: l.center,
    };
    if (!complete(w) || !signalsOn) continue;
    usableIndex[i] = state.usable++;
    runs.push({ start: w.start, z: model.z(w) });
    const beyond = model.beyond(w);
    if (beyond) {
      addFiring(
        episodes,
        {
          rule: 'beyond-limit',
          side: beyond.side,
          from: i,
          to: i,
          strength: beyond.strength,
        },
        usableIndex,
      );
    }
    if (design.cusumShift) {
      const factor =
        design.adverse === 'above' ? design.cusumShift : 1 / design.cusumShift;
      const before = sum;
      const companion = context.companion?.[i];
      const pooled =
        companionModel && companion && companionModel.judged(companion)
          ? companionModel.llr(companion, factor)
          : 0;
      sum = Math.max(0, sum + model.llr(w, factor) + pooled);
      if (before === 0 && sum > 0) runStart = i;
      cusum[i] = sum;
      if (sum > threshold) {
        addFiring(
          episodes,
          {
            rule: 'cusum',
            side: design.adverse,
            from: runStart,
            to: i,
            strength: sum / threshold,
          },
          usableIndex,
        );
      }
    }
  }
  return runs;
}

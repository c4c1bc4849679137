/**
 * The calibrated control chart of one metric's weekly series: probability
 * limits from the metric's model, a one-sided CUSUM where the design has one,
 * baseline periods with limits of their own, and no signal from the current,
 * partial week. Pure: the clock is a parameter.
 */
import type {
  MetricId,
  BaselinePeriod,
  ControlChart,
  ControlRule,
  ControlSignal,
} from '@shewhart/plugin-quality-scorecard-common';
import { WEEK_MS } from '../time';
import {
  CHART_DESIGNS as CHART_DESIGNS_FOR_POOLING,
  ChartDesign,
  SignalSettings,
  CALIBRATION,
  DEFAULT_SIGNAL_SETTINGS,
  budgetOf,
} from './designs';
import { FittedModel, ObservedWeek, fitModel } from './models';
import { describeSignal, westernElectricSignals } from './westernElectric';

/** A new baseline from the week of `from` on, for one metric or (null) every metric. */
export interface BaselineStart {
  metric: string | null;
  from: number;
  source: 'manual' | 'rule';
  reason?: string;
  startedBy?: string;
  startedAt?: number;
}

export interface ChartContext {
  metric: string;
  /** The weekly points of the metric whose evidence the CUSUM pools (design.pooledWith), by index. */
  companion?: ObservedWeek[];
  /**
   * Complete weeks before the series (oldest first): the first period's
   * baseline takes them too, so its limits rest on more than the series'
   * first weeks.
   */
  history?: ObservedWeek[];
  companionHistory?: ObservedWeek[];
  /** Weeks at the start of each period whose data give its limits. */
  baselineWeeks: number;
  /** Weeks that end after this time are partial: drawn, never signalling. */
  completeBefore: number;
  baselines: BaselineStart[];
  settings: SignalSettings;
}

const CHART_KIND: Record<ChartDesign['model']['kind'], ControlChart['chart']> =
  {
    binomial: 'p',
    poisson: 'u',
    'log-median': 'median',
    individuals: 'xmr',
  };

interface Period {
  from: number;
  to: number | null;
  start: BaselineStart | null;
}

/** The periods of a series: the default one, then each baseline started inside the series. */
function periodsOf(
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

interface Episode {
  rule: ControlRule;
  side: 'above' | 'below';
  from: number;
  to: number;
  /** The week it first fired (a CUSUM's run starts weeks before). */
  firedAt?: number;
  strength: number;
}

/** Merges a firing into the last episode of its rule and side when they touch. */
function addFiring(
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

const PERIOD_SOURCES = {
  default: 'default',
  manual: 'manual',
  rule: 'rule',
} as const;

const round2 = (x: number) => Math.round(x * 100) / 100;
const yearsText = (years: number) =>
  years >= 10 ? `${Math.round(years)}` : years.toFixed(1);

/**
 * How often the chart raised a false alarm on the simulated stable process
 * of the recorded calibration, in words. Figures are at the default budget of
 * one a year; another budget scales the limits, and the figures roughly with
 * it.
 */
function falseAlarmText(metric: string, settings: SignalSettings) {
  const budget = settings.falseAlarmsPerServiceYear;
  const scale = budget / DEFAULT_SIGNAL_SETTINGS.falseAlarmsPerServiceYear;
  const measured = CALIBRATION.perChartYear[metric as MetricId] ?? 0;
  const perYear = measured * scale;
  const rate =
    perYear > 0
      ? `raised a false alarm about once in ${yearsText(1 / perYear)} years`
      : `raised no false alarm in ${CALIBRATION.serviceYears} simulated years`;
  const service = round2(CALIBRATION.perServiceYear * scale);
  const extra =
    settings.westernElectricRules.length > 0
      ? ' The Western Electric run rules switched on add false alarms of their own, outside the budget.'
      : '';
  return {
    perYear,
    text: `On a stable process this chart ${rate}; all of a service's charts together about ${service} a year, within its budget of ${budget} (measured by simulation, docs/spc.md).${extra}`,
  };
}

/**
 * The calibrated chart, or undefined when not even the first period has the
 * baseline weeks for limits.
 */
export function calibratedChart(
  design: ChartDesign,
  weeks: ObservedWeek[],
  context: ChartContext,
): ControlChart | undefined {
  if (weeks.length === 0) return undefined;
  let extra: BaselineStart[] = [];
  // A rule-started baseline may start another; a few rounds settle any series.
  for (let round = 0; round < 4; round++) {
    const result = chartWithPeriods(design, weeks, context, extra);
    if (!result) return undefined;
    const next = context.settings.rebaselineAfterWeeks
      ? confirmedShift(result.episodes, weeks, result.periods, context)
      : undefined;
    if (!next) return result.chart;
    extra = [...extra, next];
  }
  return chartWithPeriods(design, weeks, context, extra)?.chart;
}

/** The first episode that has lasted the configured weeks inside its period: a new baseline from its start. */
function confirmedShift(
  episodes: Episode[],
  weeks: ObservedWeek[],
  periods: Period[],
  context: ChartContext,
): BaselineStart | undefined {
  const need = context.settings.rebaselineAfterWeeks;
  for (const e of episodes) {
    const from = weeks[e.from].start;
    const lasted =
      (weeks[e.to].start - weeks[e.firedAt ?? e.from].start) / WEEK_MS + 1;
    const period = periods.find(
      p => p.from <= from && (p.to === null || from < p.to),
    );
    if (lasted >= need && period && period.from < from) {
      return {
        metric: context.metric,
        from,
        source: 'rule',
        reason: `a shift confirmed by ${lasted} weeks of signal`,
      };
    }
  }
  return undefined;
}

function chartWithPeriods(
  design: ChartDesign,
  weeks: ObservedWeek[],
  context: ChartContext,
  extra: BaselineStart[],
) {
  const { settings } = context;
  const budget = budgetOf(settings);
  const threshold = budget.cusumThreshold * (design.cusumThresholdShare ?? 1);
  const periods = periodsOf(weeks, context, extra);
  const complete = (w: ObservedWeek) =>
    w.start + WEEK_MS <= context.completeBefore;
  const partialWeek = weeks.find(w => !complete(w));
  const limits: ControlChart['limits'] = weeks.map(() => null);
  const cusum: Array<number | null> = weeks.map(() => null);
  const episodes: Episode[] = [];
  const baselines: BaselinePeriod[] = [];
  const signalsOn = !design.signalsOff;
  const fitted: Array<FittedModel | undefined> = [];
  // Index of each judged complete week among all such weeks: episodes merge
  // across weeks that have no point.
  const usableIndex: number[] = weeks.map(() => -1);
  let usable = 0;
  const weRuns: Array<Array<{ start: number; z: number }>> = [];

  for (const [p, period] of periods.entries()) {
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
    if (!model) continue;
    // Episodes never run from one period into the next.
    usable += 2;
    let sum = 0;
    let runStart = -1;
    const runs: Array<{ start: number; z: number }> = [];
    for (const { w, i } of inPeriod) {
      if (!model.judged(w)) continue;
      const l = model.limits(w);
      limits[i] = {
        start: new Date(w.start).toISOString(),
        ucl: l.ucl,
        lcl: l.lcl,
        center: l.center,
      };
      if (!complete(w) || !signalsOn) continue;
      usableIndex[i] = usable++;
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
          design.adverse === 'above'
            ? design.cusumShift
            : 1 / design.cusumShift;
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
    weRuns.push(runs);
  }
  const first = fitted.findIndex(m => m !== undefined);
  if (first === -1) return undefined;

  const signals: ControlSignal[] = episodes.map(e => {
    const s = {
      rule: e.rule,
      side: e.side,
      start: new Date(weeks[e.from].start).toISOString(),
      end: new Date(weeks[e.to].start).toISOString(),
    };
    const span = (weeks[e.to].start - weeks[e.from].start) / WEEK_MS + 1;
    return {
      ...s,
      description: describeSignal(
        s,
        e.rule === 'beyond-limit'
          ? usableIndex[e.to] - usableIndex[e.from] + 1
          : span,
      ),
      strength: e.strength,
    };
  });
  if (signalsOn && settings.westernElectricRules.length > 0) {
    for (const runs of weRuns) {
      signals.push(
        ...westernElectricSignals(runs, settings.westernElectricRules),
      );
    }
  }
  signals.sort(
    (a, b) => a.start.localeCompare(b.start) || a.rule.localeCompare(b.rule),
  );

  const latestFit = [...fitted].reverse().find(m => m !== undefined)!;
  const latestLimits = [...limits].reverse().find(l => l !== null);
  const rules: ControlRule[] = signalsOn
    ? [
        'beyond-limit',
        ...(design.cusumShift ? (['cusum'] as const) : []),
        ...settings.westernElectricRules,
      ]
    : [];
  const chart: ControlChart = {
    chart:
      design.model.kind === 'binomial' && design.model.trialsPerWeek
        ? 'np'
        : CHART_KIND[design.model.kind],
    method:
      design.model.kind === 'binomial' || design.model.kind === 'poisson'
        ? 'exact'
        : 'normal',
    ...(design.model.kind === 'log-median'
      ? { transform: 'log' as const }
      : {}),
    center: latestFit.center,
    ucl: latestLimits?.ucl ?? latestFit.center,
    lcl: latestLimits?.lcl ?? latestFit.center,
    limits,
    baselineWeeks: context.baselineWeeks,
    signals,
    rules,
    ...(design.signalsOff ? { signalsOff: design.signalsOff } : {}),
    ...(signalsOn
      ? {
          falseAlarms: falseAlarmText(context.metric, settings),
        }
      : {}),
    baselines,
    ...(partialWeek
      ? { partialFrom: new Date(partialWeek.start).toISOString() }
      : {}),
    ...(design.cusumShift && signalsOn
      ? {
          cusum: {
            side: design.adverse,
            shift: design.cusumShift,
            threshold: threshold,
            values: cusum,
          },
        }
      : {}),
  };
  return { chart, episodes, periods };
}

/**
 * The calibrated control chart of one metric's weekly series: probability
 * limits from the metric's model, a one-sided CUSUM where the design has one,
 * baseline periods with limits of their own, and no signal from the current,
 * partial week. Pure: the clock is a parameter.
 */
import type {
  MetricId,
  ControlChart,
  ControlRule,
  ControlSignal,
} from '@shewhart/plugin-quality-scorecard-common';
import { WEEK_MS, isoWeek } from '../time';
import {
  ChartDesign,
  SignalSettings,
  CALIBRATION,
  DEFAULT_SIGNAL_SETTINGS,
  budgetOf,
} from './designs';
import type { ObservedWeek } from './models';
import { describeSignal, westernElectricSignals } from './westernElectric';
import {
  ChartState,
  Episode,
  Period,
  judgePeriod,
  periodsOf,
} from './chartJudging';

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

/*
 * chartWithPeriods is split into its period, its weeks and its assembly:
 * the weeks of different metrics reach it in different object shapes, and
 * V8 deoptimized and recompiled the one large function (a third of a second
 * each time) again and again, more CPU than the charts themselves.
 */
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
  const state: ChartState = {
    design,
    weeks,
    context,
    budget,
    threshold,
    complete,
    signalsOn: !design.signalsOff,
    limits: weeks.map(() => null),
    cusum: weeks.map(() => null),
    episodes: [],
    baselines: [],
    fitted: [],
    usableIndex: weeks.map(() => -1),
    usable: 0,
    weRuns: [],
  };
  for (const [p, period] of periods.entries()) judgePeriod(state, p, period);
  const first = state.fitted.findIndex(m => m !== undefined);
  if (first === -1) return undefined;
  const chart = assembleChart(state, partialWeek);
  return { chart, episodes: state.episodes, periods };
}

/** The chart of the judged periods. */
function assembleChart(
  state: ChartState,
  partialWeek: ObservedWeek | undefined,
): ControlChart {
  const {
    design,
    weeks,
    context,
    threshold,
    signalsOn,
    limits,
    cusum,
    episodes,
    baselines,
    fitted,
    usableIndex,
    weRuns,
  } = state;
  const { settings } = context;

  const signals: ControlSignal[] = episodes.map(e => {
    const s = {
      rule: e.rule,
      side: e.side,
      start: isoWeek(weeks[e.from].start),
      end: isoWeek(weeks[e.to].start),
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
  return chart;
}

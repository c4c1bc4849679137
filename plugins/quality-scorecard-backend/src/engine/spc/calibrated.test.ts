import { WEEK_MS } from '../time';
import { calibratedChart, ChartContext } from './calibrated';
import {
  CALIBRATION,
  CHART_DESIGNS,
  DEFAULT_SIGNAL_SETTINGS,
  budgetOf,
} from './designs';
import { ObservedWeek } from './models';

const W0 = Date.parse('2026-06-01T00:00:00Z');
const week = (i: number) => W0 + i * WEEK_MS;
const iso = (i: number) => new Date(week(i)).toISOString();

/** Weekly incident counts over 10 merged PRs each. */
const incidents = (counts: number[]): ObservedWeek[] =>
  counts.map((count, i) => ({
    start: week(i),
    value: count / 10,
    count,
    exposure: 10,
  }));

const context = (over: Partial<ChartContext> = {}): ChartContext => ({
  metric: 'incidents_per_pr',
  baselineWeeks: 8,
  completeBefore: Infinity,
  baselines: [],
  settings: DEFAULT_SIGNAL_SETTINGS,
  ...over,
});

const design = CHART_DESIGNS.incidents_per_pr;
const stable = [0, 1, 0, 0, 1, 0, 0, 1];

describe('calibrated charts', () => {
  it('the budget: 1 false alarm a service-year over 24 components (the limits of 15 charts, 9 CUSUMs); limits get a quarter share', () => {
    const budget = budgetOf(DEFAULT_SIGNAL_SETTINGS);
    expect(budget.perComponentYear).toBeCloseTo(1 / 24, 12);
    expect(budget.alphaPerSide).toBeCloseTo(0.25 / 24 / 52 / 2, 12);
    expect(budget.cusumThreshold).toBeCloseTo(Math.log(24 * 52), 12);
    const chart = calibratedChart(
      design,
      incidents([...stable, 1, 0]),
      context(),
    )!;
    expect(chart.cusum!.threshold).toBeCloseTo(0.7 * Math.log(24 * 52), 12);
  });

  it('a stable series raises nothing; a week of 6 incidents in 10 PRs is beyond the limit', () => {
    expect(
      calibratedChart(design, incidents([...stable, 1, 0]), context())!.signals,
    ).toEqual([]);
    const chart = calibratedChart(
      design,
      incidents([...stable, 0, 6]),
      context(),
    )!;
    const beyond = chart.signals.filter(s => s.rule === 'beyond-limit');
    expect(beyond.map(s => [s.side, s.start, s.end])).toEqual([
      ['above', iso(9), iso(9)],
    ]);
    expect(beyond[0].strength).toBeGreaterThan(1);
    expect(chart.chart).toBe('u');
    expect(chart.method).toBe('exact');
    expect(chart.center).toBeCloseTo(3.5 / 81, 12);
    expect(chart.rules).toEqual(['beyond-limit', 'cusum']);
    // The recorded calibration's figure for this chart, in words.
    const measured = CALIBRATION.perChartYear.incidents_per_pr!;
    expect(chart.falseAlarms!.perYear).toBe(measured);
    expect(chart.falseAlarms!.text).toContain(
      `once in ${Math.round(1 / measured)} years`,
    );
    expect(chart.falseAlarms!.text).toContain('within its budget of 1');
  });

  it('the current, partial week is drawn with its limits but never signals', () => {
    const series = incidents([...stable, 0, 6]);
    const chart = calibratedChart(
      design,
      series,
      context({ completeBefore: week(9) + 3 * 86_400_000 }),
    )!;
    expect(chart.signals).toEqual([]);
    expect(chart.partialFrom).toBe(iso(9));
    expect(chart.limits[9]).not.toBeNull();
    expect(chart.cusum!.values[9]).toBeNull();
  });

  it('the CUSUM sums the log-likelihood ratio from its last zero and fires past h', () => {
    const series = incidents([...stable, 3, 3, 3, 3, 3, 3]);
    const chart = calibratedChart(design, series, context())!;
    const cusumThreshold = chart.cusum!.threshold;
    const values = chart.cusum!.values;
    // Each week of 3 incidents adds 3 ln 2 − μc (μc = cusumLevel over 10 PRs).
    const step = values[9]! - values[8]!;
    expect(values[10]! - values[9]!).toBeCloseTo(step, 12);
    const firing = values.findIndex(v => v !== null && v > cusumThreshold);
    const cusum = chart.signals.filter(s => s.rule === 'cusum');
    expect(cusum).toHaveLength(1);
    expect(cusum[0].end).toBe(iso(13));
    expect(Date.parse(cusum[0].start)).toBeLessThanOrEqual(week(8));
    expect(firing).toBeGreaterThanOrEqual(8);
    expect(cusum[0].strength).toBeCloseTo(values[13]! / cusumThreshold, 12);
  });

  it('a new baseline gives the later weeks limits of their own and stops the signals', () => {
    const series = incidents([
      ...stable,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      2,
      3,
      3,
      3,
      2,
      3,
    ]);
    const before = calibratedChart(design, series, context())!;
    expect(before.signals.some(s => Date.parse(s.end) >= week(20))).toBe(true);
    const after = calibratedChart(
      design,
      series,
      context({
        baselines: [
          {
            metric: null,
            from: week(8),
            source: 'manual',
            reason: 'new service mesh',
            startedBy: 'user:default/ada',
            startedAt: week(22),
          },
        ],
      }),
    )!;
    expect(
      after.baselines!.map(b => [b.from, b.to, b.source, b.baselineWeeks]),
    ).toEqual([
      [iso(0), iso(8), 'default', 8],
      [iso(8), null, 'manual', 8],
    ]);
    expect(after.baselines![1].reason).toBe('new service mesh');
    expect(after.baselines![1].center).toBeCloseTo(24.5 / 81, 12);
    expect(after.center).toBeCloseTo(24.5 / 81, 12);
    expect(after.limits[9]!.center).toBeCloseTo(24.5 / 81, 12);
    expect(after.limits[3]!.center).toBeCloseTo(3.5 / 81, 12);
    expect(after.signals.filter(s => Date.parse(s.start) >= week(8))).toEqual(
      [],
    );
  });

  it('a baseline for another metric changes nothing', () => {
    const series = incidents([...stable, 3, 3, 3]);
    const other = calibratedChart(
      design,
      series,
      context({
        baselines: [{ metric: 'revert_rate', from: week(8), source: 'manual' }],
      }),
    )!;
    expect(other.baselines).toHaveLength(1);
  });

  it('a period still gathering its baseline has no limits yet', () => {
    const series = incidents([...stable, 3, 3, 3]);
    const chart = calibratedChart(
      design,
      series,
      context({
        baselines: [{ metric: null, from: week(8), source: 'manual' }],
      }),
    )!;
    expect(chart.baselines![1].center).toBeNull();
    expect(chart.limits.slice(8)).toEqual([null, null, null]);
    expect(chart.center).toBeCloseTo(3.5 / 81, 12);
  });

  it('by rule, a shift that has lasted the configured weeks starts a new baseline', () => {
    const series = incidents([
      ...stable,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      3,
      2,
      3,
      3,
      3,
      2,
      3,
    ]);
    const chart = calibratedChart(
      design,
      series,
      context({
        settings: { ...DEFAULT_SIGNAL_SETTINGS, rebaselineAfterWeeks: 4 },
      }),
    )!;
    const rule = chart.baselines!.filter(b => b.source === 'rule');
    expect(rule).toHaveLength(1);
    expect(Date.parse(rule[0].from)).toBeLessThanOrEqual(week(9));
    expect(
      chart.signals.every(s => Date.parse(s.end) < Date.parse(rule[0].from)),
    ).toBe(true);
  });

  it('derived metrics draw limits but raise no signal', () => {
    const xs = [100, 900, 100, 900, 100, 900, 100, 900, 50000];
    const chart = calibratedChart(
      CHART_DESIGNS.dpmo,
      xs.map((value, i) => ({ start: week(i), value })),
      context({ metric: 'dpmo' }),
    )!;
    expect(chart.signals).toEqual([]);
    expect(chart.rules).toEqual([]);
    expect(chart.signalsOff).toMatch(/derived/);
    expect(chart.falseAlarms).toBeUndefined();
  });

  it('too few weeks for a baseline: no chart', () => {
    expect(
      calibratedChart(design, incidents([0, 1, 0, 0, 0]), context()),
    ).toBeUndefined();
  });

  it('Western Electric run rules only where switched on', () => {
    const series = incidents([...stable, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(
      calibratedChart(design, series, context())!.signals.filter(
        s => s.rule === 'eight-on-one-side',
      ),
    ).toEqual([]);
    const on = calibratedChart(
      design,
      series,
      context({
        settings: {
          ...DEFAULT_SIGNAL_SETTINGS,
          westernElectricRules: ['eight-on-one-side'],
        },
      }),
    )!;
    expect(
      on.signals.filter(s => s.rule === 'eight-on-one-side').map(s => s.side),
    ).toEqual(['above']);
    expect(on.falseAlarms!.text).toMatch(/outside the budget/);
  });
});

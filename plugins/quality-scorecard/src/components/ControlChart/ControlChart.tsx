import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core';
import type {
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatMetricValue, formatWeek } from '../format';
import { signalWeeks } from '../signals';

/** One week of a control chart: the value, its limits, and a signal marker. */
export interface ControlChartPoint {
  week: string;
  value: number | null;
  n: number;
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  /** The value again when a signal covers this week, else null. */
  signal: number | null;
}

/** The weekly points with their (per-week) limits and the weeks signals cover. */
export function controlChartPoints(metric: MetricValue): ControlChartPoint[] {
  const control = metric.control;
  const fired = signalWeeks(metric);
  return metric.series.map((point, i) => {
    const limit = control?.limits?.[i] ?? null;
    return {
      week: formatWeek(point.start),
      value: point.value,
      n: point.n,
      center: control ? control.center : null,
      ucl: limit ? limit.ucl : null,
      lcl: limit ? limit.lcl : null,
      signal: fired.has(point.start) ? point.value : null,
    };
  });
}

/**
 * A Shewhart chart: weekly points, centre line, control limits as step lines
 * (u- and p-chart limits move with each week's sample size), and the weeks
 * a signal covers in red.
 */
export function ControlChart(props: {
  definition: MetricDefinition;
  metric: MetricValue;
  width?: number;
  height?: number;
}) {
  const { definition, metric, width = 860, height = 320 } = props;
  const theme = useTheme();
  const data = controlChartPoints(metric);
  const format = (v: unknown) =>
    typeof v === 'number' ? formatMetricValue(definition, v) : '—';
  return (
    <ComposedChart
      width={width}
      height={height}
      data={data}
      margin={{ top: 8, right: 24, bottom: 8, left: 24 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="week" tick={{ fontSize: 11 }} />
      <YAxis tickFormatter={format} width={110} tick={{ fontSize: 11 }} />
      <Tooltip formatter={format} />
      <Legend />
      <Line
        name="UCL"
        dataKey="ucl"
        type="stepAfter"
        stroke={theme.palette.error.light}
        strokeDasharray="6 3"
        dot={false}
        isAnimationActive={false}
      />
      <Line
        name="LCL"
        dataKey="lcl"
        type="stepAfter"
        stroke={theme.palette.error.light}
        strokeDasharray="6 3"
        dot={false}
        isAnimationActive={false}
      />
      <Line
        name="Centre line"
        dataKey="center"
        stroke={theme.palette.text.secondary}
        dot={false}
        isAnimationActive={false}
      />
      <Line
        name={definition.title}
        dataKey="value"
        stroke={theme.palette.primary.main}
        dot={{ r: 3 }}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Scatter
        name="Signal"
        dataKey="signal"
        fill={theme.palette.error.main}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}

import {
  CartesianGrid,
  ComposedChart,
  Dot,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core';
import { FluidChart } from '../FluidChart';
import type {
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatMetricValue, formatShortWeek, formatWeek } from '../format';
import { weekOf } from './weekOf';
import { signalWeeks } from '../signals';
import { baselineMarks, inPeriod } from './baselines';

/** One week of a control chart: the value, its limits, and a signal marker. */
export interface ControlChartPoint {
  week: string;
  value: number | null;
  n: number;
  /** The centre line of the week's baseline period. */
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  /** The value again when a signal covers this week, else null. */
  signal: number | null;
  /** The current week, still under way: drawn, never signalling. */
  partial: boolean;
}

/**
 * The weekly points with their (per-week) limits and centre, and the weeks
 * signals cover. A week without limits keeps the centre of its baseline
 * period, if that period has one.
 */
export function controlChartPoints(metric: MetricValue): ControlChartPoint[] {
  const control = metric.control;
  const fired = signalWeeks(metric);
  const periods = control?.baselines ?? [];
  const partialFrom = control?.partialFrom
    ? Date.parse(control.partialFrom)
    : undefined;
  return metric.series.map((point, i) => {
    const limit = control?.limits?.[i] ?? null;
    let center: number | null = null;
    if (limit) center = limit.center ?? control!.center;
    else if (control && periods.length === 0) center = control.center;
    else if (control) {
      center = periods.find(p => inPeriod(p, point.start))?.center ?? null;
    }
    return {
      week: formatWeek(point.start),
      value: point.value,
      n: point.n,
      center,
      ucl: limit ? limit.ucl : null,
      lcl: limit ? limit.lcl : null,
      signal: fired.has(point.start) ? point.value : null,
      partial:
        partialFrom !== undefined && Date.parse(point.start) >= partialFrom,
    };
  });
}

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  stroke?: string;
}

/**
 * A Shewhart chart: weekly points, centre line and control limits as step
 * lines (limits move with each week's sample size, and centre and limits with
 * each baseline period), the weeks whose data gave each period's limits
 * shaded, the weeks a signal covers in red, and the partial current week
 * drawn as a dashed ring.
 */
export function ControlChart(props: {
  definition: MetricDefinition;
  metric: MetricValue;
  /** The width before the container is measured (all a test without layout sees). */
  initialWidth?: number;
  height?: number;
}) {
  const { definition, metric, initialWidth = 860, height = 320 } = props;
  const theme = useTheme();
  const data = controlChartPoints(metric);
  const marks = baselineMarks(metric);
  const partialWeek = data.find(p => p.partial)?.week;
  const format = (v: unknown) =>
    typeof v === 'number' ? formatMetricValue(definition, v) : '—';
  const weekDot = ({ cx, cy, index, stroke }: DotProps) => {
    const key = `dot-${index}`;
    if (typeof cx !== 'number' || typeof cy !== 'number')
      return <g key={key} />;
    const partial = index !== undefined && data[index]?.partial;
    return (
      <Dot
        key={key}
        className="recharts-line-dot"
        cx={cx}
        cy={cy}
        r={partial ? 4 : 3}
        stroke={stroke}
        strokeDasharray={partial ? '2 2' : undefined}
        fill={theme.palette.background.paper}
      />
    );
  };
  return (
    // Follows the dialog's width; below minWidth its box scrolls instead.
    <FluidChart height={height} initialWidth={initialWidth} minWidth={480}>
      <ComposedChart
        data={data}
        margin={{ top: 20, right: 24, bottom: 8, left: 24 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="week"
          tick={{ fontSize: 11 }}
          tickFormatter={(week: string) => formatShortWeek(week)}
        />
        <YAxis tickFormatter={format} width={110} tick={{ fontSize: 11 }} />
        <Tooltip formatter={format} labelFormatter={weekOf} />
        <Legend />
        {marks.map(
          mark =>
            mark.baselineWeeks && (
              <ReferenceArea
                key={`area-${mark.period.from}`}
                x1={mark.baselineWeeks[0]}
                x2={mark.baselineWeeks[1]}
                fill={theme.palette.action.selected}
                fillOpacity={0.4}
              />
            ),
        )}
        {marks.map(
          mark =>
            mark.firstWeek &&
            mark.period.source !== 'default' && (
              <ReferenceLine
                key={`start-${mark.period.from}`}
                x={mark.firstWeek}
                stroke={theme.palette.text.secondary}
                strokeDasharray="2 4"
                label={{
                  value: 'new baseline',
                  position: 'insideTopLeft',
                  fontSize: 11,
                  fill: theme.palette.text.secondary,
                }}
              />
            ),
        )}
        {partialWeek && (
          <ReferenceLine
            x={partialWeek}
            stroke="none"
            label={{
              value: 'partial week, no signal',
              position: 'insideTopRight',
              fontSize: 11,
              fill: theme.palette.text.secondary,
            }}
          />
        )}
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
          type="stepAfter"
          stroke={theme.palette.text.secondary}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          name={definition.title}
          dataKey="value"
          stroke={theme.palette.primary.main}
          dot={weekDot}
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
    </FluidChart>
  );
}

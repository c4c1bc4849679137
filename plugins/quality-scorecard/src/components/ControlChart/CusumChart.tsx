import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core';
import { FluidChart } from '../FluidChart';
import {
  MetricValue,
  formatNumber,
} from '@shewhart/plugin-quality-scorecard-common';
import { userLocale } from '../locale';
import { formatShortWeek, formatWeek } from '../format';
import { weekOf } from './weekOf';

const formatSum = (v: unknown) =>
  typeof v === 'number' ? formatNumber(v, 2, userLocale()) : '—';

/**
 * The chart's cumulative sum under it: evidence of a shift to the worse side
 * piling up week by week, and the decision interval it signals beyond.
 */
export function CusumChart(props: {
  metric: MetricValue;
  /** The width before the container is measured (all a test without layout sees). */
  initialWidth?: number;
  height?: number;
}) {
  const { metric, initialWidth = 860, height = 130 } = props;
  const theme = useTheme();
  const cusum = metric.control?.cusum;
  if (!cusum) return null;
  const data = metric.series.map((point, i) => ({
    week: formatWeek(point.start),
    sum: cusum.values[i] ?? null,
  }));
  return (
    // The same width as the control chart above it, so the weeks line up.
    <FluidChart height={height} initialWidth={initialWidth} minWidth={480}>
      <ComposedChart
        data={data}
        margin={{ top: 8, right: 24, bottom: 8, left: 24 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="week"
          tick={{ fontSize: 11 }}
          tickFormatter={(week: string) => formatShortWeek(week)}
        />
        <YAxis
          width={110}
          tick={{ fontSize: 11 }}
          tickFormatter={formatSum}
          domain={[0, (max: number) => Math.max(max, cusum.threshold) * 1.1]}
        />
        <Tooltip formatter={formatSum} labelFormatter={weekOf} />
        <ReferenceLine
          y={cusum.threshold}
          stroke={theme.palette.error.light}
          strokeDasharray="6 3"
          label={{
            value: 'signals above',
            position: 'insideTopRight',
            fontSize: 11,
            fill: theme.palette.text.secondary,
          }}
        />
        {/* no dots: the weekly points of the dialog are those of the metric */}
        <Line
          name="CUSUM"
          dataKey="sum"
          type="linear"
          stroke={theme.palette.secondary.main}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </FluidChart>
  );
}

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
import type { MetricValue } from '@shewhart/plugin-quality-scorecard-common';
import { formatWeek } from '../format';

const formatSum = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—');

/**
 * The chart's cumulative sum under it: evidence of a shift to the worse side
 * piling up week by week, and the decision interval it signals beyond.
 */
export function CusumChart(props: {
  metric: MetricValue;
  width?: number;
  height?: number;
}) {
  const { metric, width = 860, height = 130 } = props;
  const theme = useTheme();
  const cusum = metric.control?.cusum;
  if (!cusum) return null;
  const data = metric.series.map((point, i) => ({
    week: formatWeek(point.start),
    sum: cusum.values[i] ?? null,
  }));
  return (
    <ComposedChart
      width={width}
      height={height}
      data={data}
      margin={{ top: 8, right: 24, bottom: 8, left: 24 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="week" tick={{ fontSize: 11 }} />
      <YAxis
        width={110}
        tick={{ fontSize: 11 }}
        tickFormatter={formatSum}
        domain={[0, (max: number) => Math.max(max, cusum.threshold) * 1.1]}
      />
      <Tooltip formatter={formatSum} />
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
  );
}

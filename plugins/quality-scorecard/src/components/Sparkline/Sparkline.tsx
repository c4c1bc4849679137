import { Line, LineChart, YAxis } from 'recharts';
import { useTheme } from '@material-ui/core';
import type { SeriesPoint } from '@shewhart/plugin-quality-scorecard-common';

/** The weekly values of a metric as a small line, without axes. */
export function Sparkline(props: {
  series: SeriesPoint[];
  width?: number;
  height?: number;
}) {
  const { series, width = 140, height = 32 } = props;
  const theme = useTheme();
  if (series.every(p => p.value === null)) return null;
  return (
    <span
      data-testid="sparkline"
      aria-label={`${series.length} weekly values`}
      style={{ display: 'inline-block' }}
    >
      <LineChart width={width} height={height} data={series}>
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Line
          type="monotone"
          dataKey="value"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}

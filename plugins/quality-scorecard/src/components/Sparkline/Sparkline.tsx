import { Line, LineChart, YAxis } from 'recharts';
import { useTheme } from '@material-ui/core';
import { FluidChart } from '../FluidChart';

/** The weekly values of a metric as a small line, without axes, as wide as its tile. */
export function Sparkline(props: {
  /** The weekly values, oldest first (a series' points or a summary's). */
  series: Array<{ value: number | null }>;
  /** The width before the container is measured (all a test without layout sees). */
  initialWidth?: number;
  height?: number;
}) {
  const { series, initialWidth = 140, height = 32 } = props;
  const theme = useTheme();
  if (series.every(p => p.value === null)) return null;
  return (
    <div data-testid="sparkline" aria-label={`${series.length} weekly values`}>
      <FluidChart height={height} initialWidth={initialWidth}>
        <LineChart data={series}>
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
      </FluidChart>
    </div>
  );
}

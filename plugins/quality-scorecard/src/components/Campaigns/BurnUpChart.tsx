import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core';
import type { CampaignDay } from '@shewhart/plugin-quality-scorecard-common';
import { FluidChart } from '../FluidChart';
import { formatShortWeek } from '../format';
import { formatCount } from '../locale';
import { burnUpPoints } from './burnUp';
import { formatDay } from './campaignFormat';

export const BURN_UP_LINES = {
  meeting: 'Meeting the target',
  meetingOrExempted: 'Meeting or exempted',
  target: 'Target line',
} as const;

/**
 * A campaign's burn-up: entities meeting the target per day, meeting or
 * exempted per day, and the straight line to every entity in scope on the
 * due date; the x-axis runs to the due date.
 */
export function BurnUpChart(props: {
  campaignId: string;
  startDate: string;
  dueDate: string;
  series: CampaignDay[];
  /** The width until the container is measured (all a test without layout sees). */
  initialWidth?: number;
}) {
  const { campaignId, startDate, dueDate, series, initialWidth = 860 } = props;
  const theme = useTheme();
  const points = burnUpPoints({ startDate, dueDate, series });
  const format = (v: unknown) => (typeof v === 'number' ? formatCount(v) : '—');
  return (
    <div
      data-testid={`campaign-burnup-${campaignId}`}
      data-points={points.length}
      data-days={series.length}
      aria-label={`Burn-up chart of ${points.length} days, ${series.length} of them so far`}
    >
      <FluidChart height={260} initialWidth={initialWidth} minWidth={480}>
        <LineChart
          data={points}
          margin={{ top: 16, right: 24, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="date"
            tick={{ fontSize: 11 }}
            tickFormatter={(date: string) => formatShortWeek(date)}
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={48} />
          <Tooltip
            formatter={format}
            labelFormatter={(date: string) => formatDay(date)}
          />
          <Legend />
          <Line
            name={BURN_UP_LINES.target}
            dataKey="target"
            stroke={theme.palette.text.secondary}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            name={BURN_UP_LINES.meetingOrExempted}
            dataKey="meetingOrExempted"
            type="stepAfter"
            stroke={theme.palette.warning.main}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            name={BURN_UP_LINES.meeting}
            dataKey="meeting"
            type="stepAfter"
            stroke={theme.palette.success.main}
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </FluidChart>
    </div>
  );
}

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
  ResponsiveContainer,
} from 'recharts';
import { Box, Chip, Typography, useTheme } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  MetricId,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import type { TileMetric } from '../shownMetrics';
import { formatMetricValue } from '../format';
import { FLOW_PARTS, flowWeeks, formatHours } from './prFlowData';

/** The parts' colours, from the theme, in the order of a PR's life. */
export function useFlowColours(): string[] {
  const theme = useTheme();
  return [
    theme.palette.info.main,
    theme.palette.warning.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
  ];
}

/** The four parts as bars of one stack, in the order of a PR's life. */
export function flowBars(colours: string[]) {
  return FLOW_PARTS.map((part, i) => (
    <Bar
      key={part.id}
      dataKey={part.id}
      name={part.title}
      stackId="flow"
      fill={colours[i]}
      isAnimationActive={false}
    />
  ));
}

/**
 * Where the time goes: each week's median coding, pickup, review and deploy
 * time as one stacked bar, beside lead time's weekly median, with the
 * window's median and n of each part. A part opens its control chart.
 */
export function PrFlowCard(props: {
  metrics: TileMetric[];
  onOpen?: (id: MetricId) => void;
}) {
  const { metrics, onOpen } = props;
  const colours = useFlowColours();
  const theme = useTheme();
  const byId = new Map(metrics.map(m => [m.id, m]));
  const weeks = flowWeeks(metrics);
  return (
    <InfoCard
      title="Where the time goes"
      subheader="Median coding, pickup, review and deploy time of each week's PRs, beside lead time; medians of parts need not add up to the median of the whole"
    >
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
        {FLOW_PARTS.map((part, i) => {
          const m = byId.get(part.id);
          return (
            <Chip
              key={part.id}
              data-testid={`flow-part-${part.id}`}
              clickable={Boolean(onOpen)}
              onClick={onOpen ? () => onOpen(part.id) : undefined}
              style={{ borderColor: colours[i] }}
              variant="outlined"
              label={`${part.title}: ${formatMetricValue(
                getMetricDefinition(part.id),
                m?.value ?? null,
              )} (n = ${m?.n ?? 0})`}
            />
          );
        })}
      </Box>
      <div data-testid="flow-chart">
        {/* Follows the card's width; the initial size is what a test (no layout) renders. */}
        <ResponsiveContainer
          width="100%"
          height={260}
          minWidth={480}
          initialDimension={{ width: 860, height: 260 }}
        >
          <ComposedChart data={weeks}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis
              tickFormatter={(h: number) => `${Math.round(h)} h`}
              width={56}
            />
            <Tooltip formatter={formatHours} />
            <Legend />
            {flowBars(colours)}
            <Line
              dataKey="leadTime"
              name="Lead time"
              stroke={theme.palette.text.primary}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Typography variant="caption" color="textSecondary">
        Bars: PRs merged that week (deploy time: deployments finished that week,
        as lead time counts them). Definitions in docs/metrics.md.
      </Typography>
    </InfoCard>
  );
}

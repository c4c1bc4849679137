import { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Box, Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  METRIC_DEFINITIONS,
  MetricId,
  MetricPerspective,
  PR_FLOW_METRIC_IDS,
  ScorecardSummaryResponse,
  getMetricDefinition,
  metricWithChart,
} from '@shewhart/plugin-quality-scorecard-common';
import { useMetricChart } from '../../hooks';
import { shownMetrics } from '../shownMetrics';
import { PrFlowCard, hasFlowData } from '../PrFlow';
import { AiPolicyBlock } from '../AiPolicyBlock';
import { ControlChartDialog } from '../ControlChart';
import { DemoDataLabel } from '../DemoDataLabel';
import { MetricTile } from '../MetricTile';
import { SignalSummary } from '../SignalSummary';
import { WindowSelect } from '../WindowSelect';
import { formatWeek } from '../format';

const PERSPECTIVES: Array<{
  id: MetricPerspective;
  title: string;
  subheader: string;
}> = [
  {
    id: 'speed',
    title: 'Speed',
    subheader:
      'How fast changes reach production; each tile names its counterweight (↔), what the speed costs',
  },
  {
    id: 'stability',
    title: 'Stability',
    subheader: 'What the speed costs in production',
  },
  {
    id: 'quality',
    title: 'Quality',
    subheader: 'Reverts, bugs and review discipline',
  },
  {
    id: 'ai',
    title: 'AI',
    subheader: 'How much of the work is AI-assisted, and under which rules',
  },
];

/** A perspective's tiles: its metrics but the PR flow parts, which the flow card shows. */
function tileDefinitions(perspective: MetricPerspective) {
  return METRIC_DEFINITIONS.filter(
    d =>
      d.perspective === perspective &&
      !(PR_FLOW_METRIC_IDS as readonly string[]).includes(d.id),
  );
}

/** The window picker, the demo label and the window's dates. */
export function ScorecardToolbar(props: {
  days: number;
  onDaysChange: (days: number) => void;
  window?: { from: string; to: string };
  demo?: boolean;
  children?: ReactNode;
}) {
  const { days, onDaysChange, window, demo, children } = props;
  return (
    <Box
      display="flex"
      alignItems="flex-end"
      flexWrap="wrap"
      style={{ gap: 16 }}
    >
      <WindowSelect days={days} onChange={onDaysChange} />
      {window && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="window-dates"
        >
          {formatWeek(window.from)} to {formatWeek(window.to)}
        </Typography>
      )}
      {children}
      {demo && <DemoDataLabel />}
    </Box>
  );
}

/**
 * The balanced scorecard: four perspectives of metric tiles, the current
 * signals, the AI block, and a control chart behind every tile, read when
 * it is opened.
 */
export function ScorecardView(props: {
  /** The summary view: tiles, signals and sparklines; charts are read on opening. */
  scorecard: ScorecardSummaryResponse;
  days: number;
  onDaysChange: (days: number) => void;
  /**
   * On an entity's own scorecard: reload it after a new baseline. Without it
   * (an owner's roll-up) the charts offer no "Start a new baseline".
   */
  onBaselineStarted?: () => void;
}) {
  const { scorecard, days, onDaysChange, onBaselineStarted } = props;
  // The open chart lives in the URL (?metric=<id>), so a notification can
  // link straight to it and the back button closes it.
  const [searchParams, setSearchParams] = useSearchParams();
  const open = (searchParams.get('metric') ?? undefined) as
    | MetricId
    | undefined;
  const setOpen = (id: MetricId | undefined) => {
    setSearchParams(
      previous => {
        const next = new URLSearchParams(previous);
        if (id) next.set('metric', id);
        else next.delete('metric');
        return next;
      },
      { replace: !id },
    );
  };
  const metrics = shownMetrics(scorecard);
  const byId = new Map(metrics.map(m => [m.id, m]));
  const openDefinition = METRIC_DEFINITIONS.find(d => d.id === open);
  const openSummary = open
    ? scorecard.metrics.find(m => m.id === open)
    : undefined;
  const chart = useMetricChart(scorecard, openSummary?.id);
  // The open metric's chart once read (while a reload reads it again, the
  // chart read before stays; another metric's is never shown).
  const openMetric =
    openSummary && chart.value?.metric === openSummary.id
      ? metricWithChart(openSummary, chart.value)
      : undefined;
  return (
    <Grid container spacing={2} data-testid="quality-scorecard">
      <Grid item xs={12}>
        <ScorecardToolbar
          days={days}
          onDaysChange={onDaysChange}
          window={scorecard.window}
          demo={scorecard.demo}
        >
          {scorecard.entities && (
            <Typography variant="body2" color="textSecondary">
              rolled up over {scorecard.entities.length} entities
            </Typography>
          )}
        </ScorecardToolbar>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="What changed"
          subheader="Control-chart signals of the last four weeks"
        >
          <SignalSummary metrics={metrics} onOpen={setOpen} />
        </InfoCard>
      </Grid>
      {PERSPECTIVES.map(p => (
        <Grid item xs={12} lg={6} key={p.id}>
          <InfoCard title={p.title} subheader={p.subheader}>
            <Grid container spacing={1} data-testid={`perspective-${p.id}`}>
              {tileDefinitions(p.id).map(d => {
                const metric = byId.get(d.id);
                if (!metric) return null;
                const other = d.counterweight && byId.get(d.counterweight);
                return (
                  <Grid item xs={12} sm={6} key={d.id}>
                    <MetricTile
                      definition={d}
                      metric={metric}
                      onOpen={() => setOpen(d.id)}
                      counterweight={
                        other
                          ? {
                              definition: getMetricDefinition(other.id),
                              metric: other,
                            }
                          : undefined
                      }
                    />
                  </Grid>
                );
              })}
            </Grid>
          </InfoCard>
        </Grid>
      ))}
      {hasFlowData(metrics) && (
        <Grid item xs={12}>
          <PrFlowCard metrics={metrics} onOpen={setOpen} />
        </Grid>
      )}
      <Grid item xs={12}>
        <AiPolicyBlock scorecard={scorecard} />
      </Grid>
      {openDefinition && openSummary && (
        <ControlChartDialog
          open
          definition={openDefinition}
          metric={openMetric}
          error={chart.error}
          onClose={() => setOpen(undefined)}
          baselines={
            onBaselineStarted && !scorecard.entities
              ? {
                  entityRef: scorecard.entityRef,
                  onStarted: onBaselineStarted,
                }
              : undefined
          }
        />
      )}
    </Grid>
  );
}

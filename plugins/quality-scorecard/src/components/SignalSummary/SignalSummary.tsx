import { useState } from 'react';
import { Box, Link, Typography, makeStyles } from '@material-ui/core';
import {
  METRIC_DEFINITIONS,
  MetricDefinition,
  MetricId,
} from '@shewhart/plugin-quality-scorecard-common';
import type { TileMetric } from '../shownMetrics';
import {
  SignalExplanation,
  bySeverity,
  mostSevereCurrentSignal,
} from '../signals';

const useStyles = makeStyles(theme => ({
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  row: { marginBottom: theme.spacing(0.5) },
}));

/** How many signals "What changed" shows before "Show all". */
const SHOWN_BY_DEFAULT = 3;

/**
 * The most severe current signal of each metric, most severe first: shifts
 * for the worse before those for the better, then by the strength of the
 * evidence, then the latest.
 */
export function currentSignalsBySeverity(
  metrics: TileMetric[],
  only?: ReadonlyArray<MetricId>,
): Array<{ definition: MetricDefinition; explained: SignalExplanation }> {
  const byId = new Map(metrics.map(m => [m.id, m]));
  return METRIC_DEFINITIONS.filter(d => !only || only.includes(d.id))
    .flatMap(definition => {
      const metric = byId.get(definition.id);
      const explained = metric && mostSevereCurrentSignal(definition, metric);
      return explained ? [{ definition, explained }] : [];
    })
    .sort((a, b) => bySeverity(a.explained, b.explained));
}

/**
 * "What changed": each metric whose control chart signals a shift right now,
 * one line each, the most severe three first and the rest behind "Show all".
 */
export function SignalSummary(props: {
  metrics: TileMetric[];
  only?: ReadonlyArray<MetricId>;
  onOpen?: (id: MetricId) => void;
  /**
   * Show at most this many and say how many more the Quality tab has (for a
   * card away from the tab); without it, the rest are behind "Show all".
   */
  limit?: number;
}) {
  const { metrics, only, onOpen, limit } = props;
  const classes = useStyles();
  const [showAll, setShowAll] = useState(false);
  const all = currentSignalsBySeverity(metrics, only);
  let shown = all;
  if (limit !== undefined) shown = all.slice(0, limit);
  else if (!showAll) shown = all.slice(0, SHOWN_BY_DEFAULT);
  const hidden = all.length - shown.length;
  if (all.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-current-signals">
        No control-chart signal in the last four weeks: every change is within
        the noise of the process.
      </Typography>
    );
  }
  return (
    <Box data-testid="current-signals">
      {shown.map(({ definition, explained }) => (
        <Typography
          key={definition.id}
          variant="body2"
          className={classes.row}
          data-testid={`current-signal-${definition.id}`}
          data-tone={explained.tone}
        >
          {onOpen ? (
            <Link
              component="button"
              variant="body2"
              className={classes[explained.tone]}
              onClick={() => onOpen(definition.id)}
              style={{ fontWeight: 600, verticalAlign: 'baseline' }}
            >
              {definition.title}
            </Link>
          ) : (
            <strong className={classes[explained.tone]}>
              {definition.title}
            </strong>
          )}
          : {explained.sentence}, {explained.verdict}.
        </Typography>
      ))}
      {limit !== undefined && hidden > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="more-signals"
        >
          and {hidden} more on the Quality tab
        </Typography>
      )}
      {limit === undefined && all.length > SHOWN_BY_DEFAULT && (
        <Link
          component="button"
          variant="body2"
          onClick={() => setShowAll(!showAll)}
          aria-expanded={showAll}
          data-testid="show-all-signals"
        >
          {showAll ? 'Show fewer' : `Show all (${all.length})`}
        </Link>
      )}
    </Box>
  );
}

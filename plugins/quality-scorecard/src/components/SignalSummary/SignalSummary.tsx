import { Box, Link, Typography, makeStyles } from '@material-ui/core';
import {
  METRIC_DEFINITIONS,
  MetricDefinition,
  MetricId,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { SignalExplanation, currentSignals, explainSignal } from '../signals';

const useStyles = makeStyles(theme => ({
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  row: { marginBottom: theme.spacing(0.5) },
}));

/** The latest current signal of each metric, worst news first. */
export function latestSignals(
  metrics: MetricValue[],
  only?: ReadonlyArray<MetricId>,
): Array<{ definition: MetricDefinition; explained: SignalExplanation }> {
  const byId = new Map(metrics.map(m => [m.id, m]));
  return METRIC_DEFINITIONS.filter(d => !only || only.includes(d.id))
    .flatMap(definition => {
      const metric = byId.get(definition.id);
      const latest = metric && currentSignals(metric)[0];
      return latest
        ? [{ definition, explained: explainSignal(definition, latest) }]
        : [];
    })
    .sort(
      (a, b) =>
        Number(a.explained.tone === 'good') -
        Number(b.explained.tone === 'good'),
    );
}

/** "What changed": each metric whose control chart signals a shift right now. */
export function SignalSummary(props: {
  metrics: MetricValue[];
  only?: ReadonlyArray<MetricId>;
  onOpen?: (id: MetricId) => void;
  /** Show at most this many, worst news first, and say how many more there are. */
  limit?: number;
}) {
  const { metrics, only, onOpen, limit } = props;
  const classes = useStyles();
  const all = latestSignals(metrics, only);
  const signals = limit === undefined ? all : all.slice(0, limit);
  const more = all.length - signals.length;
  if (signals.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-current-signals">
        No control-chart signal in the last four weeks: every change is within
        the noise of the process.
      </Typography>
    );
  }
  return (
    <Box data-testid="current-signals">
      {signals.map(({ definition, explained }) => (
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
      {more > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="more-signals"
        >
          and {more} more on the Quality tab
        </Typography>
      )}
    </Box>
  );
}

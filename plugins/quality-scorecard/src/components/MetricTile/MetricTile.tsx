import { Box, Chip, Link, Tooltip, Typography, makeStyles } from '@material-ui/core';
import type {
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { deltaTone, formatDelta, formatMetricValue } from '../format';

const useStyles = makeStyles(theme => ({
  tile: {
    padding: theme.spacing(2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    height: '100%',
  },
  muted: { opacity: 0.55 },
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
}));

/** One metric of the balanced scorecard: value, band, change, sample size. */
export function MetricTile(props: {
  definition: MetricDefinition;
  metric: MetricValue;
  onOpen?: () => void;
}) {
  const { definition, metric, onOpen } = props;
  const classes = useStyles();
  const small = metric.flags.includes('small-sample');
  const tone = deltaTone(definition, metric.delta);
  return (
    <Box
      className={`${classes.tile} ${small ? classes.muted : ''}`}
      data-testid={`metric-tile-${definition.id}`}
      onClick={onOpen}
      style={{ cursor: onOpen ? 'pointer' : undefined }}
    >
      <Typography variant="subtitle2">
        <Link href={definition.definitionUrl} title={definition.description}>
          {definition.title}
        </Link>
      </Typography>
      <Typography variant="h5" data-testid={`metric-value-${definition.id}`}>
        {formatMetricValue(definition, metric.value)}
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        {metric.band && <Chip size="small" label={metric.band} />}
        <Typography variant="body2" className={classes[tone]}>
          {formatDelta(definition, metric)}
        </Typography>
      </Box>
      <Typography variant="caption" color="textSecondary">
        n = {metric.n}
        {small && (
          <Tooltip title="Too few samples in this window for a reliable value">
            <span> · small sample</span>
          </Tooltip>
        )}
      </Typography>
    </Box>
  );
}

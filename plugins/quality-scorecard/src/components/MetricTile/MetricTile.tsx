import { KeyboardEvent } from 'react';
import { Box, Chip, Tooltip, Typography, makeStyles } from '@material-ui/core';
import type { MetricDefinition } from '@shewhart/plugin-quality-scorecard-common';
import { DefinitionLink } from '../DefinitionLink';
import { Sparkline } from '../Sparkline';
import { bandTone, deltaTone, formatDelta, formatMetricValue } from '../format';
import { mostSevereCurrentSignal } from '../signals';
import { TileMetric, weeklyPoints } from '../shownMetrics';

const useStyles = makeStyles(theme => ({
  tile: {
    padding: theme.spacing(1.5, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    height: '100%',
    '&:hover, &:focus': {
      borderColor: theme.palette.primary.main,
      outline: 'none',
    },
  },
  muted: { opacity: 0.55 },
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
  chip_good: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  chip_bad: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  chip_neutral: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

/** Why a value is greyed out, in words; undefined when it is not. */
export function sampleNote(
  metric: Pick<TileMetric, 'flags' | 'n'>,
): string | undefined {
  if (metric.flags.includes('no-data') || metric.n === 0) {
    return 'no data in this window';
  }
  if (metric.flags.includes('small-sample')) {
    return `small sample (n = ${metric.n}): too few for a reliable value`;
  }
  return undefined;
}

/** The band chip's tooltip: the edition and what it publishes for the band. */
export function bandTitle(
  definition: MetricDefinition,
  metric: Pick<TileMetric, 'band' | 'bandEdition'>,
): string {
  const edition = metric.bandEdition ?? definition.bands?.edition ?? 'DORA';
  const range = definition.bands?.ranges.find(r => r.band === metric.band);
  return `${edition} ${metric.band} cluster${
    range ? `: ${range.published}` : ''
  }`;
}

/**
 * One metric of the balanced scorecard: value, DORA band, change against the
 * previous window coloured by the metric's direction, weekly sparkline, n.
 * Clicking it opens the control chart.
 */
export function MetricTile(props: {
  /** The summary view's metric (the tab's first paint) or the full view's. */
  definition: MetricDefinition;
  metric: TileMetric;
  onOpen?: () => void;
  /** A speed metric's counterweight, shown beside it: what the speed costs. */
  counterweight?: { definition: MetricDefinition; metric: TileMetric };
}) {
  const { definition, metric, onOpen, counterweight } = props;
  const classes = useStyles();
  const note = sampleNote(metric);
  const tone = deltaTone(definition, metric.delta);
  const delta = formatDelta(definition, metric);
  // the same signal "What changed" lists for this metric
  const latest = mostSevereCurrentSignal(definition, metric);
  const onKeyDown = (e: KeyboardEvent) => {
    if (onOpen && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <Box
      className={`${classes.tile} ${note ? classes.muted : ''}`}
      data-testid={`metric-tile-${definition.id}`}
      data-muted={note ? 'true' : 'false'}
      onClick={onOpen}
      onKeyDown={onKeyDown}
      role={onOpen ? 'button' : undefined}
      tabIndex={onOpen ? 0 : undefined}
      aria-label={
        onOpen ? `${definition.title}: open control chart` : undefined
      }
      style={{ cursor: onOpen ? 'pointer' : undefined }}
    >
      <Typography variant="subtitle2">
        <DefinitionLink definition={definition} />
      </Typography>
      <Box
        display="flex"
        alignItems="baseline"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h5" data-testid={`metric-value-${definition.id}`}>
          {formatMetricValue(definition, metric.value)}
        </Typography>
        {metric.band && (
          <Tooltip title={bandTitle(definition, metric)}>
            <Chip
              size="small"
              label={metric.band}
              className={classes[`chip_${bandTone(metric.band)}` as const]}
              data-testid={`metric-band-${definition.id}`}
            />
          </Tooltip>
        )}
      </Box>
      {delta && (
        <Typography
          variant="body2"
          className={classes[tone]}
          data-testid={`metric-delta-${definition.id}`}
          data-tone={tone}
        >
          {delta} vs previous window
        </Typography>
      )}
      {counterweight && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid={`metric-counterweight-${definition.id}`}
        >
          ↔ {counterweight.definition.title}:{' '}
          {formatMetricValue(
            counterweight.definition,
            counterweight.metric.value,
          )}
        </Typography>
      )}
      <Sparkline series={weeklyPoints(metric)} />
      <Typography
        variant="caption"
        color="textSecondary"
        component="div"
        data-testid={`metric-n-${definition.id}`}
      >
        n = {metric.n}
        {note && ` · ${note}`}
      </Typography>
      {latest && (
        <Typography
          variant="caption"
          component="div"
          className={classes[latest.tone]}
          data-testid={`metric-signal-${definition.id}`}
        >
          Signal: {latest.sentence}
        </Typography>
      )}
    </Box>
  );
}

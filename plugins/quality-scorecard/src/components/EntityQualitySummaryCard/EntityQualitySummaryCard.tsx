import { Box, Grid, Typography, makeStyles } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  HEADLINE_METRIC_IDS,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { useScorecard } from '../../hooks';
import { DefinitionLink } from '../DefinitionLink';
import { DemoDataLabel } from '../DemoDataLabel';
import { isOwnerEntity } from '../EntityQualityContent';
import { hasNoData } from '../NoQualityData';
import { SignalSummary } from '../SignalSummary';
import { shownMetrics } from '../shownMetrics';
import { deltaTone, formatDelta, formatMetricValue } from '../format';

const useStyles = makeStyles(theme => ({
  muted: { opacity: 0.55 },
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
}));

/** Headline metrics of the last 28 days and any current control-chart signal. */
export function EntityQualitySummaryCard() {
  const { entity } = useEntity();
  const classes = useStyles();
  const scope = isOwnerEntity(entity) ? 'owner' : 'entity';
  const { value, loading, error } = useScorecard(
    stringifyEntityRef(entity),
    scope,
    28,
  );
  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || hasNoData(value.metrics)) {
    body = (
      <Typography variant="body2" data-testid="summary-no-data">
        No quality data yet. Add the annotations github.com/project-slug (or
        gitlab.com/project-slug) and pagerduty.com/service-id and connect the
        webhooks; the Quality tab shows how.
      </Typography>
    );
  } else {
    const byId = new Map(value.metrics.map(m => [m.id, m]));
    body = (
      <Box data-testid="quality-summary">
        <Grid container spacing={1}>
          {HEADLINE_METRIC_IDS.map(id => {
            const definition = getMetricDefinition(id);
            const metric = byId.get(id);
            if (!metric) return null;
            const small =
              metric.flags.includes('small-sample') || metric.n === 0;
            const tone = deltaTone(definition, metric.delta);
            return (
              <Grid
                item
                xs={6}
                key={id}
                className={small ? classes.muted : undefined}
                data-testid={`summary-${id}`}
              >
                <Typography variant="caption" component="div">
                  <DefinitionLink definition={definition} />
                </Typography>
                <Typography variant="subtitle1" component="span">
                  {formatMetricValue(definition, metric.value)}
                </Typography>{' '}
                <Typography
                  variant="caption"
                  component="span"
                  className={classes[tone]}
                  data-tone={tone}
                >
                  {formatDelta(definition, metric)}
                </Typography>
                {metric.band && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    {' '}
                    · {metric.band}
                  </Typography>
                )}
              </Grid>
            );
          })}
        </Grid>
        <Box mt={2}>
          <Typography variant="subtitle2" gutterBottom>
            Current signals
          </Typography>
          <SignalSummary metrics={shownMetrics(value)} limit={3} />
        </Box>
        {value.demo && (
          <Box mt={1}>
            <DemoDataLabel />
          </Box>
        )}
      </Box>
    );
  }
  return (
    <InfoCard
      title="Quality"
      subheader="Last 28 days; the Quality tab has the charts"
    >
      {body}
    </InfoCard>
  );
}

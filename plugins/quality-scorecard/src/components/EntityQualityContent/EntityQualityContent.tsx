import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Grid, MenuItem, Select, Typography } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  METRIC_DEFINITIONS,
  MetricPerspective,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { MetricTile } from '../MetricTile';

const PERSPECTIVES: Array<{ id: MetricPerspective; title: string }> = [
  { id: 'speed', title: 'Speed' },
  { id: 'stability', title: 'Stability' },
  { id: 'quality', title: 'Quality' },
  { id: 'ai', title: 'AI' },
];

const WINDOWS = [28, 90, 180];

/** The Quality tab: the balanced scorecard of one entity. */
export function EntityQualityContent() {
  const { entity } = useEntity();
  const api = useApi(qualityScorecardApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [days, setDays] = useState(28);
  const { value, loading, error } = useAsync(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86400_000);
    const isOwner = entity.kind.toLowerCase() === 'group' || entity.kind.toLowerCase() === 'user';
    const window = { from: from.toISOString(), to: to.toISOString() };
    return isOwner
      ? api.getOwnerScorecard(entityRef, window)
      : api.getEntityScorecard(entityRef, window);
  }, [api, entityRef, days]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.metrics.every(m => m.n === 0)) {
    return (
      <EmptyState
        missing="data"
        title="No quality data yet"
        description="Connect GitHub (annotation github.com/project-slug: owner/repo, then a webhook to /api/quality-scorecard/webhooks/github) or PagerDuty (annotation pagerduty.com/service-id), or push events to /api/quality-scorecard/events."
      />
    );
  }
  const byId = new Map(value.metrics.map(m => [m.id, m]));
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Typography variant="body2" component="span">
          Window:{' '}
        </Typography>
        <Select
          value={days}
          onChange={e => setDays(Number(e.target.value))}
          data-testid="window-select"
        >
          {WINDOWS.map(d => (
            <MenuItem key={d} value={d}>
              {d} days
            </MenuItem>
          ))}
        </Select>
        {value.demo && (
          <Typography variant="caption" color="textSecondary" style={{ marginLeft: 16 }}>
            Demo data
          </Typography>
        )}
      </Grid>
      {PERSPECTIVES.map(p => (
        <Grid item xs={12} md={6} key={p.id}>
          <InfoCard title={p.title}>
            <Grid container spacing={1}>
              {METRIC_DEFINITIONS.filter(d => d.perspective === p.id).map(d => {
                const metric = byId.get(d.id);
                return metric ? (
                  <Grid item xs={12} sm={6} key={d.id}>
                    <MetricTile definition={d} metric={metric} />
                  </Grid>
                ) : null;
              })}
            </Grid>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}

import { useState } from 'react';
import {
  FormControl,
  Grid,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
} from '@material-ui/core';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  HEADLINE_METRIC_IDS,
  MetricId,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { useOverview } from '../../hooks';
import { CampaignsOverview } from '../Campaigns';
import { OverviewChecksBlock } from '../Checks';
import { ComplianceHeatmap } from '../ComplianceHeatmap';
import { HeadlineTable } from '../HeadlineTable';
import { ScorecardToolbar } from '../ScorecardView';

/** Every group ranked by the headline metrics, and the compliance heat map. */
export function QualityOverviewContent() {
  const [days, setDays] = useState(28);
  const [rankBy, setRankBy] = useState<MetricId>('change_failure_rate');
  const { value, loading, error } = useOverview(days);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.groups.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No groups yet"
        description="The overview ranks the catalog's groups by what their entities send. Add Group entities that own components, then connect GitHub or GitLab and PagerDuty (annotations github.com/project-slug or gitlab.com/project-slug, and pagerduty.com/service-id)."
      />
    );
  }
  return (
    <Grid
      container
      spacing={2}
      data-testid="quality-overview"
      data-loading={loading ? 'true' : 'false'}
    >
      <Grid item xs={12}>
        {loading && <LinearProgress />}
        <ScorecardToolbar
          days={days}
          onDaysChange={setDays}
          window={value.window}
          demo={value.demo}
        >
          <FormControl size="small" style={{ minWidth: 220 }}>
            <InputLabel id="quality-rank-label">Rank by</InputLabel>
            <Select
              labelId="quality-rank-label"
              value={rankBy}
              onChange={e => setRankBy(e.target.value as MetricId)}
              data-testid="rank-select"
            >
              {HEADLINE_METRIC_IDS.map(id => (
                <MenuItem key={id} value={id}>
                  {getMetricDefinition(id).title}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </ScorecardToolbar>
      </Grid>
      <Grid item xs={12}>
        <HeadlineTable
          title="Groups"
          nameTitle="Group"
          rows={value.groups}
          rankBy={rankBy}
          csvFilename="quality-overview.csv"
          showParent
          showEntities
        />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="AI review policy compliance by week"
          subheader="Share of merged PRs under an AI review policy that passed every rule; pale cells have fewer than 5 PRs"
        >
          <ComplianceHeatmap groups={value.groups} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <CampaignsOverview />
      </Grid>
      <Grid item xs={12}>
        <OverviewChecksBlock />
      </Grid>
    </Grid>
  );
}

/** The platform overview page, with its own header (legacy apps, noHeader pages). */
export function QualityOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Quality overview"
        subtitle="Every team's balanced scorecard, side by side"
      />
      <Content>
        <QualityOverviewContent />
      </Content>
    </Page>
  );
}

import { Box, Grid, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  CampaignSummary,
  CheckDefinitionsResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { CsvExportButton } from '../CsvExport';
import { useCheckDefinitions } from '../Checks/useChecks';
import { BurnUpChart } from './BurnUpChart';
import { orderCampaigns } from './burnUp';
import { CampaignHeading } from './CampaignParts';
import { CampaignOwnersTable } from './CampaignOwnersTable';
import { campaignOwnersCsv, campaignSeriesCsv } from './campaignCsv';
import { countsLine, formatDay } from './campaignFormat';
import { useCampaignDetail, useCampaignList } from './useCampaigns';

/** One campaign of the overview: its counts, burn-up chart, ranked owners and CSV exports. */
function CampaignOverviewCard(props: {
  campaign: CampaignSummary;
  definitions?: CheckDefinitionsResponse;
}) {
  const { campaign, definitions } = props;
  const detail = useCampaignDetail(campaign.id);
  const summary = detail.value?.campaign ?? campaign;
  return (
    <InfoCard title={campaign.title} subheader={campaign.description}>
      <div data-testid={`overview-campaign-${campaign.id}`}>
        <CampaignHeading
          campaign={summary}
          definitions={definitions}
          done={summary.progress.notMeeting === 0}
          hideTitle
        />
        <Typography
          variant="body2"
          style={{ marginTop: 8 }}
          data-testid={`overview-counts-${campaign.id}`}
        >
          {countsLine(summary.progress)}
        </Typography>
        {detail.loading && <Progress />}
        {detail.error && (
          <ResponseErrorPanel
            error={detail.error}
            title={`Could not load the progress of ${campaign.title}`}
          />
        )}
        {detail.value && detail.value.series.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No progress yet: the campaign starts on{' '}
            {formatDay(summary.startDate)}.
          </Typography>
        )}
        {detail.value && detail.value.series.length > 0 && (
          <Box mt={2}>
            <BurnUpChart
              campaignId={campaign.id}
              startDate={summary.startDate}
              dueDate={summary.dueDate}
              series={detail.value.series}
            />
          </Box>
        )}
        {detail.value && detail.value.owners.length > 0 && (
          <Box mt={2} overflow="auto">
            <Typography variant="subtitle2">Owners</Typography>
            <CampaignOwnersTable
              campaignId={campaign.id}
              owners={detail.value.owners}
            />
          </Box>
        )}
        {detail.value && detail.value.series.length > 0 && (
          <Box mt={2} display="flex" style={{ gap: 8 }}>
            <CsvExportButton
              filename={`campaign-${campaign.id}-owners.csv`}
              label="Export owners"
              csv={() => campaignOwnersCsv(detail.value!.owners)}
            />
            <CsvExportButton
              filename={`campaign-${campaign.id}-daily.csv`}
              label="Export daily series"
              csv={() =>
                campaignSeriesCsv({
                  startDate: summary.startDate,
                  dueDate: summary.dueDate,
                  series: detail.value!.series,
                })
              }
            />
          </Box>
        )}
      </div>
    </InfoCard>
  );
}

/**
 * The overview's campaigns: each one (active, then scheduled, then closed)
 * with its burn-up chart, ranked owners and CSV exports. Hidden when there
 * is no campaign.
 */
export function CampaignsOverview() {
  const list = useCampaignList();
  const definitions = useCheckDefinitions();
  if (list.loading) return <Progress />;
  if (list.error) {
    return (
      <ResponseErrorPanel
        error={list.error}
        title="Could not load the campaigns"
      />
    );
  }
  const campaigns = orderCampaigns(list.value?.items ?? []);
  if (campaigns.length === 0) return null;
  return (
    <Grid container spacing={2} data-testid="campaigns-overview">
      <Grid item xs={12}>
        <Typography variant="h5">Campaigns</Typography>
      </Grid>
      {campaigns.map(c => (
        <Grid item xs={12} key={c.id}>
          <CampaignOverviewCard campaign={c} definitions={definitions.value} />
        </Grid>
      ))}
    </Grid>
  );
}

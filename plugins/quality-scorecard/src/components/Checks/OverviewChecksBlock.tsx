import useAsync from 'react-use/esm/useAsync';
import { Grid } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { LevelInfo } from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { LevelDistributionTable } from './LevelDistributionTable';
import { PendingExemptions } from './PendingExemptions';
import { useCheckDefinitions, useExemptions } from './useChecks';

function OverviewChecks(props: { levels: LevelInfo[] }) {
  const api = useApi(qualityScorecardApiRef);
  const overview = useAsync(async () => api.getChecksOverview(), [api]);
  const pending = useExemptions({ status: 'pending' });
  if (overview.loading) return <Progress />;
  if (overview.error) {
    return (
      <ResponseErrorPanel
        error={overview.error}
        title="Could not load the level distribution"
      />
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard
          title="Levels by group"
          subheader="How many of each group's entities hold each level as their highest"
        >
          <LevelDistributionTable
            rows={overview.value?.groups ?? []}
            levels={props.levels}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Pending exemption requests">
          {pending.error && (
            <ResponseErrorPanel
              error={pending.error}
              title="Could not load the exemption requests"
            />
          )}
          {pending.value && (
            <PendingExemptions
              exemptions={pending.value.items}
              showEntity
              onDecided={() => pending.retry()}
            />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The overview page's checks part; hidden when no checks are configured. */
export function OverviewChecksBlock() {
  const definitions = useCheckDefinitions();
  if (!definitions.value || definitions.value.checks.length === 0) return null;
  return <OverviewChecks levels={definitions.value.levels} />;
}

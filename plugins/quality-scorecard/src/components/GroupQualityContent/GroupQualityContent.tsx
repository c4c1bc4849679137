import { useState } from 'react';
import { Grid, LinearProgress, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useOwnerBreakdown, useScorecard } from '../../hooks';
import { OwnerCampaignsCard } from '../Campaigns';
import { GroupChecksBlock } from '../Checks';
import { DemoDataLabel } from '../DemoDataLabel';
import { HeadlineTable } from '../HeadlineTable';
import { PrFlowByGroupChart } from '../PrFlow';
import { NoQualityData, hasNoData } from '../NoQualityData';
import { ScorecardToolbar, ScorecardView } from '../ScorecardView';

function Breakdown(props: { entityRef: string; days: number }) {
  const { entityRef, days } = props;
  const { value, loading, error } = useOwnerBreakdown(entityRef, days);
  if (loading && !value) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the services of this team"
      />
    );
  if (!value) return null;
  return (
    <Grid container spacing={2} data-testid="team-breakdown">
      {value.demo && (
        <Grid item xs={12}>
          <DemoDataLabel />
        </Grid>
      )}
      <Grid item xs={12}>
        {value.entities.length > 0 ? (
          <HeadlineTable
            title="Services"
            nameTitle="Entity"
            rows={value.entities}
            csvFilename="team-services.csv"
          />
        ) : (
          <InfoCard title="Services">
            <Typography variant="body2">
              This team owns no service, directly or through sub-groups.
            </Typography>
          </InfoCard>
        )}
      </Grid>
      {value.subGroups.length > 0 && (
        <Grid item xs={12}>
          <HeadlineTable
            title="Sub-groups"
            nameTitle="Group"
            rows={value.subGroups}
            csvFilename="team-sub-groups.csv"
            showEntities
          />
        </Grid>
      )}
      {value.subGroups.length > 0 && (
        <Grid item xs={12}>
          <PrFlowByGroupChart
            title="Where the time goes, by sub-group"
            rows={value.subGroups}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The team scorecard on a Group (or User) page: the owner's rolled-up
 * scorecard, its services and its sub-groups.
 */
export function GroupQualityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [days, setDays] = useState(28);
  const { value, loading, error } = useScorecard(entityRef, 'owner', days);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || hasNoData(value.metrics)) {
    return (
      <>
        {value && (
          <ScorecardToolbar
            days={days}
            onDaysChange={setDays}
            window={value.window}
            demo={value.demo}
          />
        )}
        <NoQualityData entity={entity} demo={value?.demo} />
      </>
    );
  }
  return (
    <div data-testid="team-quality" data-loading={loading ? 'true' : 'false'}>
      {loading && <LinearProgress />}
      <ScorecardView scorecard={value} days={days} onDaysChange={setDays} />
      <div style={{ marginTop: 16 }}>
        <Breakdown entityRef={entityRef} days={days} />
      </div>
      <div style={{ marginTop: 16 }}>
        <OwnerCampaignsCard entityRef={entityRef} />
      </div>
      <div style={{ marginTop: 16 }}>
        <GroupChecksBlock entityRef={entityRef} />
      </div>
    </div>
  );
}

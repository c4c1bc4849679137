import { useState } from 'react';
import { LinearProgress } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useScorecard } from '../../hooks';
import { EntityCampaignsCard } from '../Campaigns';
import { EntityChecksBlock } from '../Checks';
import { GroupQualityContent } from '../GroupQualityContent';
import { NoQualityData, hasNoData } from '../NoQualityData';
import { ScorecardToolbar, ScorecardView } from '../ScorecardView';
import { ScorecardHeader } from '../ScorecardHeader';
import { EntityEventsCard } from '../EntityEventsCard';

/** Whether an entity owns others: its scorecard is a roll-up. */
export function isOwnerEntity(entity: Entity) {
  const kind = entity.kind.toLowerCase();
  return kind === 'group' || kind === 'user';
}

function EntityScorecard(props: { entity: Entity }) {
  const { entity } = props;
  const entityRef = stringifyEntityRef(entity);
  const [days, setDays] = useState(28);
  const { value, loading, error, retry } = useScorecard(
    entityRef,
    'entity',
    days,
  );
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
        <div style={{ marginTop: 16 }}>
          <EntityCampaignsCard entityRef={entityRef} />
        </div>
        <div style={{ marginTop: 16 }}>
          <EntityChecksBlock entityRef={entityRef} />
        </div>
      </>
    );
  }
  return (
    <div data-testid="quality-tab" data-loading={loading ? 'true' : 'false'}>
      {loading && <LinearProgress />}
      <div style={{ marginBottom: 16 }}>
        <ScorecardHeader
          entity={entity}
          scorecard={value}
          onRefreshed={retry}
        />
      </div>
      <ScorecardView
        scorecard={value}
        days={days}
        onDaysChange={setDays}
        onBaselineStarted={retry}
      />
      <div style={{ marginTop: 16 }}>
        <EntityEventsCard entityRef={entityRef} window={value.window} />
      </div>
      <div style={{ marginTop: 16 }}>
        <EntityCampaignsCard entityRef={entityRef} />
      </div>
      <div style={{ marginTop: 16 }}>
        <EntityChecksBlock entityRef={entityRef} />
      </div>
    </div>
  );
}

/**
 * The Quality tab: the balanced scorecard of one entity. On a Group or User
 * page it shows the team scorecard (the owner's roll-up) instead.
 */
export function EntityQualityContent() {
  const { entity } = useEntity();
  if (isOwnerEntity(entity)) return <GroupQualityContent />;
  return <EntityScorecard entity={entity} />;
}

import { Fragment, useState } from 'react';
import { Box, Divider, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  type CampaignEntityProgress,
  type CampaignOpenCheck,
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardExemptionRequestPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { ExemptionRequestDialog } from '../Checks/ExemptionRequestDialog';
import { useCheckDefinitions } from '../Checks/useChecks';
import { CampaignHeading, StandingChip } from './CampaignParts';
import { OpenChecksTable } from './OpenChecksTable';
import { useEntityCampaigns } from './useCampaigns';

/** The link to a check's row on this tab (EntityChecksBlock highlights `?check=`). */
const sameTabLink = (checkId: string) =>
  `?check=${encodeURIComponent(checkId)}`;

/**
 * The Quality tab's campaigns: each campaign the entity is in, its target,
 * due date and days left, the entity's standing, the target checks it still
 * fails (linked to their rows in the checks block) and the exemption route.
 * Hidden when the entity is in no campaign.
 */
export function EntityCampaignsCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const memberships = useEntityCampaigns(entityRef);
  const definitions = useCheckDefinitions();
  // As the checks block: the basic permission and the one on this entity.
  const { allowed: mayRequest } = usePermission({
    permission: qualityScorecardExemptionRequestPermission,
  });
  const { allowed: mayRequestHere } = usePermission({
    permission: qualityScorecardEntityExemptionRequestPermission,
    resourceRef: entityRef,
  });
  const canRequest = mayRequest && mayRequestHere;
  const [requesting, setRequesting] = useState<
    { checks: CampaignOpenCheck[]; checkId: string } | undefined
  >();
  const [requested, setRequested] = useState(false);

  if (memberships.error) {
    return (
      <ResponseErrorPanel
        error={memberships.error}
        title="Could not load the campaigns of this entity"
      />
    );
  }
  const items = memberships.value?.items ?? [];
  if (items.length === 0) return null;

  return (
    <InfoCard
      title="Campaigns"
      subheader="Targets the platform team has set with a due date"
    >
      <div data-testid="entity-campaigns">
        {requested && (
          <Alert
            severity="success"
            onClose={() => setRequested(false)}
            data-testid="campaign-exemption-requested"
          >
            Exemption requested; a platform admin will review it.
          </Alert>
        )}
        {items.map(({ campaign, entities }, index) => {
          const mine: CampaignEntityProgress | undefined =
            entities.find(e => e.entityRef === entityRef) ?? entities[0];
          const open = mine?.open ?? [];
          const requestable = open.filter(c => c.status !== 'exempt');
          return (
            <Fragment key={campaign.id}>
              {index > 0 && <Divider style={{ margin: '16px 0' }} />}
              <Box data-testid={`entity-campaign-${campaign.id}`}>
                <CampaignHeading
                  campaign={campaign}
                  definitions={definitions.value}
                  done={mine?.standing !== 'not-meeting'}
                />
                {mine && (
                  <Box
                    display="flex"
                    alignItems="center"
                    style={{ gap: 8 }}
                    mt={1}
                  >
                    <Typography variant="body2">This entity:</Typography>
                    <StandingChip
                      standing={mine.standing}
                      testId={`campaign-standing-${campaign.id}`}
                    />
                  </Box>
                )}
                {open.length > 0 && (
                  <Box mt={1} overflow="auto">
                    <OpenChecksTable
                      campaign={campaign}
                      entityRef={entityRef}
                      open={open}
                      linkOf={sameTabLink}
                      onRequest={
                        canRequest && requestable.length > 0
                          ? checkId =>
                              setRequesting({ checks: requestable, checkId })
                          : undefined
                      }
                    />
                  </Box>
                )}
              </Box>
            </Fragment>
          );
        })}
        {requesting && (
          <ExemptionRequestDialog
            open
            entityRef={entityRef}
            checks={requesting.checks}
            initialCheckId={requesting.checkId}
            onClose={() => setRequesting(undefined)}
            onRequested={() => {
              setRequesting(undefined);
              setRequested(true);
            }}
          />
        )}
      </div>
    </InfoCard>
  );
}

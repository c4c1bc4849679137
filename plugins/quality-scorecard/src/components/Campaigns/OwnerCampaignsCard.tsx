import { Fragment } from 'react';
import {
  Box,
  Divider,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { CampaignHeading } from './CampaignParts';
import { checkLink, countStandings, countsLine } from './campaignFormat';
import { OpenChecksTable } from './OpenChecksTable';
import { useCheckDefinitions } from '../Checks/useChecks';
import { useOwnerCampaigns } from './useCampaigns';

/**
 * The team page's campaigns: each campaign that holds the team's entities,
 * how many of them meet the target, are exempted or do not, and the entities
 * that do not with the checks they still fail (linked to the check on their
 * Quality tab). Hidden when none of the team's entities is in a campaign.
 */
export function OwnerCampaignsCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const memberships = useOwnerCampaigns(entityRef);
  const definitions = useCheckDefinitions();
  const entityRoute = useRouteRef(entityRouteRef);
  if (memberships.error) {
    return (
      <ResponseErrorPanel
        error={memberships.error}
        title="Could not load the campaigns of this team"
      />
    );
  }
  const items = memberships.value?.items ?? [];
  if (items.length === 0) return null;
  return (
    <InfoCard
      title="Campaigns"
      subheader="Targets with a due date that the team's services are in"
    >
      <div data-testid="owner-campaigns">
        {items.map(({ campaign, entities }, index) => {
          const counts = countStandings(entities);
          const behind = entities.filter(e => e.standing === 'not-meeting');
          return (
            <Fragment key={campaign.id}>
              {index > 0 && <Divider style={{ margin: '16px 0' }} />}
              <Box data-testid={`owner-campaign-${campaign.id}`}>
                <CampaignHeading
                  campaign={campaign}
                  definitions={definitions.value}
                  done={counts.notMeeting === 0}
                />
                <Typography
                  variant="body2"
                  style={{ marginTop: 8 }}
                  data-testid={`owner-campaign-counts-${campaign.id}`}
                >
                  The team's services: {countsLine(counts)}
                </Typography>
                {behind.length > 0 ? (
                  <Box mt={1} overflow="auto">
                    <Table size="small">
                      <TableHead>
                        <TableRow>
                          <TableCell>Not meeting the target</TableCell>
                          <TableCell>Open checks</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {behind.map(e => (
                          <TableRow
                            key={e.entityRef}
                            data-testid={`owner-campaign-entity-${campaign.id}-${e.entityRef}`}
                          >
                            <TableCell style={{ verticalAlign: 'top' }}>
                              <EntityRefLink entityRef={e.entityRef} hideIcon />
                            </TableCell>
                            <TableCell>
                              <OpenChecksTable
                                campaign={campaign}
                                entityRef={e.entityRef}
                                open={e.open}
                                linkOf={checkId =>
                                  checkLink(
                                    entityRoute(entityRouteParams(e.entityRef)),
                                    checkId,
                                  )
                                }
                              />
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </Box>
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    Every service of the team meets the target or is exempted.
                  </Typography>
                )}
              </Box>
            </Fragment>
          );
        })}
      </div>
    </InfoCard>
  );
}

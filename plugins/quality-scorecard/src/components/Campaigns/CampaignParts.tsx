import { Box, Chip, Typography } from '@material-ui/core';
import type {
  CampaignStanding,
  CampaignSummary,
  CheckDefinitionsResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { LevelChip } from '../Checks/LevelChip';
import {
  STANDING_COLOURS,
  STANDING_LABELS,
  dueLine,
  isOverdue,
} from './campaignFormat';

/** A chip saying whether an entity meets a campaign's target. */
export function StandingChip(props: {
  standing: CampaignStanding;
  testId?: string;
}) {
  const { standing, testId } = props;
  return (
    <Chip
      size="small"
      label={STANDING_LABELS[standing]}
      data-testid={testId}
      data-standing={standing}
      style={{ backgroundColor: STANDING_COLOURS[standing], color: '#fff' }}
    />
  );
}

/** A campaign's target: its level as a chip, or the titles of its checks. */
export function CampaignTargetView(props: {
  campaign: CampaignSummary;
  definitions?: CheckDefinitionsResponse;
}) {
  const { campaign, definitions } = props;
  const { target } = campaign;
  return (
    <Box
      display="flex"
      alignItems="center"
      style={{ gap: 8 }}
      data-testid={`campaign-target-${campaign.id}`}
    >
      <Typography variant="body2">Target:</Typography>
      {target.level !== undefined ? (
        <LevelChip level={target.level} levels={definitions?.levels ?? []} />
      ) : (
        <Typography variant="body2">
          {(target.checks ?? [])
            .map(id => definitions?.checks.find(c => c.id === id)?.title ?? id)
            .join('; ')}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A campaign's title, description, target and due date with the days left
 * (`done`: nothing left to do, so a passed due date does not read overdue).
 */
export function CampaignHeading(props: {
  campaign: CampaignSummary;
  definitions?: CheckDefinitionsResponse;
  done: boolean;
  titleVariant?: 'subtitle1' | 'h6';
  hideTitle?: boolean;
}) {
  const { campaign, definitions, done, titleVariant, hideTitle } = props;
  const overdue = isOverdue(campaign, done);
  return (
    <>
      {!hideTitle && (
        <Typography
          variant={titleVariant ?? 'subtitle1'}
          data-testid={`campaign-title-${campaign.id}`}
        >
          {campaign.title}
        </Typography>
      )}
      {!hideTitle && campaign.description && (
        <Typography variant="body2" color="textSecondary">
          {campaign.description}
        </Typography>
      )}
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mt={1}
      >
        <CampaignTargetView campaign={campaign} definitions={definitions} />
        <Typography
          variant="body2"
          data-testid={`campaign-due-${campaign.id}`}
          data-overdue={overdue ? 'true' : 'false'}
          color={overdue ? 'error' : 'textPrimary'}
          style={overdue ? { fontWeight: 600 } : undefined}
        >
          {dueLine(campaign, done)}
        </Typography>
        {campaign.state !== 'active' && (
          <Chip
            size="small"
            variant="outlined"
            label={campaign.state}
            data-testid={`campaign-state-${campaign.id}`}
          />
        )}
      </Box>
    </>
  );
}

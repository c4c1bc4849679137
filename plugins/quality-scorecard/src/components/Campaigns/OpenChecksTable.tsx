import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type {
  CampaignOpenCheck,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';
import { STATUS_LABELS } from '../Checks/format';
import { formatDay } from './campaignFormat';

/** What an open check's exemption says: until when, and whether that is before the due date. */
export function exemptionNote(
  check: CampaignOpenCheck,
  campaign: Pick<CampaignSummary, 'dueDate'>,
) {
  if (!check.exemption) return undefined;
  const until = check.exemption.expiresAt;
  const early = until.slice(0, 10) < campaign.dueDate;
  return `exempt until ${formatDay(until)}${
    early ? ', before the due date' : ''
  }`;
}

/**
 * The target's checks an entity does not pass, each linked to its row on the
 * entity's Quality tab; with a button to request an exemption for a failing
 * one when `onRequest` is given.
 */
export function OpenChecksTable(props: {
  campaign: CampaignSummary;
  entityRef: string;
  open: CampaignOpenCheck[];
  /** The link of a check (its row on the Quality tab). */
  linkOf: (checkId: string) => string;
  onRequest?: (checkId: string) => void;
}) {
  const { campaign, entityRef, open, linkOf, onRequest } = props;
  return (
    <Table size="small" aria-label={`open checks of ${entityRef}`}>
      <TableHead>
        <TableRow>
          <TableCell>Still to pass</TableCell>
          <TableCell>Status</TableCell>
          {onRequest && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {open.map(check => (
          <TableRow
            key={check.checkId}
            data-testid={`campaign-open-${campaign.id}-${check.checkId}`}
          >
            <TableCell>
              <Link
                to={linkOf(check.checkId)}
                data-testid={`campaign-check-link-${campaign.id}-${check.checkId}`}
              >
                {check.title}
              </Link>
            </TableCell>
            <TableCell>
              <Typography
                variant="body2"
                data-testid={`campaign-open-status-${campaign.id}-${check.checkId}`}
              >
                {exemptionNote(check, campaign) ?? STATUS_LABELS[check.status]}
              </Typography>
            </TableCell>
            {onRequest && (
              <TableCell align="right">
                {check.status !== 'exempt' && (
                  <Button
                    size="small"
                    color="primary"
                    onClick={() => onRequest(check.checkId)}
                    data-testid={`campaign-request-${campaign.id}-${check.checkId}`}
                  >
                    Request exemption
                  </Button>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

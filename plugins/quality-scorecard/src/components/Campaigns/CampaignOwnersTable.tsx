import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { CampaignOwnerProgress } from '@shewhart/plugin-quality-scorecard-common';
import { formatPercent } from '../format';
import { formatCount } from '../locale';

/** A campaign's owners in the API's order: ranked by the share of their entities meeting the target. */
export function CampaignOwnersTable(props: {
  campaignId: string;
  owners: CampaignOwnerProgress[];
}) {
  const { campaignId, owners } = props;
  return (
    <Table size="small" data-testid={`campaign-owners-${campaignId}`}>
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell align="right">In scope</TableCell>
          <TableCell align="right">Meeting</TableCell>
          <TableCell align="right">Exempted</TableCell>
          <TableCell align="right">Not meeting</TableCell>
          <TableCell align="right">Meeting share</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {owners.map((o, i) => (
          <TableRow
            key={o.owner}
            data-testid={`campaign-owner-${campaignId}-${o.owner}`}
          >
            <TableCell>{i + 1}</TableCell>
            <TableCell>
              <EntityRefLink entityRef={o.owner} hideIcon />
            </TableCell>
            <TableCell align="right">{formatCount(o.inScope)}</TableCell>
            <TableCell align="right">{formatCount(o.meeting)}</TableCell>
            <TableCell align="right">{formatCount(o.exempted)}</TableCell>
            <TableCell align="right">{formatCount(o.notMeeting)}</TableCell>
            <TableCell align="right">
              {o.inScope > 0 ? formatPercent(o.meeting / o.inScope) : '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

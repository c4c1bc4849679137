import { useState } from 'react';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Exemption,
  ExemptionDecision,
  qualityScorecardExemptionReviewPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { errorMessage } from './errors';
import { formatDate } from './format';

function DecisionControls(props: {
  exemption: Exemption;
  onDecided: () => void;
}) {
  const { exemption, onDecided } = props;
  const api = useApi(qualityScorecardApiRef);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const decide = async (decision: ExemptionDecision) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.decideExemption(
        exemption.id,
        decision,
        note.trim() || undefined,
      );
      onDecided();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <TextField
        size="small"
        placeholder="Note (optional)"
        value={note}
        onChange={e => setNote(e.target.value)}
        inputProps={{ 'aria-label': `note for exemption ${exemption.id}` }}
      />
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          size="small"
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={() => decide('approve')}
        >
          Approve
        </Button>
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          onClick={() => decide('deny')}
        >
          Deny
        </Button>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
    </Box>
  );
}

/** The signed-in user's entity ref, where the app has an identity API. */
function useUserEntityRef(): string | undefined {
  const identity = useApiHolder().get(identityApiRef);
  const { value } = useAsync(
    async () => (await identity?.getBackstageIdentity())?.userEntityRef,
    [identity],
  );
  return value;
}

/**
 * Pending exemption requests. Everyone sees them; approve and deny buttons
 * appear only for those allowed to review exemptions, and never on the
 * reviewer's own requests (the backend refuses those too).
 */
export function PendingExemptions(props: {
  exemptions: Exemption[];
  showEntity?: boolean;
  onDecided: () => void;
}) {
  const { exemptions, showEntity, onDecided } = props;
  const { allowed } = usePermission({
    permission: qualityScorecardExemptionReviewPermission,
  });
  const me = useUserEntityRef();
  if (exemptions.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-pending-exemptions">
        No exemption requests are waiting for review.
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="pending-exemptions">
      <TableHead>
        <TableRow>
          {showEntity && <TableCell>Entity</TableCell>}
          <TableCell>Check</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Requested</TableCell>
          <TableCell>Expires</TableCell>
          {allowed && <TableCell>Decision</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {exemptions.map(e => (
          <TableRow key={e.id} data-testid={`pending-exemption-${e.id}`}>
            {showEntity && <TableCell>{e.entityRef}</TableCell>}
            <TableCell>{e.checkId}</TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell>
              {e.requestedBy} on {formatDate(e.requestedAt)}
            </TableCell>
            <TableCell>{formatDate(e.expiresAt)}</TableCell>
            {allowed && (
              <TableCell>
                {me && e.requestedBy === me ? (
                  <Typography
                    variant="body2"
                    data-testid={`own-exemption-${e.id}`}
                  >
                    Your request: another reviewer decides it.
                  </Typography>
                ) : (
                  <DecisionControls exemption={e} onDecided={onDecided} />
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

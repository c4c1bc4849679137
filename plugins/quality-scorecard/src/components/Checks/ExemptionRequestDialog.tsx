import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CheckResult,
  Exemption,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { errorMessage } from './errors';

const DAY = 24 * 60 * 60 * 1000;

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** What is wrong with the form, or undefined when it can be sent. */
function validate(reason: string, expires: string, now: number) {
  if (reason.trim().length < 10) {
    return 'Give a reason of at least 10 characters.';
  }
  const at = Date.parse(`${expires}T23:59:59Z`);
  if (!expires || Number.isNaN(at)) return 'Choose an expiry date.';
  if (at <= now) return 'The expiry date must be in the future.';
  if (at > now + 366 * DAY) {
    return 'An exemption can last at most one year.';
  }
  return undefined;
}

/** The exemption request form: check, reason and expiry. */
export function ExemptionRequestDialog(props: {
  entityRef: string;
  /** The checks to choose from (a check result, or a campaign's open check). */
  checks: Array<Pick<CheckResult, 'checkId' | 'title'>>;
  initialCheckId?: string;
  open: boolean;
  onClose: () => void;
  onRequested: (exemption: Exemption) => void;
}) {
  const { entityRef, checks, initialCheckId, open, onClose, onRequested } =
    props;
  const api = useApi(qualityScorecardApiRef);
  const now = Date.now();
  const [checkId, setCheckId] = useState(
    initialCheckId ?? checks[0]?.checkId ?? '',
  );
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(isoDay(now + 90 * DAY));
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const problem = validate(reason, expires, now);

  const submit = async () => {
    setTouched(true);
    if (problem || !checkId) return;
    setSending(true);
    setError(undefined);
    try {
      const exemption = await api.requestExemption({
        entityRef,
        checkId,
        reason: reason.trim(),
        expiresAt: `${expires}T23:59:59.000Z`,
      });
      onRequested(exemption);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="exemption-request-title"
      data-testid="exemption-request-dialog"
    >
      <DialogTitle id="exemption-request-title">
        Request an exemption
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          An approved exemption shows the check as exempt instead of failing
          until it expires. A platform admin reviews the request.
        </Typography>
        <TextField
          select
          fullWidth
          margin="dense"
          label="Check"
          value={checkId}
          onChange={e => setCheckId(e.target.value)}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'exemption-check' }}
        >
          {checks.map(c => (
            <option key={c.checkId} value={c.checkId}>
              {c.title}
            </option>
          ))}
        </TextField>
        <TextField
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="At least 10 characters: why the check cannot pass yet, and the plan"
          inputProps={{ 'data-testid': 'exemption-reason' }}
        />
        <TextField
          fullWidth
          margin="dense"
          type="date"
          label="Expires"
          value={expires}
          onChange={e => setExpires(e.target.value)}
          InputLabelProps={{ shrink: true }}
          helperText="At most one year from today"
          inputProps={{
            'data-testid': 'exemption-expires',
            min: isoDay(now + DAY),
            max: isoDay(now + 365 * DAY),
          }}
        />
        {touched && problem && (
          <Alert severity="warning" data-testid="exemption-form-problem">
            {problem}
          </Alert>
        )}
        {error && (
          <Alert severity="error" data-testid="exemption-request-error">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={sending}
        >
          Send request
        </Button>
      </DialogActions>
    </Dialog>
  );
}

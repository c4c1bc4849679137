import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import type {
  BaselineRecord,
  MetricDefinition,
  MetricValue,
  StartBaselineRequest,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { errorMessage } from '../Checks/errors';
import { formatWeek } from '../format';
import { sortedSignals } from '../signals';

/** The backend keeps at most this many characters of a reason. */
const REASON_MAX = 500;

/**
 * The weeks a baseline can start from (the complete weeks of the series),
 * and the default: the first week of the latest signal, else the latest week.
 */
export function baselineWeekChoices(metric: MetricValue) {
  const partialFrom = metric.control?.partialFrom;
  const weeks = metric.series
    .map(p => p.start)
    .filter(
      start => !partialFrom || Date.parse(start) < Date.parse(partialFrom),
    );
  const signalStart = sortedSignals(metric)[0]?.start;
  const atSignal =
    signalStart && weeks.find(w => Date.parse(w) === Date.parse(signalStart));
  return { weeks, initial: atSignal || weeks[weeks.length - 1] || '' };
}

/**
 * The form that starts a new baseline after a confirmed shift: from which
 * week, for this metric or every metric of the entity, and why.
 */
export function StartBaselineDialog(props: {
  entityRef: string;
  definition: MetricDefinition;
  metric: MetricValue;
  onClose: () => void;
  onStarted: (record: BaselineRecord) => void;
}) {
  const { entityRef, definition, metric, onClose, onStarted } = props;
  const api = useApi(qualityScorecardApiRef);
  const choices = baselineWeekChoices(metric);
  const [from, setFrom] = useState(choices.initial);
  const [scope, setScope] = useState<'metric' | 'all'>('metric');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const missingReason = reason.trim().length === 0;

  const submit = async () => {
    setTouched(true);
    if (missingReason || !from) return;
    setSending(true);
    setError(undefined);
    const request: StartBaselineRequest = {
      ...(scope === 'metric' ? { metric: definition.id } : {}),
      from,
      reason: reason.trim(),
    };
    try {
      onStarted(await api.startBaseline(entityRef, request));
    } catch (e) {
      setError(errorMessage(e));
      setSending(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="start-baseline-title"
      data-testid="start-baseline-dialog"
    >
      <DialogTitle id="start-baseline-title">Start a new baseline</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          From the chosen week on, the chart takes its centre line and limits
          from the new period’s first weeks, so a lasting change stops
          signalling and the chart watches the new level. Start one only after a
          confirmed shift; your name and reason are recorded.
        </Typography>
        <TextField
          select
          fullWidth
          margin="dense"
          label="First week of the new baseline"
          value={from}
          onChange={e => setFrom(e.target.value)}
          SelectProps={{ native: true }}
          inputProps={{ 'data-testid': 'baseline-from' }}
        >
          {choices.weeks.map(week => (
            <option key={week} value={week}>
              {formatWeek(week)}
            </option>
          ))}
        </TextField>
        <RadioGroup
          value={scope}
          onChange={e => setScope(e.target.value as 'metric' | 'all')}
          aria-label="Charts"
        >
          <FormControlLabel
            value="metric"
            control={<Radio color="primary" size="small" />}
            label={`This metric (${definition.title})`}
          />
          <FormControlLabel
            value="all"
            control={<Radio color="primary" size="small" />}
            label="All metrics of this entity"
          />
        </RadioGroup>
        <TextField
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          label="Reason"
          required
          value={reason}
          onChange={e => setReason(e.target.value)}
          error={touched && missingReason}
          helperText="What changed in the process, e.g. a new review policy"
          inputProps={{
            'data-testid': 'baseline-reason',
            maxLength: REASON_MAX,
          }}
        />
        {touched && missingReason && (
          <Alert severity="warning" data-testid="baseline-form-problem">
            Give a reason: it is recorded with the new baseline.
          </Alert>
        )}
        {error && (
          <Alert severity="error" data-testid="start-baseline-error">
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
          Start baseline
        </Button>
      </DialogActions>
    </Dialog>
  );
}

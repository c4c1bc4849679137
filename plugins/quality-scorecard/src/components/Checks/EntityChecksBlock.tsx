import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Box,
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CheckResult,
  CheckStatus,
  LevelInfo,
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardExemptionRequestPermission,
  qualityScorecardExemptionReviewPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { useApi } from '@backstage/core-plugin-api';
import { qualityScorecardApiRef } from '../../api';
import { errorMessage } from './errors';
import { ExemptionRequestDialog } from './ExemptionRequestDialog';
import { LevelChip, levelTitle } from './LevelChip';
import { PendingExemptions } from './PendingExemptions';
import { STATUS_LABELS, formatCheckValue, formatDate } from './format';
import {
  useCheckDefinitions,
  useEntityChecks,
  useExemptions,
} from './useChecks';

const STATUS_COLOURS: Record<CheckStatus, string> = {
  pass: '#4caf50',
  fail: '#f44336',
  exempt: '#ff9800',
  'insufficient-data': '#9e9e9e',
};

function StatusChip(props: { result: CheckResult }) {
  const { status } = props.result;
  return (
    <Chip
      size="small"
      label={STATUS_LABELS[status]}
      data-testid={`check-status-${props.result.checkId}`}
      style={{ backgroundColor: STATUS_COLOURS[status], color: '#fff' }}
    />
  );
}

function levelOfCheck(levels: LevelInfo[], checkId: string) {
  return levels.find(l => l.checks.includes(checkId));
}

/** A reviewer's button that ends an approved exemption early. */
function RevokeButton(props: { exemptionId: number; onRevoked: () => void }) {
  const { exemptionId, onRevoked } = props;
  const api = useApi(qualityScorecardApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const revoke = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.decideExemption(exemptionId, 'revoke');
      onRevoked();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" disabled={busy} onClick={revoke}>
        Revoke exemption
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </>
  );
}

function CheckRow(props: {
  result: CheckResult;
  levels: LevelInfo[];
  highlighted: boolean;
  onRevoked?: () => void;
}) {
  const { result, levels, highlighted, onRevoked } = props;
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView?.({ block: 'center' });
  }, [highlighted]);
  return (
    <TableRow
      ref={ref}
      id={`check-${result.checkId}`}
      data-testid={`check-row-${result.checkId}`}
      data-highlighted={highlighted ? 'true' : 'false'}
      selected={highlighted}
      style={highlighted ? { outline: '2px solid #2196f3' } : undefined}
    >
      <TableCell>{result.title}</TableCell>
      <TableCell>
        {levelOfCheck(levels, result.checkId)?.title ?? '—'}
      </TableCell>
      <TableCell>{result.threshold}</TableCell>
      <TableCell data-testid={`check-value-${result.checkId}`}>
        {formatCheckValue(result.metric, result.value)} (n = {result.n})
      </TableCell>
      <TableCell>
        <StatusChip result={result} />
      </TableCell>
      <TableCell data-testid={`check-reason-${result.checkId}`}>
        <Typography variant="body2">{result.reason}</Typography>
        {result.exemption && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid={`check-exemption-${result.checkId}`}
          >
            Exempt until {formatDate(result.exemption.expiresAt)}:{' '}
            {result.exemption.reason}
          </Typography>
        )}
        {result.exemption && onRevoked && (
          <div>
            <RevokeButton
              exemptionId={result.exemption.id}
              onRevoked={onRevoked}
            />
          </div>
        )}
      </TableCell>
    </TableRow>
  );
}

function EntityChecksCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const [searchParams] = useSearchParams();
  const highlightedCheck = searchParams.get('check') ?? undefined;
  const checks = useEntityChecks(entityRef);
  const pending = useExemptions({ status: 'pending', entityRef });
  // Both must allow: the basic permission and the one on this entity
  // (a policy may grant it to the entity's owners only).
  const { allowed: mayRequest } = usePermission({
    permission: qualityScorecardExemptionRequestPermission,
  });
  const { allowed: mayRequestHere } = usePermission({
    permission: qualityScorecardEntityExemptionRequestPermission,
    resourceRef: entityRef,
  });
  const canRequest = mayRequest && mayRequestHere;
  const { allowed: canReview } = usePermission({
    permission: qualityScorecardExemptionReviewPermission,
  });
  const [requesting, setRequesting] = useState(false);
  const [requested, setRequested] = useState(false);

  if (checks.loading && !checks.value) return <Progress />;
  if (checks.error) {
    return (
      <ResponseErrorPanel
        error={checks.error}
        title="Could not load the checks of this entity"
      />
    );
  }
  const value = checks.value;
  if (!value) return null;
  const { levels, results, level, next } = value;
  const titleOf = (id: string) =>
    results.find(r => r.checkId === id)?.title ?? id;
  const requestable = results.filter(r => r.status !== 'pass');

  return (
    <InfoCard
      title="Checks and level"
      subheader="The bar set by the platform team: a level is held when every check of it and of the levels below passes"
    >
      <div data-testid="checks-block">
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 12 }}
          mb={2}
        >
          <Typography variant="subtitle1">Level</Typography>
          <LevelChip level={level} levels={levels} size="medium" />
          {next && (
            <Typography variant="body2" data-testid="next-level">
              Next: {levelTitle(levels, next.level)}, needs{' '}
              {next.failing.map(titleOf).join(', ')}
            </Typography>
          )}
          {!next && level && (
            <Typography variant="body2" data-testid="next-level">
              Highest level held.
            </Typography>
          )}
          <Box flexGrow={1} />
          {canRequest && requestable.length > 0 && (
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setRequesting(true)}
            >
              Request exemption
            </Button>
          )}
        </Box>
        {requested && (
          <Alert
            severity="success"
            onClose={() => setRequested(false)}
            data-testid="exemption-requested"
          >
            Exemption requested; a platform admin will review it.
          </Alert>
        )}
        <Box overflow="auto">
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Check</TableCell>
                <TableCell>Level</TableCell>
                <TableCell>Threshold</TableCell>
                <TableCell>Current</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Reason</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.map(r => (
                <CheckRow
                  key={r.checkId}
                  result={r}
                  levels={levels}
                  highlighted={r.checkId === highlightedCheck}
                  onRevoked={canReview ? checks.retry : undefined}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
        {pending.value && pending.value.items.length > 0 && (
          <Box mt={2} data-testid="entity-pending-exemptions">
            <Typography variant="subtitle1">
              Pending exemption requests
            </Typography>
            <PendingExemptions
              exemptions={pending.value.items}
              onDecided={() => {
                pending.retry();
                checks.retry();
              }}
            />
          </Box>
        )}
        {requesting && (
          <ExemptionRequestDialog
            open
            entityRef={entityRef}
            checks={requestable}
            initialCheckId={
              requestable.some(r => r.checkId === highlightedCheck)
                ? highlightedCheck
                : undefined
            }
            onClose={() => setRequesting(false)}
            onRequested={() => {
              setRequesting(false);
              setRequested(true);
              pending.retry();
            }}
          />
        )}
      </div>
    </InfoCard>
  );
}

/**
 * The checks block of the Quality tab: level, next level, each check's status
 * and the exemptions. Hidden when no checks are configured.
 */
export function EntityChecksBlock(props: { entityRef: string }) {
  const definitions = useCheckDefinitions();
  if (definitions.error || !definitions.value) return null;
  if (definitions.value.checks.length === 0) return null;
  return <EntityChecksCard entityRef={props.entityRef} />;
}

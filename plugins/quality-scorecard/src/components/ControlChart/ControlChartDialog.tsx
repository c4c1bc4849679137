import { useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Progress } from '@backstage/core-components';
import {
  ControlChart as ControlChartData,
  MetricDefinition,
  MetricValue,
  qualityScorecardBaselineManagePermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { DefinitionLink } from '../DefinitionLink';
import { formatMetricValue, formatWeek } from '../format';
import { ruleName, sortedSignals } from '../signals';
import { ControlChart } from './ControlChart';
import { CusumChart } from './CusumChart';
import { SignalList } from './SignalList';
import { StartBaselineDialog } from './StartBaselineDialog';
import { baselineMarks } from './baselines';

const CHART_NAMES: Record<ControlChartData['chart'], string> = {
  u: 'u-chart (a rate of events per unit)',
  p: 'p-chart (a proportion)',
  np: 'np-chart (a count of days out of seven)',
  xmr: 'XmR chart (individual values and moving ranges)',
  median:
    'median chart (the weekly median; its limits follow each week’s sample size)',
};

function methodPhrase(control: ControlChartData) {
  if (control.transform === 'log') {
    return 'limits computed on a log scale, as durations are skewed, so they are not symmetric around the centre line';
  }
  if (control.method === 'exact') {
    return 'exact probability limits (binomial or Poisson quantiles, not the normal approximation)';
  }
  if (control.method === 'normal') return 'normal probability limits';
  return '3-sigma limits';
}

function rulesSentence(control: ControlChartData) {
  // an API without `rules` uses the textbook design
  if (!control.rules) {
    return 'A point beyond a limit or a run on one side of the centre line is a signal of a real change; anything else is week-to-week noise.';
  }
  if (control.rules.length === 0) {
    return 'This chart raises no signals of its own.';
  }
  return `It signals by: ${control.rules
    .map(ruleName)
    .join(', ')}; anything else is week-to-week noise.`;
}

/** How the chart was made, in words. */
function ChartDescription(props: {
  definition: MetricDefinition;
  control: ControlChartData;
}) {
  const { definition, control } = props;
  const periods = control.baselines?.length ?? 0;
  const center = formatMetricValue(definition, control.center);
  const limitsFrom =
    periods > 1
      ? `centre line ${center} in the current baseline period, limits from the first ${control.baselineWeeks} weeks of each period`
      : `centre line ${center}, limits from the first ${control.baselineWeeks} weeks`;
  return (
    <Typography variant="body2" color="textSecondary" paragraph>
      Each point is one week. {CHART_NAMES[control.chart] ?? control.chart},{' '}
      {methodPhrase(control)}; {limitsFrom}. {rulesSentence(control)}
    </Typography>
  );
}

/** The baseline periods of the chart, each in words. */
function BaselinePeriods(props: {
  definition: MetricDefinition;
  metric: MetricValue;
}) {
  const { definition, metric } = props;
  const marks = baselineMarks(metric);
  if (marks.length === 0) return null;
  return (
    <Box mt={1} data-testid="baseline-periods">
      <Typography variant="subtitle2">Baseline periods</Typography>
      {marks.map(({ period, label }) => (
        <Typography
          key={period.from}
          variant="body2"
          data-testid="baseline-period"
        >
          {label}
          {period.to ? ` to ${formatWeek(period.to)}` : ''}:{' '}
          {period.center === null
            ? 'still gathering its baseline weeks, no limits yet'
            : `centre ${formatMetricValue(
                definition,
                period.center,
              )}, limits from its first ${period.baselineWeeks} weeks`}
        </Typography>
      ))}
    </Box>
  );
}

/** "Start a new baseline", for those the permission allows on the entity. */
function StartBaseline(props: {
  entityRef: string;
  definition: MetricDefinition;
  metric: MetricValue;
  onStarted: () => void;
}) {
  const { entityRef, definition, metric, onStarted } = props;
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const { allowed } = usePermission({
    permission: qualityScorecardBaselineManagePermission,
    resourceRef: entityRef,
  });
  if (!allowed) return null;
  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        onClick={() => setOpen(true)}
      >
        Start a new baseline
      </Button>
      {open && (
        <StartBaselineDialog
          entityRef={entityRef}
          definition={definition}
          metric={metric}
          onClose={() => setOpen(false)}
          onStarted={record => {
            setOpen(false);
            alertApi.post({
              message: `New baseline from the week of ${formatWeek(
                record.from,
              )} started${
                record.metric ? ` for ${definition.title.toLowerCase()}` : ''
              }.`,
              severity: 'success',
              display: 'transient',
            });
            onStarted();
          }}
        />
      )}
    </>
  );
}

/**
 * The control chart of one metric, with its signals explained in words.
 * Without `metric` (its chart still being read) the dialog shows its title
 * and a progress bar, or `error`.
 */
export function ControlChartDialog(props: {
  definition: MetricDefinition;
  metric?: MetricValue;
  error?: Error;
  open: boolean;
  onClose: () => void;
  /**
   * For an entity's own scorecard (not an owner's roll-up): the entity whose
   * baselines a permitted person may restart, and what to do after.
   */
  baselines?: { entityRef: string; onStarted: () => void };
}) {
  const { definition, metric, error, open, onClose, baselines } = props;
  const control = metric?.control;
  const signals = metric ? sortedSignals(metric) : [];
  const partialWeek = control?.partialFrom && formatWeek(control.partialFrom);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="control-chart-title"
      data-testid="control-chart-dialog"
    >
      <DialogTitle id="control-chart-title" disableTypography>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="h6">
            {definition.title}: control chart
          </Typography>
          <IconButton aria-label="close" onClick={onClose} size="small">
            <CloseIcon />
          </IconButton>
        </Box>
      </DialogTitle>
      <DialogContent>
        {!metric && !error && (
          <Box my={2} data-testid="control-chart-loading">
            <Progress />
          </Box>
        )}
        {!metric && error && (
          <Typography
            variant="body2"
            color="error"
            role="alert"
            data-testid="control-chart-error"
          >
            Could not read the chart: {error.message}
          </Typography>
        )}
        {metric && control ? (
          <>
            <ChartDescription definition={definition} control={control} />
            <Box overflow="auto" data-testid="control-chart">
              <ControlChart definition={definition} metric={metric} />
            </Box>
            {partialWeek && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="p"
                data-testid="partial-week"
              >
                The week of {partialWeek} is still under way: it is drawn as a
                dashed ring and raises no signal.
              </Typography>
            )}
            {control.cusum && (
              <Box mt={1} overflow="auto" data-testid="cusum-chart">
                <Typography variant="caption" color="textSecondary">
                  Cumulative sum (CUSUM) of the evidence for a{' '}
                  {control.cusum.shift}× shift{' '}
                  {control.cusum.side === 'above' ? 'up' : 'down'}: it signals
                  when it rises above {control.cusum.threshold.toFixed(2)}.
                </Typography>
                <CusumChart metric={metric} />
              </Box>
            )}
            {control.falseAlarms && (
              <Typography
                variant="body2"
                style={{ marginTop: 8 }}
                data-testid="false-alarms"
              >
                {control.falseAlarms.text}
              </Typography>
            )}
            {control.signalsOff && (
              <Typography
                variant="body2"
                style={{ marginTop: 8 }}
                data-testid="signals-off"
              >
                No signals of its own: {control.signalsOff.replace(/\.$/, '')}.
              </Typography>
            )}
            <BaselinePeriods definition={definition} metric={metric} />
            {baselines && (
              <Box mt={1}>
                <StartBaseline
                  entityRef={baselines.entityRef}
                  definition={definition}
                  metric={metric}
                  onStarted={baselines.onStarted}
                />
              </Box>
            )}
            <Typography variant="subtitle1" style={{ marginTop: 16 }}>
              {signals.length > 0
                ? `Signals (${signals.length}), latest first`
                : 'No signals'}
            </Typography>
            {signals.length > 0 && (
              <SignalList definition={definition} signals={signals} dense />
            )}
            {signals.length === 0 && !control.signalsOff && (
              <Typography variant="body2">
                The process is stable: every week lies within the limits and no
                run suggests a shift.
              </Typography>
            )}
          </>
        ) : (
          metric && (
            <Typography variant="body2" data-testid="control-chart-missing">
              Not enough weeks with data yet to compute control limits.
            </Typography>
          )
        )}
        <Box mt={2} mb={1}>
          <Typography variant="body2">
            {definition.description}{' '}
            <DefinitionLink definition={definition}>Definition</DefinitionLink>
          </Typography>
        </Box>
      </DialogContent>
    </Dialog>
  );
}

import {
  Box,
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import type {
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { DefinitionLink } from '../DefinitionLink';
import { formatMetricValue } from '../format';
import { sortedSignals } from '../signals';
import { ControlChart } from './ControlChart';
import { SignalList } from './SignalList';

const CHART_NAMES = {
  u: 'u-chart (a rate of events per unit)',
  p: 'p-chart (a proportion)',
  np: 'np-chart (a count of days out of seven)',
  xmr: 'XmR chart (individual values and moving ranges)',
  median: 'median chart on a log scale (limits follow each week’s sample size)',
};

/** The control chart of one metric, with its signals explained in words. */
export function ControlChartDialog(props: {
  definition: MetricDefinition;
  metric: MetricValue;
  open: boolean;
  onClose: () => void;
}) {
  const { definition, metric, open, onClose } = props;
  const control = metric.control;
  const signals = sortedSignals(metric);
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
        {control ? (
          <>
            <Typography variant="body2" color="textSecondary" paragraph>
              Each point is one week. {CHART_NAMES[control.chart]}; centre line{' '}
              {formatMetricValue(definition, control.center)}, limits from the
              first {control.baselineWeeks} weeks. A point beyond a limit or a
              run on one side of the centre line is a signal of a real change;
              anything else is week-to-week noise.
            </Typography>
            <Box overflow="auto" data-testid="control-chart">
              <ControlChart definition={definition} metric={metric} />
            </Box>
            <Typography variant="subtitle1" style={{ marginTop: 16 }}>
              {signals.length > 0
                ? `Signals (${signals.length}), latest first`
                : 'No signals'}
            </Typography>
            {signals.length > 0 ? (
              <SignalList definition={definition} signals={signals} dense />
            ) : (
              <Typography variant="body2">
                The process is stable: every week lies within the limits and no
                run suggests a shift.
              </Typography>
            )}
          </>
        ) : (
          <Typography variant="body2" data-testid="control-chart-missing">
            Not enough weeks with data yet to compute control limits.
          </Typography>
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

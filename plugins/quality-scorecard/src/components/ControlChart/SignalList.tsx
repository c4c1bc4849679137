import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import type {
  ControlSignal,
  MetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { explainSignal, ruleName } from '../signals';

const useStyles = makeStyles(theme => ({
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
}));

/** The signals of a control chart, each in words and judged by the metric's direction. */
export function SignalList(props: {
  definition: MetricDefinition;
  signals: ControlSignal[];
  dense?: boolean;
}) {
  const { definition, signals, dense } = props;
  const classes = useStyles();
  return (
    <List dense={dense} disablePadding>
      {signals.map(signal => {
        const explained = explainSignal(definition, signal);
        const Icon =
          signal.side === 'above' ? TrendingUpIcon : TrendingDownIcon;
        return (
          <ListItem
            key={`${signal.rule}-${signal.start}-${signal.end}`}
            disableGutters
            data-testid="signal"
            data-tone={explained.tone}
          >
            <ListItemIcon style={{ minWidth: 32 }}>
              <Icon className={classes[explained.tone]} fontSize="small" />
            </ListItemIcon>
            <ListItemText
              primary={
                <span data-testid="signal-sentence">{explained.sentence}</span>
              }
              secondary={`${ruleName(
                signal.rule,
              )}, through the week of ${signal.end.slice(0, 10)}: ${
                explained.verdict
              }`}
            />
          </ListItem>
        );
      })}
    </List>
  );
}

import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  AiComparison,
  AiComparisonSide,
  MetricId,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { DefinitionLink } from '../DefinitionLink';
import { DeltaTone, deltaTone, formatMetricValue } from '../format';

const useStyles = makeStyles(theme => ({
  good: { color: theme.palette.success.main, fontWeight: 600 },
  bad: { color: theme.palette.error.main, fontWeight: 600 },
  neutral: {},
}));

interface ComparisonRow {
  metric: MetricId;
  value: (side: AiComparisonSide) => number | null;
  sample: (side: AiComparisonSide) => string;
}

const ROWS: ComparisonRow[] = [
  {
    metric: 'incidents_per_pr',
    value: s => s.incidentsPerPr,
    sample: s => `${s.incidents} incidents / ${s.pullRequests} PRs`,
  },
  {
    metric: 'revert_rate',
    value: s => s.revertRate,
    sample: s => `${s.reverted} of ${s.pullRequests} reverted`,
  },
  {
    metric: 'review_coverage',
    value: s => s.reviewCoverage,
    sample: s => `${s.reviewed} of ${s.pullRequests} approved`,
  },
  {
    metric: 'pr_cycle_time',
    value: s => s.cycleTime,
    sample: s => `median of ${s.pullRequests} PRs`,
  },
];

/** "Did AI make us faster and worse?": outcomes of AI-assisted vs other PRs. */
export function AiComparisonTable(props: { comparison: AiComparison }) {
  const { ai, nonAi } = props.comparison;
  const classes = useStyles();
  return (
    <Table size="small" data-testid="ai-comparison">
      <TableHead>
        <TableRow>
          <TableCell>Outcome</TableCell>
          <TableCell>AI-assisted PRs (n = {ai.pullRequests})</TableCell>
          <TableCell>Other PRs (n = {nonAi.pullRequests})</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {ROWS.map(row => {
          const definition = getMetricDefinition(row.metric);
          const aiValue = row.value(ai);
          const otherValue = row.value(nonAi);
          // How the AI side compares, judged by the metric's direction.
          const tone: DeltaTone =
            aiValue === null || otherValue === null
              ? 'neutral'
              : deltaTone(definition, aiValue - otherValue);
          return (
            <TableRow
              key={row.metric}
              data-testid={`ai-comparison-${row.metric}`}
            >
              <TableCell>
                <DefinitionLink definition={definition} />
              </TableCell>
              <TableCell>
                <span className={classes[tone]} data-tone={tone}>
                  {formatMetricValue(definition, aiValue)}
                </span>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {row.sample(ai)}
                </Typography>
              </TableCell>
              <TableCell>
                {formatMetricValue(definition, otherValue)}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {row.sample(nonAi)}
                </Typography>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

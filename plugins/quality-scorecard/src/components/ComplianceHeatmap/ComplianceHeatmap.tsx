import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { OverviewRow } from '@shewhart/plugin-quality-scorecard-common';
import { formatPercent, formatShortWeek, formatWeek } from '../format';

const useStyles = makeStyles(theme => ({
  cell: {
    textAlign: 'center',
    minWidth: 56,
    border: `2px solid ${theme.palette.background.paper}`,
    fontSize: '0.8rem',
  },
  empty: {
    color: theme.palette.text.disabled,
    backgroundColor: theme.palette.action.hover,
  },
}));

/**
 * The colour of a compliance rate: red at 0, amber near 50%, green at 100%.
 * Few PRs make a pale cell, so a 0% of one PR does not shout like 0% of forty.
 */
export function complianceColor(rate: number, n: number): string {
  const hue = Math.round(Math.max(0, Math.min(1, rate)) * 120);
  const alpha = n >= 5 ? 0.85 : 0.45;
  return `hsla(${hue}, 70%, 45%, ${alpha})`;
}

/** Groups × recent weeks of AI review policy compliance, coloured by rate. */
export function ComplianceHeatmap(props: {
  groups: OverviewRow[];
  weeks?: number;
}) {
  const { groups, weeks = 12 } = props;
  const classes = useStyles();
  const seriesOf = (row: OverviewRow) =>
    row.metrics.find(m => m.id === 'ai_policy_compliance')?.series ?? [];
  const longest = groups
    .map(seriesOf)
    .reduce(
      (a, b) => (b.length > a.length ? b : a),
      [] as ReturnType<typeof seriesOf>,
    );
  const starts = longest.slice(-weeks).map(p => p.start);
  if (starts.length === 0) {
    return (
      <Typography variant="body2" data-testid="heatmap-empty">
        No weekly compliance data yet: no merged PR fell under an AI review
        policy.
      </Typography>
    );
  }
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="compliance-heatmap">
        <TableHead>
          <TableRow>
            <TableCell>Group</TableCell>
            {starts.map(start => (
              <TableCell key={start} className={classes.cell}>
                {formatShortWeek(start)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {groups.map(group => {
            const byStart = new Map(seriesOf(group).map(p => [p.start, p]));
            return (
              <TableRow key={group.entityRef}>
                <TableCell>
                  <EntityRefLink entityRef={group.entityRef} hideIcon>
                    {group.title}
                  </EntityRefLink>
                </TableCell>
                {starts.map(start => {
                  const point = byStart.get(start);
                  const testId = `heat-${group.entityRef}-${formatWeek(start)}`;
                  if (!point || point.value === null || point.n === 0) {
                    return (
                      <TableCell
                        key={start}
                        className={`${classes.cell} ${classes.empty}`}
                        data-testid={testId}
                      >
                        ·
                      </TableCell>
                    );
                  }
                  return (
                    <Tooltip
                      key={start}
                      title={`Week of ${formatWeek(start)}: ${formatPercent(
                        point.value,
                      )} of ${point.n} PRs under the policy passed`}
                    >
                      <TableCell
                        className={classes.cell}
                        style={{
                          backgroundColor: complianceColor(
                            point.value,
                            point.n,
                          ),
                          color: '#fff',
                        }}
                        data-testid={testId}
                      >
                        {formatPercent(point.value)}
                      </TableCell>
                    </Tooltip>
                  );
                })}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

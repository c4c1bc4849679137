import {
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  ResponsiveContainer,
} from 'recharts';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { OverviewRow } from '@shewhart/plugin-quality-scorecard-common';
import { flowBars, useFlowColours } from './PrFlowCard';
import { FLOW_PARTS, flowRows, formatHours } from './prFlowData';

/** Where the time goes, per sub-group: one stacked bar of the window's part medians each. */
export function PrFlowByGroupChart(props: {
  title: string;
  rows: OverviewRow[];
}) {
  const { title, rows } = props;
  const colours = useFlowColours();
  const data = flowRows(rows);
  const height = Math.max(160, 48 * data.length + 80);
  return (
    <InfoCard
      title={title}
      subheader="Median coding, pickup, review and deploy time over the window"
    >
      <div data-testid="flow-by-group">
        <ResponsiveContainer
          width="100%"
          height={height}
          minWidth={480}
          initialDimension={{ width: 860, height }}
        >
          <BarChart data={data} layout="vertical">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              tickFormatter={(h: number) => `${Math.round(h)} h`}
            />
            <YAxis type="category" dataKey="name" width={160} />
            <Tooltip formatter={formatHours} />
            <Legend />
            {flowBars(colours)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table size="small" data-testid="flow-by-group-table">
        <TableHead>
          <TableRow>
            <TableCell>Group</TableCell>
            {FLOW_PARTS.map(part => (
              <TableCell key={part.id} align="right">
                {part.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map(row => (
            <TableRow
              key={row.entityRef}
              data-testid={`flow-row-${row.entityRef}`}
            >
              <TableCell>{row.name}</TableCell>
              {FLOW_PARTS.map(part => (
                <TableCell
                  key={part.id}
                  align="right"
                  data-testid={`flow-cell-${row.entityRef}-${part.id}`}
                >
                  {formatHours(row[part.id])} (n = {row[`${part.id}_n`]})
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        A part without PRs in the window is left out of its bar.
      </Typography>
    </InfoCard>
  );
}

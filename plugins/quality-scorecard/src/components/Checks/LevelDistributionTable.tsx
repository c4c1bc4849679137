import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@material-ui/core';
import type {
  LevelDistribution,
  LevelInfo,
} from '@shewhart/plugin-quality-scorecard-common';

const BAR_COLOURS: Record<string, string> = {
  none: '#e0e0e0',
  bronze: '#cd7f32',
  silver: '#a8a9ad',
  gold: '#d4af37',
};
const FALLBACK = ['#90caf9', '#a5d6a7', '#ce93d8', '#ffcc80'];

function columnsOf(levels: LevelInfo[]) {
  return [
    { id: 'none', title: 'No level' },
    ...levels.map(l => ({ id: l.id, title: l.title })),
  ];
}

function colourOf(id: string, index: number) {
  return BAR_COLOURS[id] ?? FALLBACK[index % FALLBACK.length];
}

function StackedBar(props: {
  row: LevelDistribution;
  columns: Array<{ id: string; title: string }>;
}) {
  const { row, columns } = props;
  if (row.entities === 0) return null;
  return (
    <Box
      display="flex"
      height={12}
      width={160}
      borderRadius={2}
      overflow="hidden"
    >
      {columns.map((c, i) => {
        const count = row.levels[c.id] ?? 0;
        if (count === 0) return null;
        return (
          <Tooltip key={c.id} title={`${c.title}: ${count}`}>
            <div
              style={{
                width: `${(100 * count) / row.entities}%`,
                backgroundColor: colourOf(c.id, i),
              }}
            />
          </Tooltip>
        );
      })}
    </Box>
  );
}

/** How many entities of each group (or owner) hold each level. */
export function LevelDistributionTable(props: {
  rows: LevelDistribution[];
  levels: LevelInfo[];
  nameTitle?: string;
}) {
  const { rows, levels, nameTitle } = props;
  const columns = columnsOf(levels);
  return (
    <Box overflow="auto">
      <Table size="small" data-testid="level-distribution">
        <TableHead>
          <TableRow>
            <TableCell>{nameTitle ?? 'Group'}</TableCell>
            <TableCell align="right">Entities</TableCell>
            {columns.map(c => (
              <TableCell key={c.id} align="right">
                {c.title}
              </TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={row.entityRef}
              data-testid={`level-distribution-${row.entityRef}`}
            >
              <TableCell>{row.title ?? row.entityRef}</TableCell>
              <TableCell align="right">{row.entities}</TableCell>
              {columns.map(c => (
                <TableCell
                  key={c.id}
                  align="right"
                  data-testid={`level-count-${row.entityRef}-${c.id}`}
                >
                  {row.levels[c.id] ?? 0}
                </TableCell>
              ))}
              <TableCell>
                <StackedBar row={row} columns={columns} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

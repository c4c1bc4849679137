import { Box, Typography, makeStyles } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HEADLINE_METRIC_IDS,
  MetricDefinition,
  MetricId,
  OverviewRow,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { deltaTone, formatDelta, formatMetricValue } from '../format';
import { CsvExportButton, overviewRowsCsv } from '../CsvExport';

const useStyles = makeStyles(theme => ({
  muted: { opacity: 0.55 },
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
}));

/** A row of the table: the API's row and its rank by the chosen metric. */
export interface RankedRow {
  id: string;
  rank: number | null;
  row: OverviewRow;
}

function metricOf(row: OverviewRow, id: MetricId) {
  return row.metrics.find(m => m.id === id);
}

/** Best first by the metric's direction; rows without a value come last, unranked. */
export function rankRows(rows: OverviewRow[], rankBy: MetricId): RankedRow[] {
  const definition = getMetricDefinition(rankBy);
  const sign = definition.direction === 'higher-is-better' ? -1 : 1;
  const valued = rows.filter(
    r => (metricOf(r, rankBy)?.value ?? null) !== null,
  );
  const unvalued = rows.filter(
    r => (metricOf(r, rankBy)?.value ?? null) === null,
  );
  valued.sort(
    (a, b) =>
      sign * (metricOf(a, rankBy)!.value! - metricOf(b, rankBy)!.value!),
  );
  return [
    ...valued.map((row, i) => ({ id: row.entityRef, rank: i + 1, row })),
    ...unvalued.map(row => ({ id: row.entityRef, rank: null, row })),
  ];
}

function compareValues(a: number | null, b: number | null) {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function MetricCell(props: { definition: MetricDefinition; row: OverviewRow }) {
  const { definition, row } = props;
  const classes = useStyles();
  const metric = metricOf(row, definition.id);
  if (!metric) return <>—</>;
  const small = metric.flags.includes('small-sample') || metric.n === 0;
  const tone = deltaTone(definition, metric.delta);
  const isPolicy = definition.id === 'ai_policy_compliance';
  return (
    <Box
      className={small ? classes.muted : undefined}
      data-testid={`cell-${row.entityRef}-${definition.id}`}
    >
      <span>{formatMetricValue(definition, metric.value)}</span>
      {isPolicy && row.aiPolicy.applicable > 0 && (
        <Typography variant="caption" color="textSecondary" component="div">
          {row.aiPolicy.compliant} of {row.aiPolicy.applicable} PRs
        </Typography>
      )}
      {metric.delta !== null &&
        metric.delta !== undefined &&
        metric.delta !== 0 && (
          <Typography
            variant="caption"
            component="div"
            className={classes[tone]}
            data-tone={tone}
          >
            {formatDelta(definition, metric)}
          </Typography>
        )}
      {small && (
        <Typography variant="caption" component="div" color="textSecondary">
          n = {metric.n}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A sortable table of groups or services with their headline metrics and AI
 * policy compliance, ranked by one metric.
 */
export function HeadlineTable(props: {
  title: string;
  rows: OverviewRow[];
  rankBy?: MetricId;
  nameTitle?: string;
  showParent?: boolean;
  showEntities?: boolean;
  /** Offers the rows, in the table's order, as a CSV file of this name. */
  csvFilename?: string;
}) {
  const {
    title,
    rows,
    rankBy = 'change_failure_rate',
    nameTitle = 'Name',
    showParent,
    showEntities,
    csvFilename,
  } = props;
  const metricColumns: TableColumn<RankedRow>[] = HEADLINE_METRIC_IDS.map(
    (id, i) => {
      const definition = getMetricDefinition(id);
      // A speed metric's counterweight sits next to it, marked ↔.
      const previous =
        i > 0 ? getMetricDefinition(HEADLINE_METRIC_IDS[i - 1]) : undefined;
      const pairs = previous?.counterweight === id;
      return {
        title: pairs ? `↔ ${definition.title}` : definition.title,
        tooltip: pairs
          ? `${
              definition.description
            } The counterweight of ${previous!.title.toLowerCase()}.`
          : definition.description,
        field: `metric-${id}`,
        render: r => <MetricCell definition={definition} row={r.row} />,
        customSort: (a, b) =>
          compareValues(
            metricOf(a.row, id)?.value ?? null,
            metricOf(b.row, id)?.value ?? null,
          ),
      };
    },
  );
  const columns: TableColumn<RankedRow>[] = [
    {
      title: '#',
      field: 'rank',
      width: '48px',
      render: r => r.rank ?? '—',
      customSort: (a, b) => compareValues(a.rank, b.rank),
    },
    {
      title: nameTitle,
      field: 'id',
      highlight: true,
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => (
        <>
          <EntityRefLink entityRef={r.row.entityRef}>
            {r.row.title}
          </EntityRefLink>
          {r.row.kind &&
            r.row.kind !== 'component' &&
            r.row.kind !== 'group' && (
              <span
                data-testid={`kind-${r.row.entityRef}`}
                style={{ marginLeft: 6, opacity: 0.7, fontSize: '0.85em' }}
              >
                ({r.row.kind})
              </span>
            )}
        </>
      ),
      customSort: (a, b) =>
        (a.row.title ?? a.id).localeCompare(b.row.title ?? b.id),
    },
    ...(showParent
      ? [
          {
            title: 'Parent',
            field: 'parent',
            cellStyle: { whiteSpace: 'nowrap' as const },
            render: (r: RankedRow) =>
              r.row.parent ? (
                <EntityRefLink entityRef={r.row.parent} hideIcon />
              ) : (
                '—'
              ),
          },
        ]
      : []),
    ...(showEntities
      ? [
          {
            title: 'Entities',
            field: 'entities',
            type: 'numeric' as const,
            render: (r: RankedRow) => r.row.entities,
            customSort: (a: RankedRow, b: RankedRow) =>
              a.row.entities - b.row.entities,
          },
        ]
      : []),
    ...metricColumns,
  ];
  return (
    <div data-testid={`headline-table-${title}`}>
      <Table<RankedRow>
        title={title}
        subtitle={`Ranked by ${getMetricDefinition(
          rankBy,
        ).title.toLowerCase()}; click a column to sort`}
        options={{
          search: false,
          paging: rows.length > 20,
          pageSize: 20,
          padding: 'dense',
        }}
        columns={columns}
        data={rankRows(rows, rankBy)}
      />
      {csvFilename && (
        <Box mt={1}>
          <CsvExportButton
            filename={csvFilename}
            csv={() => overviewRowsCsv(rankRows(rows, rankBy).map(r => r.row))}
          />
        </Box>
      )}
    </div>
  );
}

import {
  METRIC_DEFINITIONS,
  MetricValue,
  OverviewRow,
} from '@shewhart/plugin-quality-scorecard-common';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One field as RFC 4180 writes it: quoted when it holds a comma, a quote or
 * a line break. A text that a spreadsheet would run as a formula (=, +, -, @)
 * gets a leading apostrophe; numbers stay numbers.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and the rows, CRLF line ends as RFC 4180 has them. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows]
    .map(row => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** Every metric's weekly series, one row a metric and week: values in the metric's unit, unformatted. */
export function weeklySeriesCsv(metrics: MetricValue[]): string {
  const byId = new Map(metrics.map(m => [m.id, m]));
  const rows = METRIC_DEFINITIONS.flatMap(d =>
    (byId.get(d.id)?.series ?? []).map(p => [
      d.id,
      d.unit,
      p.start.slice(0, 10),
      p.value,
      p.n,
    ]),
  );
  return toCsv(['metric', 'unit', 'week_start', 'value', 'n'], rows);
}

/** The rows of the team breakdown or the overview: a column a headline metric, in definition order. */
export function overviewRowsCsv(rows: OverviewRow[]): string {
  const present = new Set(rows.flatMap(r => r.metrics.map(m => m.id)));
  const ids = METRIC_DEFINITIONS.map(d => d.id).filter(id => present.has(id));
  return toCsv(
    [
      'entity_ref',
      'title',
      'entities',
      ...ids,
      'ai_policy_applicable',
      'ai_policy_compliant',
    ],
    rows.map(r => {
      const byId = new Map(r.metrics.map(m => [m.id, m.value]));
      return [
        r.entityRef,
        r.title,
        r.entities,
        ...ids.map(id => byId.get(id)),
        r.aiPolicy.applicable,
        r.aiPolicy.compliant,
      ];
    }),
  );
}

export { CsvExportButton, downloadCsv } from './CsvExportButton';
export { csvField, overviewRowsCsv, toCsv, weeklySeriesCsv } from './csv';

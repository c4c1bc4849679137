export { HeadlineTable, rankRows } from './HeadlineTable';
export type { RankedRow } from './HeadlineTable';

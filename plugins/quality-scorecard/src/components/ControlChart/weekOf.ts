import { formatDate } from '@shewhart/plugin-quality-scorecard-common';
import { userLocale } from '../locale';

/** A chart tooltip's title: the week (its ISO start date, the chart's key) in the reader's locale. */
export function weekOf(week: unknown): string {
  return typeof week === 'string'
    ? `Week of ${formatDate(week, userLocale())}`
    : String(week ?? '');
}

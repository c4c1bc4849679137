import {
  METRIC_DEFINITIONS,
  CheckStatus,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatMetricValue } from '../format';

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  exempt: 'exempt',
  'insufficient-data': 'insufficient data',
};

/** A check's current value in the unit of its metric. */
export function formatCheckValue(metric: string, value: number | null) {
  const definition = METRIC_DEFINITIONS.find(d => d.id === metric);
  if (definition) return formatMetricValue(definition, value);
  return value === null ? '—' : String(Math.round(value * 1000) / 1000);
}

export function formatDate(iso: string) {
  return iso.slice(0, 10);
}

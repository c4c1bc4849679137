import { Config } from '@backstage/config';

export interface PluginConfig {
  githubWebhookSecret?: string;
  pagerDutyWebhookSecrets: string[];
  demoDataEnabled: boolean;
  demoDataEndAt?: string;
  productionEnvironments: string[];
  minSampleSize: number;
  timeToRestoreAggregation: 'median' | 'mean';
  seriesWeeks: number;
  baselineWeeks: number;
  attributionRefreshMs: number;
  recomputeIntervalMs: number;
  recomputeTimeoutMs: number;
  recomputeContextWeeks: number;
  recomputeWorkerThreads: number;
  fullRecomputeIntervalMs: number;
  maxBodySize: string;
}

function workerThreads(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 16) {
    throw new Error(
      `qualityScorecard.recompute.workerThreads must be a whole number from 0 to 16, got ${value}`,
    );
  }
  return value;
}

/** Reads and checks `qualityScorecard`; a bad value stops startup with its key named. */
export function readPluginConfig(root: Config): PluginConfig {
  const c = root.getOptionalConfig('qualityScorecard');
  const aggregation = c?.getOptionalString('metrics.timeToRestoreAggregation') ?? 'median';
  if (aggregation !== 'median' && aggregation !== 'mean') {
    throw new Error(
      `qualityScorecard.metrics.timeToRestoreAggregation must be 'median' or 'mean', got '${aggregation}'`,
    );
  }
  const positive = (key: string, fallback: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`qualityScorecard.${key} must be a positive number, got ${value}`);
    }
    return value;
  };
  const seriesWeeks = positive('metrics.seriesWeeks', 26);
  const baselineWeeks = positive('metrics.baselineWeeks', 12);
  if (baselineWeeks > seriesWeeks) {
    throw new Error('qualityScorecard.metrics.baselineWeeks must not exceed metrics.seriesWeeks');
  }
  return {
    githubWebhookSecret: c?.getOptionalString('github.webhookSecret') || undefined,
    pagerDutyWebhookSecrets: c?.getOptionalStringArray('pagerduty.webhookSecrets') ?? [],
    demoDataEnabled: c?.getOptionalBoolean('demoData.enabled') ?? false,
    demoDataEndAt: c?.getOptionalString('demoData.endAt'),
    productionEnvironments: c?.getOptionalStringArray('metrics.productionEnvironments') ?? ['production'],
    minSampleSize: positive('metrics.minSampleSize', 5),
    timeToRestoreAggregation: aggregation,
    seriesWeeks,
    baselineWeeks,
    attributionRefreshMs: positive('attribution.refreshIntervalSeconds', 60) * 1000,
    recomputeIntervalMs: positive('recompute.intervalSeconds', 30) * 1000,
    recomputeTimeoutMs: positive('recompute.timeoutSeconds', 120) * 1000,
    recomputeContextWeeks: positive('recompute.contextWeeks', 4),
    recomputeWorkerThreads: workerThreads(c?.getOptionalNumber('recompute.workerThreads') ?? 2),
    fullRecomputeIntervalMs: positive('recompute.fullIntervalHours', 24) * 3_600_000,
    maxBodySize: c?.getOptionalString('ingestion.maxBodySize') ?? '10mb',
  };
}

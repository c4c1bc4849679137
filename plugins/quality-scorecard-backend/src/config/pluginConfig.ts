import { Config } from '@backstage/config';
import type { WesternElectricRule } from '@shewhart/plugin-quality-scorecard-common';
import {
  DEFAULT_SIGNAL_SETTINGS,
  SignalSettings,
} from '../engine/spc/designs';
import { WESTERN_ELECTRIC_RULES } from '../engine/spc/westernElectric';
import { DEFAULT_REWORK, ReworkOptions } from '../engine/rework';
import {
  SEVERITY_LEVELS,
  SeverityLevel,
  SeverityOptions,
} from '../engine/severity';

export interface PluginConfig {
  /** `github.webhookSecrets`, then the deprecated `github.webhookSecret` when set. */
  githubWebhookSecrets: string[];
  /** Whether the deprecated `github.webhookSecret` is set (a warning at startup). */
  githubWebhookSecretDeprecated: boolean;
  /** Labels that make a GitHub issue an incident or a bug (webhooks; the sync reads the same keys). */
  githubIssueLabels: { incident: string[]; bug: string[] };
  pagerDutyWebhookSecrets: string[];
  demoDataEnabled: boolean;
  demoDataEndAt?: string;
  productionEnvironments: string[];
  /** What marks a deployment as rework (`metrics.rework`). */
  rework: ReworkOptions;
  /** Which incidents and bugs count, by severity (`metrics.severities`). */
  severities: SeverityOptions;
  minSampleSize: number;
  timeToRestoreAggregation: 'median' | 'mean';
  seriesWeeks: number;
  baselineWeeks: number;
  baselineHistoryWeeks: number;
  attributionRefreshMs: number;
  recomputeIntervalMs: number;
  recomputeTimeoutMs: number;
  recomputeContextWeeks: number;
  recomputeWorkerThreads: number;
  fullRecomputeIntervalMs: number;
  maxBodySize: string;
  signals: SignalSettings;
}

function workerThreads(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 16) {
    throw new Error(
      `qualityScorecard.recompute.workerThreads must be a whole number from 0 to 16, got ${value}`,
    );
  }
  return value;
}

/** Reads and checks `qualityScorecard.metrics.rework`; a bad pattern stops the backend with its key named. */
export function readReworkOptions(c: Config | undefined): ReworkOptions {
  const r = c?.getOptionalConfig('metrics.rework');
  const patterns = r?.getOptionalStringArray('patterns') ?? DEFAULT_REWORK.patterns;
  patterns.forEach((p, i) => {
    try {
      RegExp(p, 'i');
    } catch (e) {
      throw new Error(
        `qualityScorecard.metrics.rework.patterns[${i}] is not a regular expression: ${(e as Error).message}`,
      );
    }
  });
  return {
    labels: r?.getOptionalStringArray('labels') ?? DEFAULT_REWORK.labels,
    branches: r?.getOptionalStringArray('branches') ?? DEFAULT_REWORK.branches,
    patterns,
    incidentReferences:
      r?.getOptionalBoolean('incidentReferences') ?? DEFAULT_REWORK.incidentReferences,
  };
}

/** Reads and checks `qualityScorecard.metrics.severities`; an unknown level stops the backend with its key named. */
export function readSeverityOptions(c: Config | undefined): SeverityOptions {
  const s = c?.getOptionalConfig('metrics.severities');
  if (!s) return {};
  const level = (key: string, value: string): SeverityLevel => {
    const l = value.trim().toLowerCase();
    if (!(SEVERITY_LEVELS as readonly string[]).includes(l)) {
      throw new Error(
        `qualityScorecard.metrics.severities.${key} must be one of ${SEVERITY_LEVELS.join(', ')}, got '${value}'`,
      );
    }
    return l as SeverityLevel;
  };
  const levels = (key: 'incidents' | 'bugs') => {
    const list = s.getOptionalStringArray(key);
    return list?.map((v, i) => level(`${key}[${i}]`, v));
  };
  // Read whole: a source's names may hold spaces, which config keys may not.
  const raw = s.getOptional('map') ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error('qualityScorecard.metrics.severities.map must be an object of names to levels');
  }
  const map: Record<string, SeverityLevel> = {};
  for (const [key, value] of Object.entries(raw)) {
    map[key.trim().toLowerCase()] = level(`map.${key}`, String(value));
  }
  const incidents = levels('incidents');
  const bugs = levels('bugs');
  return {
    ...(incidents ? { incidents } : {}),
    ...(bugs ? { bugs } : {}),
    ...(Object.keys(map).length ? { map } : {}),
  };
}

/** Reads and checks `qualityScorecard.signals`. */
export function readSignalSettings(c: Config | undefined): SignalSettings {
  const s = c?.getOptionalConfig('signals');
  const d = DEFAULT_SIGNAL_SETTINGS;
  const design = s?.getOptionalString('design') ?? d.design;
  if (design !== 'calibrated' && design !== 'classic') {
    throw new Error(
      `qualityScorecard.signals.design must be 'calibrated' or 'classic', got '${design}'`,
    );
  }
  const budget =
    s?.getOptionalNumber('falseAlarmsPerServiceYear') ??
    d.falseAlarmsPerServiceYear;
  if (!Number.isFinite(budget) || budget <= 0 || budget > 52) {
    throw new Error(
      `qualityScorecard.signals.falseAlarmsPerServiceYear must be a number above 0 and at most 52, got ${budget}`,
    );
  }
  const rules = s?.getOptionalStringArray('westernElectricRules') ?? [];
  const unknown = rules.find(
    r => !WESTERN_ELECTRIC_RULES.includes(r as WesternElectricRule),
  );
  if (unknown !== undefined) {
    throw new Error(
      `qualityScorecard.signals.westernElectricRules: unknown rule '${unknown}'; rules are ${WESTERN_ELECTRIC_RULES.join(
        ', ',
      )}`,
    );
  }
  const whole = (key: string, fallback: number, min: number) => {
    const value = s?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `qualityScorecard.signals.${key} must be a whole number of at least ${min}, got ${value}`,
      );
    }
    return value;
  };
  return {
    design,
    falseAlarmsPerServiceYear: budget,
    westernElectricRules: rules as WesternElectricRule[],
    minBaselineWeeks: whole('minBaselineWeeks', d.minBaselineWeeks, 2),
    rebaselineAfterWeeks: whole('rebaselineAfterWeeks', d.rebaselineAfterWeeks, 0),
  };
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
  const baselineHistoryWeeks =
    c?.getOptionalNumber('metrics.baselineHistoryWeeks') ?? 26;
  if (!Number.isInteger(baselineHistoryWeeks) || baselineHistoryWeeks < 0 || baselineHistoryWeeks > 104) {
    throw new Error(
      `qualityScorecard.metrics.baselineHistoryWeeks must be a whole number from 0 to 104, got ${baselineHistoryWeeks}`,
    );
  }
  if (baselineWeeks > seriesWeeks) {
    throw new Error('qualityScorecard.metrics.baselineWeeks must not exceed metrics.seriesWeeks');
  }
  return {
    ...readGithubWebhookSecrets(c),
    githubIssueLabels: {
      incident:
        c?.getOptionalStringArray('github.issues.incidentLabels') ??
        c?.getOptionalStringArray('github.sync.issues.incidentLabels') ?? ['Incident'],
      bug:
        c?.getOptionalStringArray('github.issues.bugLabels') ??
        c?.getOptionalStringArray('github.sync.issues.bugLabels') ?? ['bug'],
    },
    pagerDutyWebhookSecrets: secretList(c, 'pagerduty.webhookSecrets'),
    demoDataEnabled: c?.getOptionalBoolean('demoData.enabled') ?? false,
    demoDataEndAt: c?.getOptionalString('demoData.endAt'),
    productionEnvironments: c?.getOptionalStringArray('metrics.productionEnvironments') ?? ['production'],
    rework: readReworkOptions(c),
    severities: readSeverityOptions(c),
    minSampleSize: positive('metrics.minSampleSize', 5),
    timeToRestoreAggregation: aggregation,
    seriesWeeks,
    baselineWeeks,
    baselineHistoryWeeks,
    attributionRefreshMs: positive('attribution.refreshIntervalSeconds', 60) * 1000,
    recomputeIntervalMs: positive('recompute.intervalSeconds', 30) * 1000,
    recomputeTimeoutMs: positive('recompute.timeoutSeconds', 120) * 1000,
    recomputeContextWeeks: positive('recompute.contextWeeks', 4),
    recomputeWorkerThreads: workerThreads(c?.getOptionalNumber('recompute.workerThreads') ?? 2),
    fullRecomputeIntervalMs: positive('recompute.fullIntervalHours', 24) * 3_600_000,
    maxBodySize: c?.getOptionalString('ingestion.maxBodySize') ?? '10mb',
    signals: readSignalSettings(c),
  };
}

/** A list of webhook secrets; an empty one would let anyone sign, so it stops startup. */
function secretList(c: Config | undefined, key: string): string[] {
  const secrets = c?.getOptionalStringArray(key) ?? [];
  secrets.forEach((secret, i) => {
    if (!secret.trim()) {
      throw new Error(`qualityScorecard.${key}[${i}] is empty`);
    }
  });
  return secrets;
}

/** GitHub's secrets: the list, then the deprecated single key as one more (docs/webhook-secrets.md). */
function readGithubWebhookSecrets(c: Config | undefined) {
  const secrets = secretList(c, 'github.webhookSecrets');
  const single = c?.getOptionalString('github.webhookSecret') || undefined;
  return {
    githubWebhookSecrets: single && !secrets.includes(single) ? [...secrets, single] : secrets,
    githubWebhookSecretDeprecated: single !== undefined,
  };
}

import type {
  Band,
  CheckResult,
  CheckStatus,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { EntityFacts, EntityFilter, filterMatches } from './policy';

/**
 * Checks and levels: thresholds on metrics that platform teams set, grouped
 * into levels. Pure: no I/O, no clock (time is a parameter).
 */

export type CheckOperator = '<=' | '<' | '>=' | '>';

export interface CheckDefinition {
  id: string;
  title: string;
  metric: string;
  /** A threshold on the value... */
  operator?: CheckOperator;
  threshold?: number;
  /** ...or a minimum DORA band. */
  band?: Band;
  /** Below this sample size the check reports insufficient data. */
  minSampleSize: number;
  filter: EntityFilter;
}

export interface LevelDefinition {
  id: string;
  title: string;
  checks: string[];
}

export interface ChecksConfig {
  checks: CheckDefinition[];
  /** Lowest first: holding a level needs every check of it and of the levels below. */
  levels: LevelDefinition[];
  windowDays: number;
}

/** A stored evaluation before exemptions are applied. */
export interface RawCheckResult {
  checkId: string;
  status: Exclude<CheckStatus, 'exempt'>;
  value: number | null;
  n: number;
  reason: string;
}

export interface ActiveExemption {
  id: number;
  checkId: string;
  expiresAt: number;
  reason: string;
}

const BAND_ORDER: Band[] = ['low', 'medium', 'high', 'elite'];

const OP_TEXT: Record<CheckOperator, string> = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' };

export function thresholdText(check: Pick<CheckDefinition, 'operator' | 'threshold' | 'band'>): string {
  if (check.band) return `band ≥ ${check.band}`;
  return `${OP_TEXT[check.operator!]} ${check.threshold}`;
}

function compare(value: number, operator: CheckOperator, threshold: number): boolean {
  switch (operator) {
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    default:
      return value > threshold;
  }
}

const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, ''));

/** Whether a check's filter selects an entity (an empty filter selects every entity). */
export function checkApplies(check: CheckDefinition, entity: EntityFacts | undefined): boolean {
  const empty = Object.values(check.filter).every(v => v === undefined);
  if (empty) return true;
  return entity !== undefined && filterMatches(check.filter, entity);
}

/** Evaluates one check on the metric values of an entity's window. */
export function evaluateCheck(check: CheckDefinition, metrics: MetricValue[]): RawCheckResult {
  const metric = metrics.find(m => m.id === check.metric);
  const base = { checkId: check.id, value: metric?.value ?? null, n: metric?.n ?? 0 };
  if (!metric || metric.value === null) {
    return { ...base, status: 'insufficient-data', reason: `no ${check.metric} value in the window` };
  }
  if (metric.n < check.minSampleSize) {
    return {
      ...base,
      status: 'insufficient-data',
      reason: `n = ${metric.n}, below the minimum sample of ${check.minSampleSize}`,
    };
  }
  if (check.band) {
    if (!metric.band) return { ...base, status: 'insufficient-data', reason: `${check.metric} has no band` };
    const ok = BAND_ORDER.indexOf(metric.band) >= BAND_ORDER.indexOf(check.band);
    return {
      ...base,
      status: ok ? 'pass' : 'fail',
      reason: `band ${metric.band}${ok ? '' : `, below ${check.band}`}`,
    };
  }
  const ok = compare(metric.value, check.operator!, check.threshold!);
  return {
    ...base,
    status: ok ? 'pass' : 'fail',
    reason: `${show(metric.value)} ${ok ? 'meets' : 'misses'} ${thresholdText(check)}`,
  };
}

/** The checks that apply to an entity, evaluated. */
export function evaluateChecks(
  config: ChecksConfig,
  entity: EntityFacts | undefined,
  metrics: MetricValue[],
): RawCheckResult[] {
  return config.checks.filter(c => checkApplies(c, entity)).map(c => evaluateCheck(c, metrics));
}

/** Applies approved exemptions that have not expired at `now`. */
export function applyExemptions(
  config: ChecksConfig,
  raw: Array<RawCheckResult & { evaluatedAt: number }>,
  exemptions: ActiveExemption[],
  now: number,
): CheckResult[] {
  const order = (id: string) => config.checks.findIndex(c => c.id === id);
  const sorted = [...raw].sort((a, b) => order(a.checkId) - order(b.checkId));
  return sorted.flatMap(r => {
    const check = config.checks.find(c => c.id === r.checkId);
    if (!check) return [];
    const exemption = exemptions.find(e => e.checkId === r.checkId && e.expiresAt > now);
    const exempted = exemption !== undefined && r.status !== 'pass';
    return [
      {
        checkId: r.checkId,
        title: check.title,
        metric: check.metric,
        threshold: thresholdText(check),
        status: exempted ? 'exempt' : r.status,
        rawStatus: r.status,
        value: r.value,
        n: r.n,
        reason: exempted ? `${r.reason}; exempt until ${new Date(exemption.expiresAt).toISOString().slice(0, 10)}` : r.reason,
        ...(exemption
          ? { exemption: { id: exemption.id, expiresAt: new Date(exemption.expiresAt).toISOString(), reason: exemption.reason } }
          : {}),
        evaluatedAt: new Date(r.evaluatedAt).toISOString(),
      },
    ];
  });
}

const satisfied = (r: Pick<CheckResult, 'status'> | undefined) =>
  r === undefined || r.status === 'pass' || r.status === 'exempt';

/**
 * The highest level held: every check of it and of every lower level passes
 * or is exempt (checks that do not apply to the entity are satisfied).
 */
export function levelOf(config: ChecksConfig, results: Array<Pick<CheckResult, 'checkId' | 'status'>>): {
  level: string | null;
  next?: { level: string; failing: string[] };
} {
  let level: string | null = null;
  for (const l of config.levels) {
    const failing = l.checks.filter(id => !satisfied(results.find(r => r.checkId === id)));
    if (failing.length > 0) return { level, next: { level: l.id, failing } };
    level = l.id;
  }
  return { level };
}

/** The checks of a level and of the levels below it that are not satisfied. */
export function gateFailures(config: ChecksConfig, results: CheckResult[], levelId: string): CheckResult[] | undefined {
  const index = config.levels.findIndex(l => l.id === levelId);
  if (index < 0) return undefined;
  const ids = config.levels.slice(0, index + 1).flatMap(l => l.checks);
  return results.filter(r => ids.includes(r.checkId) && !satisfied(r));
}

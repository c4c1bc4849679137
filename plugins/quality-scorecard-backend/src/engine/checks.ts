import {
  Band,
  CheckResult,
  CheckStatus,
  MetricId,
  MetricValue,
  getMetricDefinition,
  isMetricId,
  meetsBand,
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
  /**
   * A balanced check: the metric's counterweight (its definition's) must hold
   * its own threshold or band too.
   */
  counterweight?: CounterweightCondition;
  /** Below this sample size the check reports insufficient data. */
  minSampleSize: number;
  filter: EntityFilter;
}

/** The condition on a metric's counterweight in a balanced check. */
export interface CounterweightCondition {
  metric: MetricId;
  operator?: CheckOperator;
  threshold?: number;
  band?: Band;
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

const OP_TEXT: Record<CheckOperator, string> = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' };

export function thresholdText(
  check: Pick<CheckDefinition, 'operator' | 'threshold' | 'band' | 'counterweight'>,
): string {
  const own = check.band ? `band ≥ ${check.band}` : `${OP_TEXT[check.operator!]} ${check.threshold}`;
  if (!check.counterweight) return own;
  return `${own}, and ${check.counterweight.metric} ${thresholdText({ ...check.counterweight, counterweight: undefined })}`;
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

/** One metric's condition (a threshold or a band) on the window's values. */
function evaluateCondition(
  metricId: string,
  condition: Pick<CheckDefinition, 'operator' | 'threshold' | 'band' | 'minSampleSize'>,
  metrics: MetricValue[],
): { status: RawCheckResult['status']; reason: string } {
  const metric = metrics.find(m => m.id === metricId);
  if (!metric || metric.value === null) {
    return { status: 'insufficient-data', reason: `no ${metricId} value in the window` };
  }
  if (metric.n < condition.minSampleSize) {
    return {
      status: 'insufficient-data',
      reason: `n = ${metric.n}, below the minimum sample of ${condition.minSampleSize}`,
    };
  }
  if (condition.band) {
    if (!isMetricId(metricId)) return { status: 'insufficient-data', reason: `${metricId} has no band` };
    const definition = getMetricDefinition(metricId);
    if (!definition.bands) return { status: 'insufficient-data', reason: `${metricId} has no band` };
    // By what the band stands for, not its name: DORA 2024's high change
    // failure rate is worse than its medium.
    const ok = meetsBand(definition, metric.value, condition.band, null, metric.band);
    const own = metric.band ? `band ${metric.band}` : `no ${definition.bands.edition} band`;
    return {
      status: ok ? 'pass' : 'fail',
      reason: `${own}${ok ? '' : `, short of ${condition.band}`}`,
    };
  }
  const ok = compare(metric.value, condition.operator!, condition.threshold!);
  return {
    status: ok ? 'pass' : 'fail',
    reason: `${show(metric.value)} ${ok ? 'meets' : 'misses'} ${thresholdText({
      operator: condition.operator,
      threshold: condition.threshold,
    })}`,
  };
}

/** Evaluates one check on the metric values of an entity's window. */
export function evaluateCheck(check: CheckDefinition, metrics: MetricValue[]): RawCheckResult {
  const metric = metrics.find(m => m.id === check.metric);
  const base = { checkId: check.id, value: metric?.value ?? null, n: metric?.n ?? 0 };
  const own = evaluateCondition(check.metric, check, metrics);
  if (!check.counterweight) return { ...base, ...own };
  const other = evaluateCondition(
    check.counterweight.metric,
    { ...check.counterweight, minSampleSize: check.minSampleSize },
    metrics,
  );
  const statuses = [own.status, other.status];
  let status: RawCheckResult['status'] = 'pass';
  if (statuses.includes('fail')) status = 'fail';
  else if (statuses.includes('insufficient-data')) status = 'insufficient-data';
  return {
    ...base,
    status,
    reason: `${own.reason}; counterweight ${check.counterweight.metric}: ${other.reason}`,
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

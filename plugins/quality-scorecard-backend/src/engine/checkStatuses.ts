import type { CheckStatus } from '@shewhart/plugin-quality-scorecard-common';
import {
  ActiveExemption,
  ChecksConfig,
  levelOf,
  RawCheckResult,
} from './checks';

/** One check of one entity in a bulk read: its status after exemptions, without texts. */
export interface CheckStatusRow {
  checkId: string;
  status: CheckStatus;
  value: number | null;
  n: number;
  /** The approved exemption that covers a failing or short check. */
  exemptionId?: number;
}

export interface EntityCheckStatuses {
  results: CheckStatusRow[];
  level: string | null;
  next?: { level: string; failing: string[] };
  /** When the entity's checks were last evaluated; null when never. */
  evaluatedAt: number | null;
}

/**
 * What `applyExemptions` and `levelOf` answer, without titles, reasons or
 * dates: for reads of thousands of entities, where those texts would be most
 * of the cost. Pure; the definitions are indexed once for every entity.
 */
export function checkStatusesFor(config: ChecksConfig) {
  const order = new Map(config.checks.map((c, i) => [c.id, i]));
  return (
    raw: Array<
      Pick<RawCheckResult, 'checkId' | 'status' | 'value' | 'n'> & {
        evaluatedAt: number;
      }
    >,
    exemptions: ActiveExemption[],
    now: number,
  ): EntityCheckStatuses => {
    const known = raw
      .filter(r => order.has(r.checkId))
      .sort((a, b) => order.get(a.checkId)! - order.get(b.checkId)!);
    const results = known.map(r => {
      const exemption =
        r.status === 'pass'
          ? undefined
          : exemptions.find(e => e.checkId === r.checkId && e.expiresAt > now);
      const row: CheckStatusRow = {
        checkId: r.checkId,
        status: exemption ? 'exempt' : r.status,
        value: r.value,
        n: r.n,
      };
      if (exemption) row.exemptionId = exemption.id;
      return row;
    });
    const evaluatedAt =
      known.length > 0 ? Math.max(...known.map(r => r.evaluatedAt)) : null;
    // Never evaluated (or no check applies): no level rather than every level vacuously.
    if (results.length === 0) return { results, level: null, evaluatedAt };
    return { results, ...levelOf(config, results), evaluatedAt };
  };
}

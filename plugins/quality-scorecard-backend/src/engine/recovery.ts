/*
 * Failed deployment recovery time (DORA): how long service took to recover
 * from a deployment that failed in production. docs/metrics.md gives the
 * rule and its source.
 */
import type { StoredDeployment, StoredIncident } from './model';

/**
 * When a failed deployment recovered: the resolution of the last of its
 * linked incidents, once all are resolved; undefined while any is open.
 * Recovery time runs from the deployment's finish (when the failure reached
 * production), as DevLake measures it; a resolution before that counts as 0.
 */
export function recoveryOf(
  deployment: StoredDeployment,
  incidents: StoredIncident[],
): { recoveredAt: number; seconds: number } | undefined {
  if (incidents.length === 0) return undefined;
  let recoveredAt = -Infinity;
  for (const i of incidents) {
    if (i.resolvedAt === null) return undefined;
    recoveredAt = Math.max(recoveredAt, i.resolvedAt);
  }
  return {
    recoveredAt,
    seconds: Math.max(0, recoveredAt - deployment.finishedAt) / 1000,
  };
}

/*
 * The compute job of a recompute, which runs in a worker thread or in this
 * one alike: an entity's weekly snapshots from its stored event rows. (The
 * render job is renderEntityScorecard, in renderJobs.)
 */
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { SnapshotRow } from '../engine/model';
import { EntityEventRows, eventsFromRows } from '../database/entityEventRows';
import { computeWeeklyStats, EngineOptions } from '../engine/weeklyStats';
import { BUILT_IN_RULES, CompiledPolicy } from '../engine/policy';
import { readAiPolicies } from '../policyConfig';
import { readAiDetectionConfig } from '../aiDetectionConfig';
import type { EntityEvents } from '../engine/model';

/** An entity's snapshot rows from the week `rewriteFrom` on. */
export function snapshotRowsOf(
  entityRef: string,
  events: EntityEvents,
  engine: EngineOptions,
  rewriteFrom: number,
  now: number,
): SnapshotRow[] {
  const weeks = computeWeeklyStats(events, engine);
  const rows: SnapshotRow[] = [];
  for (const [weekStart, stats] of weeks) {
    if (weekStart < rewriteFrom) continue;
    rows.push({
      entityRef,
      weekStart,
      stats: JSON.stringify(stats),
      demo: events.demo,
      computedAt: now,
    });
  }
  return rows;
}

/**
 * What a worker needs to build the engine's options as the plugin does: the
 * production environments and the raw `aiPolicies` and `aiDetection` config.
 */
export interface EngineSetup {
  productionEnvironments: string[];
  config: JsonObject;
}

/** A compute job: the policies that apply to the entity go by id (undefined: the default). */
export interface ComputeJob {
  entityRef: string;
  rows: EntityEventRows;
  policyIds?: string[];
  rewriteFrom: number;
  now: number;
}

/** Builds the engine a worker runs, from the plugin's config as the plugin reads it. */
export function engineFromSetup(setup: EngineSetup) {
  const config = new ConfigReader({ qualityScorecard: setup.config });
  const policies = readAiPolicies(config, [...BUILT_IN_RULES]);
  const base = {
    productionEnvironments: setup.productionEnvironments,
    aiDetection: readAiDetectionConfig(config),
  };
  return (job: ComputeJob): { rows: SnapshotRow[]; demo: boolean } => {
    const events = eventsFromRows(job.rows);
    const selected =
      job.policyIds === undefined
        ? undefined
        : policies.filter(p => job.policyIds!.includes(p.id));
    return {
      rows: snapshotRowsOf(
        job.entityRef,
        events,
        { ...base, policies: selected },
        job.rewriteFrom,
        job.now,
      ),
      demo: events.demo,
    };
  };
}

/** Whether a worker can apply these policies: only built-in rules can be rebuilt there. */
export function workerCanApply(
  policies: CompiledPolicy[] | undefined,
): boolean {
  return (policies ?? []).every(p =>
    p.rules.every(r => BUILT_IN_RULES.includes(r.rule)),
  );
}

/*
 * The compute job of a recompute, which runs in a worker thread or in this
 * one alike: an entity's weekly snapshots from its stored event rows. (The
 * render job is renderEntityScorecard, in renderJobs.)
 */
import type { ReworkOptions } from '../engine/rework';
import type { SeverityOptions } from '../engine/severity';
import type { SnapshotRow } from '../engine/model';
import { EntityEventRows, eventsFromRows } from '../database/entityEventRows';
import { computeWeeklyStats, EngineOptions } from '../engine/weeklyStats';
import { BUILT_IN_RULES, CompiledPolicy } from '../engine/policy';
import { AiPolicyDefinition, compileAiPolicies } from '../config/aiPolicies';
import type { AiDetectionOptions } from '../engine/aiDetection';
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
 * What a worker needs to build the engine's options as the plugin does,
 * as data that crosses to a worker thread: the configuration as the plugin
 * read and checked it (config/qualityConfig.ts), never parsed again.
 */
export interface EngineSetup {
  productionEnvironments: string[];
  rework?: ReworkOptions;
  severities?: SeverityOptions;
  aiDetection: AiDetectionOptions;
  /** The configured policies; undefined: the default policy. */
  aiPolicies?: AiPolicyDefinition[];
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
  const policies = compileAiPolicies(setup.aiPolicies, [...BUILT_IN_RULES]);
  const base = {
    productionEnvironments: setup.productionEnvironments,
    rework: setup.rework,
    severities: setup.severities,
    aiDetection: setup.aiDetection,
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

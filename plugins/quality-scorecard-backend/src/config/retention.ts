import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/** The kinds of stored data that the retention job deletes, each after its own period. */
export const RETENTION_KINDS = [
  'rawDeliveries',
  'events',
  'snapshots',
  'checkHistory',
  'notificationEpisodes',
  'exemptionAudit',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** `qualityScorecard.retention`, read and checked (docs/retention.md). */
export interface RetentionConfig {
  /** How long each kind is kept, in milliseconds. */
  periodsMs: Record<RetentionKind, number>;
  /**
   * `retention.deletedEntities`: how long the data of an entity that left
   * the catalog is kept (read by src/lifecycle, not by the retention job).
   */
  deletedEntitiesMs: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  batchSize: number;
}

/**
 * Why each default (docs/retention.md says it at length): raw deliveries hold
 * personal data and only serve replays of recent failures; events cover the
 * DORA and control-chart windows plus a year-over-year comparison; snapshots
 * outlive events so old charts keep their weeks; the exemption audit is the
 * compliance record and outlives everything.
 */
export const DEFAULT_RETENTION_PERIODS_MS: Record<RetentionKind, number> = {
  rawDeliveries: 30 * DAY_MS,
  events: 2 * YEAR_MS,
  snapshots: 3 * YEAR_MS,
  checkHistory: 2 * YEAR_MS,
  notificationEpisodes: 1 * YEAR_MS,
  exemptionAudit: 7 * YEAR_MS,
};

export const DEFAULT_DELETED_ENTITIES_MS = 30 * DAY_MS;
export const DEFAULT_RETENTION_BATCH_SIZE = 1000;
export const MAX_RETENTION_BATCH_SIZE = 10_000;

/** Once a day; a run longer than an hour stops between batches and the next run goes on. */
export const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 15 },
  };

const KEY = 'qualityScorecard.retention';

/** A duration key: a HumanDuration object, an ISO-8601 string ('P2Y') or an ms-style string ('30d'). */
function readPeriodMs(r: Config | undefined, key: string, fallback: number) {
  if (!r?.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(r, { key }));
  } catch (e) {
    throw new Error(`${KEY}.${key} is not a duration: ${(e as Error).message}`);
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(`${KEY}.${key} must be a positive duration, got ${ms} ms`);
  }
  return ms;
}

const days = (ms: number) => `${Math.round((ms / DAY_MS) * 100) / 100} days`;

/**
 * Reads and checks `qualityScorecard.retention`. The exemption audit must be
 * kept at least as long as every other kind (it is the record of why a check
 * did not apply), and snapshots at least as long as events (the recompute
 * never rewrites weeks whose events are gone, so their snapshots serve them).
 * A violation stops the backend, naming the key.
 */
export function readRetentionConfig(root: Config): RetentionConfig {
  const r = root.getOptionalConfig(KEY);
  const periodsMs = Object.fromEntries(
    RETENTION_KINDS.map(kind => [
      kind,
      readPeriodMs(r, kind, DEFAULT_RETENTION_PERIODS_MS[kind]),
    ]),
  ) as Record<RetentionKind, number>;

  for (const kind of RETENTION_KINDS) {
    if (periodsMs.exemptionAudit < periodsMs[kind]) {
      throw new Error(
        `${KEY}.exemptionAudit (${days(
          periodsMs.exemptionAudit,
        )}) must be at least as long as ${KEY}.${kind} (${days(
          periodsMs[kind],
        )}): the exemption audit is kept longest`,
      );
    }
  }
  if (periodsMs.snapshots < periodsMs.events) {
    throw new Error(
      `${KEY}.snapshots (${days(
        periodsMs.snapshots,
      )}) must be at least as long as ${KEY}.events (${days(
        periodsMs.events,
      )}): snapshots serve the weeks whose events are deleted`,
    );
  }

  const batchSize =
    r?.getOptionalNumber('batchSize') ?? DEFAULT_RETENTION_BATCH_SIZE;
  if (
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > MAX_RETENTION_BATCH_SIZE
  ) {
    throw new Error(
      `${KEY}.batchSize must be a whole number from 1 to ${MAX_RETENTION_BATCH_SIZE}, got ${batchSize}`,
    );
  }

  return {
    periodsMs,
    deletedEntitiesMs: readPeriodMs(
      r,
      'deletedEntities',
      DEFAULT_DELETED_ENTITIES_MS,
    ),
    schedule: r?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          r.getConfig('schedule'),
        )
      : DEFAULT_RETENTION_SCHEDULE,
    batchSize,
  };
}

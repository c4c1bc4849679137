/*
 * The render job of a recompute, which runs in a worker thread or in this one
 * alike: an entity's default-window scorecard, compressed for storage.
 */
import { gzipSync } from 'zlib';
import type { SnapshotRow } from '../engine/model';
import type { AggregateOptions } from '../engine/aggregate';
import type { BaselineStart } from '../engine/spc/calibrated';
import {
  buildScorecard,
  parseSnapshots,
  Weeks,
} from '../engine/scorecardDocument';

/** A render job: one entity's snapshot rows of the window's weeks, as stored. */
export interface RenderJob {
  entityRef: string;
  rows: SnapshotRow[];
  weeks: Weeks;
  aggregate: AggregateOptions;
  baselines?: BaselineStart[];
}

/**
 * zlib level of the stored scorecards: on the benchmark's documents level 3
 * took 46% of the default level's (6) time for 16% more bytes (13 kB
 * instead of 11 kB of a 100 kB scorecard), and a full recompute compresses
 * every entity's scorecard.
 */
const GZIP_LEVEL = 3;

/**
 * An entity's scorecard as gzip-compressed JSON, as the read endpoint sends
 * it to clients that accept gzip (compressing 60 kB on each read cost more
 * than the rest of the read).
 */
export function renderEntityScorecard(job: RenderJob): Buffer {
  const scorecard = buildScorecard({
    entityRef: job.entityRef,
    entityRefs: [job.entityRef],
    rows: parseSnapshots(job.rows),
    weeks: job.weeks,
    rolledUp: false,
    aggregate: job.aggregate,
    baselines: job.baselines,
  });
  return gzipSync(JSON.stringify(scorecard), { level: GZIP_LEVEL });
}

import { WEEK_MS, weekStartOf } from '../engine/time';

/**
 * The earliest week a recompute may rewrite, given how long events are kept.
 * Weeks before it may have lost events to retention (or are about to), so
 * their stored snapshots, kept longer, go on serving them as computed while
 * the events were there. It is the first whole week after the events cutoff,
 * and `contextWeeks` after that, so that every week rewritten also has the
 * weeks of context before it that an incremental recompute reads (lead
 * times reach back to earlier commits, incidents to earlier deployments).
 */
export function recomputeFloor(
  now: number,
  eventsRetentionMs: number,
  contextWeeks: number,
): number {
  const cutoff = now - eventsRetentionMs;
  const week = weekStartOf(cutoff);
  const firstWholeWeek = week === cutoff ? week : week + WEEK_MS;
  return firstWholeWeek + contextWeeks * WEEK_MS;
}

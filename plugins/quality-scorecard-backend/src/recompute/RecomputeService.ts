import type { QualityStore } from '../database/QualityStore';
import type { SnapshotRow } from '../engine/model';
import { WEEK_MS, weekStartOf } from '../engine/time';
import { CompiledPolicy, policiesFor } from '../engine/policy';
import type { OwnershipService } from '../scorecards/OwnershipService';
import type { ScorecardServiceOptions } from '../scorecards/scorecardOptions';
import { ScorecardDocuments, WRITE_BATCH } from './ScorecardDocuments';
import { snapshotRowsOf, workerCanApply } from './recomputeJobs';
import { recomputeFloor } from '../retention/recomputeFloor';
import { randomUUID } from 'crypto';
import os from 'os';

/** Dirty entities one instance claims at a time: small, so that instances share a recompute evenly. */
export const CLAIM_BATCH = 2 * WRITE_BATCH;

/**
 * Called after an entity's snapshots were rewritten (by the scheduled
 * recompute, a refresh or the demo loader), for reactions such as check
 * evaluation and notifications. A listener that throws is logged; it does
 * not stop the recompute.
 */
export type RecomputeListener = (event: {
  entityRef: string;
  now: number;
}) => Promise<void>;

/**
 * The write side: recomputes per-entity weekly snapshots (only for dirty
 * entities, only from the touched weeks on), has their default-window
 * scorecards rendered and stored, and tells the listeners.
 */
export class RecomputeService {
  private readonly contextWeeks: number;
  private readonly listeners: RecomputeListener[] = [];
  /** This instance, in the claims it takes on dirty entities. */
  readonly claimant = `${os.hostname()}:${process.pid}:${randomUUID().slice(
    0,
    8,
  )}`;

  constructor(
    private readonly store: QualityStore,
    private readonly ownership: OwnershipService,
    private readonly documents: ScorecardDocuments,
    private readonly options: ScorecardServiceOptions,
  ) {
    this.contextWeeks = options.contextWeeks ?? 4;
  }

  /** Registers a reaction to rewritten snapshots. */
  onRecomputed(listener: RecomputeListener): void {
    this.listeners.push(listener);
  }

  private async notify(entityRef: string, now: number) {
    for (const listener of this.listeners) {
      try {
        await listener({ entityRef, now });
      } catch (e) {
        this.options.logger.error(
          `Reaction to the recompute of ${entityRef} failed: ${e}`,
        );
      }
    }
  }

  /** The policies whose filters select the entity; the catalog is read only when a filter needs it. */
  private async policiesFor(
    entityRef: string,
  ): Promise<CompiledPolicy[] | undefined> {
    const policies = this.options.policies;
    if (!policies) return undefined;
    const needsCatalog = policies.some(p =>
      Object.values(p.filter).some(v => v !== undefined),
    );
    if (!needsCatalog) return policies;
    const { facts } = await this.ownership.load();
    return policiesFor(policies, facts.get(entityRef));
  }

  /**
   * Recomputes an entity's weekly snapshots. With `since` (the earliest
   * instant that new events touched), only the weeks from `contextWeeks`
   * before it are rewritten, reading `contextWeeks` more of history as
   * context; without it, the whole history. Returns the weeks written.
   */
  async recomputeEntity(
    entityRef: string,
    now: number,
    since = 0,
  ): Promise<number> {
    const computed = await this.computeEntity(entityRef, now, since);
    await this.commit([computed], now);
    await this.notify(entityRef, now);
    return computed.rows.length;
  }

  /** An entity's rewritten weeks, not yet stored. */
  private async computeEntity(entityRef: string, now: number, since: number) {
    const context = this.contextWeeks * WEEK_MS;
    let rewriteFrom = since > 0 ? weekStartOf(since) - context : 0;
    // Weeks whose events retention deleted keep the snapshots they had.
    const kept = this.options.eventsRetentionMs;
    if (kept !== undefined) {
      rewriteFrom = Math.max(
        rewriteFrom,
        recomputeFloor(now, kept, this.contextWeeks),
      );
    }
    const loadFrom = since > 0 ? rewriteFrom - context : 0;
    const policies = await this.policiesFor(entityRef);
    const workers = this.options.workers;
    let rows;
    if (workers?.computes && workerCanApply(policies)) {
      // The rows go to a worker as text; this thread reads the next entity's meanwhile.
      const result = await workers.compute({
        entityRef,
        rows: await this.store.loadEntityEventRows(entityRef, loadFrom),
        policyIds: policies?.map(p => p.id),
        rewriteFrom,
        now,
      });
      rows = result.rows;
    } else {
      const events = await this.store.loadEntityEvents(entityRef, loadFrom);
      rows = snapshotRowsOf(
        entityRef,
        events,
        { ...this.options.engine, policies },
        rewriteFrom,
        now,
      );
    }
    return { entityRef, rows, fromWeek: rewriteFrom };
  }

  /**
   * Stores computed entities with their rendered scorecards: rows, version
   * and scorecard of each entity in one write. With a claimant, only the
   * entities it still holds; returns those written.
   */
  private async commit(
    computed: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
    }>,
    now: number,
    claimant?: string,
  ): Promise<Set<string>> {
    const documents = await this.documents.renderComputed(computed, now);
    const written = await this.store.replaceSnapshotsMany(
      computed.map(c => ({ ...c, document: documents.get(c.entityRef) })),
      { claimant },
    );
    return new Set(written);
  }

  /**
   * Drains the dirty list; returns how many entities this instance
   * recomputed. Every backend instance runs it (the task's scope is local):
   * each claims `CLAIM_BATCH` marks at a time that no live claim holds
   * (`FOR UPDATE SKIP LOCKED` on PostgreSQL), writes the snapshots, versions
   * and rendered scorecards of up to `WRITE_BATCH` entities in one
   * transaction (only those it still holds), tells the listeners, then
   * clears their marks (so a crash before that recomputes them again rather
   * than skip a listener) and gives back its claim on those marked again
   * meanwhile. Stops between batches once `signal` aborts (the scheduled
   * task's timeout) and gives back what it did not compute; a dead
   * instance's claims lapse after `claimLeaseMs`.
   */
  async recomputeDirty(
    now: () => number = Date.now,
    signal?: AbortSignal,
  ): Promise<number> {
    const count = await this.recomputeBatches(now, signal);
    await this.documents.renderStale(now(), signal);
    return count;
  }

  private async recomputeBatches(
    now: () => number,
    signal?: AbortSignal,
  ): Promise<number> {
    const claimant = this.claimant;
    const leaseMs = this.options.claimLeaseMs ?? 120_000;
    let count = 0;
    for (;;) {
      if (signal?.aborted) return count;
      const claimed = await this.store.claimDirty({
        limit: CLAIM_BATCH,
        claimant,
        now: now(),
        leaseMs,
      });
      if (claimed.length === 0) return count;
      const dirty = await this.withoutMissing(claimed);
      const untouched = new Set(dirty.map(d => d.entityRef));
      try {
        for (let i = 0; i < dirty.length; i += WRITE_BATCH) {
          if (signal?.aborted) break;
          const at = now();
          // Stopping at the deadline even within a batch: what is not
          // computed stays dirty.
          const batch = dirty.slice(i, i + WRITE_BATCH);
          const done = [];
          const computing = [];
          // Every entity of the batch at once: with worker threads, their
          // computations overlap this thread's reads of the next entities.
          for (const d of batch) {
            if (signal?.aborted) break;
            computing.push(this.computeEntity(d.entityRef, at, d.since));
            done.push(d);
          }
          const computed = await Promise.all(computing);
          if (computed.length === 0) break;
          const written = await this.commit(computed, at, claimant);
          for (const c of computed) {
            if (written.has(c.entityRef)) await this.notify(c.entityRef, at);
          }
          const mine = done.filter(d => written.has(d.entityRef));
          await this.store.clearDirtyMany(mine);
          count += mine.length;
          for (const d of done) untouched.delete(d.entityRef);
          // Marked again while computed: dirty still, for any instance.
          await this.store.releaseClaims(
            mine.map(d => d.entityRef),
            claimant,
          );
        }
      } finally {
        // Not computed (stopped, or a failure): at once for another run.
        if (untouched.size > 0) {
          await this.store.releaseClaims([...untouched], claimant);
        }
      }
    }
  }

  /**
   * Dirty entities that are still in the catalog. The marks of those that
   * left it are cleared: their return marks them again, from the start.
   */
  private async withoutMissing<
    T extends { entityRef: string; markedAt: number },
  >(dirty: T[]): Promise<T[]> {
    const presence = this.options.presence;
    if (!presence) return dirty;
    const missing = await presence.missingAmong(dirty.map(d => d.entityRef));
    if (missing.size === 0) return dirty;
    await this.store.clearDirtyMany(
      dirty.filter(d => missing.has(d.entityRef)),
    );
    return dirty.filter(d => !missing.has(d.entityRef));
  }

  /** Marks every entity with events (except those that left the catalog) for a full recompute (the daily catch-up). */
  async markAllForFullRecompute(now: number): Promise<number> {
    const stored = await this.store.listEntityRefs();
    const missing =
      (await this.options.presence?.missingAmong(stored)) ?? new Set<string>();
    const refs = stored.filter(r => !missing.has(r));
    await this.store.markDirty(
      refs.map(entityRef => ({ entityRef, since: 0 })),
      now,
    );
    return refs.length;
  }
}

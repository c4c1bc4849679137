import type {
  PendingScorecardDocument,
  QualityStore,
} from '../database/QualityStore';
import type { SnapshotRow } from '../engine/model';
import { groupByEntity } from '../engine/groupByEntity';
import { Weeks, defaultWindow } from '../engine/scorecardDocument';
import {
  ScorecardServiceOptions,
  baselinesOf,
  digest,
  scorecardWeeks,
} from '../scorecards/scorecardOptions';

/** Entities whose scorecards render in one batch. */
export const WRITE_BATCH = 20;

/**
 * The stored default-window scorecards (gzip-compressed JSON): rendered by
 * the worker threads as a recompute stores the snapshots (renderComputed),
 * again when they go stale (renderStale), and served as they are by the
 * reader while they are current.
 */
export class ScorecardDocuments {
  /** Stored scorecards rendered under another configuration or plugin version are not served. */
  private readonly configKey: string;

  constructor(
    private readonly store: QualityStore,
    private readonly options: ScorecardServiceOptions,
  ) {
    this.configKey = digest(
      JSON.stringify([
        options.version ?? '',
        options.seriesWeeks,
        options.historyWeeks ?? 0,
        options.aggregate,
      ]),
    );
  }

  /** The stored rendering of an entity for these weeks, when it is current; none without workers. */
  async read(entityRef: string, w: Weeks): Promise<Buffer | undefined> {
    if (!this.options.workers) return undefined;
    return this.store.readScorecardDocument(
      entityRef,
      w.firstWeek,
      w.endWeek,
      this.configKey,
    );
  }

  /**
   * Renders the default-window scorecards of freshly computed entities,
   * before they are stored, so that the recompute writes rows, version and
   * scorecard in one transaction. The rewritten weeks come from `computed`;
   * only the weeks before each rewrite are read from the store. An entity
   * whose rendering fails gets none (its read computes instead).
   */
  async renderComputed(
    computed: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
    }>,
    now: number,
  ): Promise<Map<string, PendingScorecardDocument>> {
    const out = new Map<string, PendingScorecardDocument>();
    const workers = this.options.workers;
    if (!workers || computed.length === 0) return out;
    try {
      const w = scorecardWeeks(this.options, defaultWindow(now), true);
      const refs = computed.map(c => c.entityRef);
      // Versions are read before the older rows: a rewrite in between makes
      // the write skip the scorecard (basedOnVersion no longer matches).
      const versions = await this.store.snapshotVersions(refs);
      const partial = computed.filter(c => c.fromWeek > w.readFrom);
      const older = partial.length
        ? groupByEntity(
            await this.store.readSnapshots(
              partial.map(c => c.entityRef),
              w.readFrom,
              Math.min(w.endWeek, Math.max(...partial.map(c => c.fromWeek))),
            ),
          )
        : new Map<string, SnapshotRow[]>();
      const baselines = await baselinesOf(this.options, refs);
      const bodies = await Promise.all(
        computed.map(c =>
          workers.render({
            entityRef: c.entityRef,
            rows: [
              ...(older.get(c.entityRef) ?? []).filter(
                r => r.weekStart < c.fromWeek,
              ),
              ...c.rows.filter(
                r => r.weekStart >= w.readFrom && r.weekStart < w.endWeek,
              ),
            ],
            weeks: w,
            aggregate: this.options.aggregate,
            baselines: baselines.get(c.entityRef) ?? [],
          }),
        ),
      );
      computed.forEach((c, i) =>
        out.set(c.entityRef, {
          firstWeek: w.firstWeek,
          endWeek: w.endWeek,
          configKey: this.configKey,
          gzip: bodies[i],
          renderedAt: now,
          basedOnVersion: versions.get(c.entityRef) ?? 0,
        }),
      );
    } catch (e) {
      this.options.logger.warn(
        `Could not render the scorecards of ${computed.length} entities (their reads compute them instead): ${e}`,
      );
      out.clear();
    }
    return out;
  }

  /**
   * Renders and stores the default-window scorecards of entities as their
   * snapshots are stored (the pass over stale scorecards). Never fails the recompute: a scorecard
   * that is not stored is computed on its read.
   */
  async render(entityRefs: string[], now: number) {
    const workers = this.options.workers;
    if (!workers || entityRefs.length === 0) return;
    try {
      const w = scorecardWeeks(this.options, defaultWindow(now), true);
      // Versions are read before the snapshots: a rewrite in between leaves
      // the stored scorecard a version behind, so it is not served.
      const versions = await this.store.snapshotVersions(entityRefs);
      const byEntity = groupByEntity(
        await this.store.readSnapshots(entityRefs, w.readFrom, w.endWeek),
      );
      const baselines = await baselinesOf(this.options, entityRefs);
      const rendered = entityRefs.filter(ref => versions.has(ref));
      const bodies = await Promise.all(
        rendered.map(entityRef =>
          workers.render({
            entityRef,
            rows: byEntity.get(entityRef) ?? [],
            weeks: w,
            aggregate: this.options.aggregate,
            baselines: baselines.get(entityRef) ?? [],
          }),
        ),
      );
      await this.store.writeScorecardDocuments(
        rendered.map((entityRef, i) => ({
          entityRef,
          firstWeek: w.firstWeek,
          endWeek: w.endWeek,
          version: versions.get(entityRef)!,
          configKey: this.configKey,
          gzip: bodies[i],
          renderedAt: now,
        })),
      );
    } catch (e) {
      this.options.logger.warn(
        `Could not store the rendered scorecards of ${entityRefs.length} entities (their reads compute them instead): ${e}`,
      );
    }
  }

  /**
   * Renders the stored scorecards that are not current for the default
   * window at `now`: when a new week starts (the window moves), after an
   * upgrade or a configuration change, or when an instance on an older
   * version rewrote snapshots. One pass in ref order; a rendering that fails
   * is logged and left to the next run.
   */
  async renderStale(now: number, signal?: AbortSignal) {
    if (!this.options.workers) return;
    const w = scorecardWeeks(this.options, defaultWindow(now));
    let after = '';
    let rendered = 0;
    const { logger } = this.options;
    try {
      for (;;) {
        if (signal?.aborted) return;
        const refs = await this.store.listUnrenderedEntities(
          w.firstWeek,
          w.endWeek,
          this.configKey,
          after,
          100,
        );
        if (refs.length === 0) return;
        if (rendered === 0) {
          logger.info(
            `Rendering stored scorecards that are not current for the window ${new Date(
              w.firstWeek,
            ).toISOString()} to ${new Date(w.endWeek).toISOString()}`,
          );
        }
        rendered += refs.length;
        after = refs[refs.length - 1];
        const batches = [];
        for (let i = 0; i < refs.length; i += WRITE_BATCH) {
          batches.push(this.render(refs.slice(i, i + WRITE_BATCH), now));
        }
        await Promise.all(batches);
      }
    } finally {
      if (rendered > 0) logger.info(`Rendered ${rendered} stored scorecards`);
    }
  }
}

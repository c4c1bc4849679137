import { createHash } from 'crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  Band,
  MetricId,
  OverviewResponse,
  OverviewRow,
  OwnerBreakdownResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { QualityStore } from '../database/QualityStore';
import {
  EngineOptions,
} from '../engine/weeklyStats';
import {
  AggregateOptions,
  band,
  headlineMetrics,
  metricsOverWeeks,
  poolByWeek,
  totalOver,
} from '../engine/aggregate';
import { WEEK_MS, weekStartOf } from '../engine/time';
import { ownedEntities } from '../engine/rollup';
import { CompiledPolicy, policiesFor } from '../engine/policy';
import { OwnershipService } from '../scorecards/OwnershipService';
import { SnapshotResultCache } from '../scorecards/SnapshotResultCache';
import {
  ParsedRow,
  Weeks,
  Window,
  buildScorecard,
  defaultWindow,
  parseSnapshots as parse,
  weeksOf,
  windowOfWeeks,
} from '../engine/scorecardDocument';
import { RecomputeWorkers } from '../recompute/RecomputeWorkers';
import type { BaselineStore } from '../baselines/BaselineStore';
import type { BaselineStart } from '../engine/spc/calibrated';
import { baselineStartsOf } from '../baselines/BaselineService';
import { snapshotRowsOf, workerCanApply } from '../recompute/recomputeJobs';

export type { Window } from '../engine/scorecardDocument';

export interface ScorecardServiceOptions {
  engine: EngineOptions;
  /** Every configured AI-code review policy; each entity gets those its filter selects. */
  policies?: CompiledPolicy[];
  aggregate: AggregateOptions;
  seriesWeeks: number;
  /** Weeks before the series that charts' first baselines also take (metrics.baselineHistoryWeeks). */
  historyWeeks?: number;
  /**
   * Incremental recompute: how many weeks before the earliest touched week
   * are rewritten, and how many weeks before those are read as context.
   */
  contextWeeks?: number;
  /** Scorecards kept in memory while their snapshots are unchanged (default 500). */
  cacheEntries?: number;
  /**
   * Worker threads of the recompute: they compute entities' snapshots from
   * their event rows, and render each recomputed entity's default-window
   * scorecard, which is stored so that reads of that window send stored text.
   * Without them, the recompute computes in this thread and stores no
   * scorecards (every read computes from the snapshots).
   */
  workers?: RecomputeWorkers;
  /** Identifies the plugin version in the key of stored scorecards. */
  version?: string;
  /**
   * Baselines that people started, drawn on the entity's charts (owner
   * roll-ups have none). Adding one bumps the entity's snapshot version, so
   * cached and stored scorecards follow at once.
   */
  baselines?: Pick<BaselineStore, 'listBaselinesOf'>;
  logger: LoggerService;
}

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

/** Snapshot rows by entity, in their order. */
function groupByEntity<T extends { entityRef: string }>(
  rows: T[],
): Map<string, T[]> {
  const byEntity = new Map<string, T[]>();
  for (const row of rows) {
    const list = byEntity.get(row.entityRef);
    if (list) list.push(row);
    else byEntity.set(row.entityRef, [row]);
  }
  return byEntity;
}

/** Entities whose snapshots a recompute writes in one transaction. */
const WRITE_BATCH = 20;

/**
 * The JSON text of each served scorecard, kept as long as the scorecard
 * object itself (which the cache holds while its snapshots are unchanged):
 * a repeated read sends the same text instead of serializing it again.
 */
const serialized = new WeakMap<object, string>();

export function jsonOf(value: object): string {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return text;
}

const digest = (text: string) =>
  createHash('sha1').update(text).digest('base64');

/**
 * Recomputes per-entity weekly snapshots (only for dirty entities, only from
 * the touched weeks on) and serves scorecards by pooling stored snapshots;
 * reads never recompute.
 */
export class ScorecardService {
  private readonly contextWeeks: number;
  private readonly listeners: RecomputeListener[] = [];
  private readonly cache: SnapshotResultCache;

  constructor(
    private readonly store: QualityStore,
    private readonly ownership: OwnershipService,
    private readonly options: ScorecardServiceOptions,
  ) {
    this.contextWeeks = options.contextWeeks ?? 4;
    this.cache = new SnapshotResultCache(store, options.cacheEntries ?? 500);
    this.configKey = digest(
      JSON.stringify([
        options.version ?? '',
        options.seriesWeeks,
        options.historyWeeks ?? 0,
        options.aggregate,
      ]),
    );
  }

  /** Stored scorecards rendered under another configuration or plugin version are not served. */
  private readonly configKey: string;

  /**
   * Renders and stores the default-window scorecards of entities whose
   * snapshots were just rewritten. Never fails the recompute: a scorecard
   * that is not stored is computed on its read.
   */
  private async renderDocuments(entityRefs: string[], now: number) {
    const workers = this.options.workers;
    if (!workers || entityRefs.length === 0) return;
    try {
      const w = this.weeks(defaultWindow(now), true);
      // Versions are read before the snapshots: a rewrite in between leaves
      // the stored scorecard a version behind, so it is not served.
      const versions = await this.store.snapshotVersions(entityRefs);
      const byEntity = groupByEntity(
        await this.store.readSnapshots(entityRefs, w.readFrom, w.endWeek),
      );
      const baselines = await this.baselinesOf(entityRefs);
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

  /** Each entity's baselines as the charts take them; read after the snapshot versions. */
  private async baselinesOf(
    entityRefs: string[],
  ): Promise<Map<string, BaselineStart[]>> {
    const out = new Map<string, BaselineStart[]>();
    if (!this.options.baselines || entityRefs.length === 0) return out;
    const stored = await this.options.baselines.listBaselinesOf(entityRefs);
    for (const [ref, list] of stored) out.set(ref, baselineStartsOf(list));
    return out;
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
    await this.store.replaceSnapshotsMany([computed]);
    await this.renderDocuments([entityRef], now);
    await this.notify(entityRef, now);
    return computed.rows.length;
  }

  /** An entity's rewritten weeks, not yet stored. */
  private async computeEntity(entityRef: string, now: number, since: number) {
    const context = this.contextWeeks * WEEK_MS;
    const rewriteFrom = since > 0 ? weekStartOf(since) - context : 0;
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
   * Drains the dirty list; returns how many entities were recomputed. Writes
   * the snapshots of up to `WRITE_BATCH` entities in one transaction, tells
   * the listeners, then clears their marks in one more (so a crash before
   * that recomputes them again rather than skip a listener). Stops between batches once
   * `signal` aborts (the scheduled task's timeout): the rest stays dirty for
   * the next run, on whichever instance takes it.
   */
  async recomputeDirty(
    now: () => number = Date.now,
    signal?: AbortSignal,
  ): Promise<number> {
    // A batch's scorecards render in the worker threads while the next
    // batch is computed; at most two batches' renderings wait.
    const rendering: Promise<void>[] = [];
    let count: number;
    try {
      count = await this.recomputeBatches(now, rendering, signal);
    } finally {
      await Promise.all(rendering);
    }
    await this.renderStale(now(), signal);
    return count;
  }

  /**
   * Renders the stored scorecards that are not current for the default
   * window at `now`: when a new week starts (the window moves), after an
   * upgrade or a configuration change, or when an instance on an older
   * version rewrote snapshots. One pass in ref order; a rendering that fails
   * is logged and left to the next run.
   */
  private async renderStale(now: number, signal?: AbortSignal) {
    if (!this.options.workers) return;
    const w = this.weeks(defaultWindow(now));
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
          batches.push(
            this.renderDocuments(refs.slice(i, i + WRITE_BATCH), now),
          );
        }
        await Promise.all(batches);
      }
    } finally {
      if (rendered > 0) logger.info(`Rendered ${rendered} stored scorecards`);
    }
  }

  private async recomputeBatches(
    now: () => number,
    rendering: Promise<void>[],
    signal?: AbortSignal,
  ): Promise<number> {
    let count = 0;
    for (;;) {
      const dirty = await this.store.listDirty(100);
      if (dirty.length === 0) return count;
      for (let i = 0; i < dirty.length; i += WRITE_BATCH) {
        if (signal?.aborted) return count;
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
        if (computed.length === 0) return count;
        await this.store.replaceSnapshotsMany(computed);
        while (rendering.length >= 2) await rendering.shift();
        rendering.push(
          this.renderDocuments(
            computed.map(c => c.entityRef),
            at,
          ),
        );
        for (const c of computed) await this.notify(c.entityRef, at);
        await this.store.clearDirtyMany(done);
        count += done.length;
      }
    }
  }

  /** Marks every entity with events for a full recompute (the daily catch-up). */
  async markAllForFullRecompute(now: number): Promise<number> {
    const refs = await this.store.listEntityRefs();
    await this.store.markDirty(
      refs.map(entityRef => ({ entityRef, since: 0 })),
      now,
    );
    return refs.length;
  }

  /** The weeks of a window; with `charts`, also the history its control charts' baselines take. */
  private weeks(window: Window, charts = false): Weeks {
    const w = weeksOf(
      window,
      this.options.seriesWeeks,
      charts ? this.options.historyWeeks ?? 0 : 0,
    );
    // A window that ends in the future leaves the current week partial.
    return { ...w, completeBefore: Math.min(w.completeBefore, Date.now()) };
  }

  private build(
    entityRef: string,
    entityRefs: string[],
    parsed: ParsedRow[],
    w: Weeks,
    rolledUp: boolean,
    baselines?: BaselineStart[],
  ): ScorecardResponse {
    return buildScorecard({
      entityRef,
      entityRefs,
      rows: parsed,
      weeks: w,
      rolledUp,
      aggregate: this.options.aggregate,
      baselines,
    });
  }

  /**
   * Window values (no series, charts or violations) of many entities from one
   * snapshot read, for bulk reads such as tech-insights facts. Values equal
   * those of `entityScorecard` over the same window.
   */
  async windowMetrics(
    entityRefs: string[],
    window: Window,
  ): Promise<{
    window: { from: string; to: string };
    items: Array<{
      entityRef: string;
      computedAt: number | null;
      metrics: Record<
        MetricId,
        { value: number | null; n: number; band?: Band }
      >;
    }>;
  }> {
    const w = this.weeks(window);
    const byEntity = groupByEntity(
      parse(await this.store.readSnapshots(entityRefs, w.firstWeek, w.endWeek)),
    );
    const items = entityRefs.map(entityRef => {
      const rows = byEntity.get(entityRef) ?? [];
      const pooled = poolByWeek(rows);
      const raw = metricsOverWeeks(
        pooled,
        w.windowWeeks,
        this.options.aggregate,
      );
      const metrics = {} as Record<
        MetricId,
        { value: number | null; n: number; band?: Band }
      >;
      for (const id of Object.keys(raw) as MetricId[]) {
        const b = band(id, raw[id], pooled, w.windowWeeks);
        metrics[id] = {
          value: raw[id].value,
          n: raw[id].n,
          ...(b ? { band: b } : {}),
        };
      }
      return {
        entityRef,
        computedAt: rows.length
          ? rows.reduce((a, r) => Math.max(a, r.computedAt), 0)
          : null,
        metrics,
      };
    });
    return { window: windowOfWeeks(w), items };
  }

  /** Cache key of a read: the weeks, not the instants, decide what it shows. */
  private key(kind: string, ref: string, w: Weeks) {
    // Whether the last week is complete changes the charts (a partial week never signals).
    return `${kind}\u0000${ref}\u0000${w.firstWeek}\u0000${w.endWeek}\u0000${
      w.completeBefore >= w.endWeek
    }`;
  }

  /**
   * An entity's scorecard for sending: the stored rendering (gzip-compressed
   * JSON) when it is of this window and current, otherwise its JSON text,
   * computed (and kept in memory) as `entityScorecard` does.
   */
  async entityScorecardBody(
    entityRef: string,
    window: Window,
  ): Promise<{ gzip: Buffer } | { json: string }> {
    const w = this.weeks(window);
    if (this.options.workers) {
      const gzip = await this.store.readScorecardDocument(
        entityRef,
        w.firstWeek,
        w.endWeek,
        this.configKey,
      );
      if (gzip !== undefined) return { gzip };
    }
    return { json: jsonOf(await this.entityScorecard(entityRef, window)) };
  }

  async entityScorecard(
    entityRef: string,
    window: Window,
  ): Promise<ScorecardResponse> {
    const w = this.weeks(window, true);
    return this.cache.get(
      this.key('entity', entityRef, w),
      [entityRef],
      async () => {
        const rows = parse(
          await this.store.readSnapshots([entityRef], w.readFrom, w.endWeek),
        );
        const baselines = await this.baselinesOf([entityRef]);
        return this.build(
          entityRef,
          [entityRef],
          rows,
          w,
          false,
          baselines.get(entityRef) ?? [],
        );
      },
    );
  }

  private async owner(ownerRef: string) {
    const snapshot = await this.ownership.load();
    const { graph, groups } = snapshot;
    const known =
      groups.some(g => g.ref === ownerRef) ||
      graph.owned.has(ownerRef) ||
      ownerRef.startsWith('user:');
    if (!known) throw new NotFoundError(`No owner ${ownerRef} in the catalog`);
    return snapshot;
  }

  async ownerScorecard(
    ownerRef: string,
    window: Window,
  ): Promise<ScorecardResponse> {
    const { graph } = await this.owner(ownerRef);
    const entityRefs = ownedEntities(graph, ownerRef);
    const w = this.weeks(window, true);
    return this.cache.get(
      this.key('owner', ownerRef, w),
      entityRefs,
      async () => {
        const rows = parse(
          await this.store.readSnapshots(entityRefs, w.readFrom, w.endWeek),
        );
        return this.build(ownerRef, entityRefs, rows, w, true);
      },
    );
  }

  private row(
    ref: string,
    rows: ParsedRow[],
    w: Weeks,
    extra: {
      kind?: string;
      title?: string;
      parent?: string;
      entities: number;
      complianceSeries?: boolean;
    },
  ): OverviewRow {
    const pooled = poolByWeek(rows);
    const total = totalOver(pooled, w.windowWeeks);
    return {
      entityRef: ref,
      ...(extra.kind ? { kind: extra.kind } : {}),
      ...(extra.title ? { title: extra.title } : {}),
      ...(extra.parent ? { parent: extra.parent } : {}),
      entities: extra.entities,
      metrics: headlineMetrics({
        pooled,
        windowWeeks: w.windowWeeks,
        previousWeeks: w.previousWeeks,
        complianceSeriesWeeks: extra.complianceSeries
          ? w.seriesWeeks
          : undefined,
        aggregate: this.options.aggregate,
        demo: rows.some(r => r.demo),
      }),
      aiPolicy: {
        applicable: total.aiApplicable,
        compliant: total.aiCompliant,
        rate:
          total.aiApplicable > 0
            ? total.aiCompliant / total.aiApplicable
            : null,
      },
    };
  }

  /** Every group with its rolled-up headline metrics and weekly AI policy compliance. */
  async overview(window: Window): Promise<OverviewResponse> {
    const { graph, groups } = await this.ownership.load();
    const w = this.weeks(window);
    const all = new Set<string>();
    const owned = new Map<string, string[]>();
    for (const g of groups) {
      const refs = ownedEntities(graph, g.ref);
      owned.set(g.ref, refs);
      refs.forEach(r => all.add(r));
    }
    // The groups' titles and tree come from the catalog: they are part of the key.
    const catalog = digest(JSON.stringify([groups, [...owned]]));
    return this.cache.get(
      this.key('overview', catalog, w),
      [...all].sort(),
      () => this.computeOverview(groups, owned, [...all], w),
    );
  }

  private async computeOverview(
    groups: Array<{ ref: string; title?: string; parent?: string }>,
    owned: Map<string, string[]>,
    all: string[],
    w: Weeks,
  ): Promise<OverviewResponse> {
    const rows = parse(
      await this.store.readSnapshots(all, w.readFrom, w.endWeek),
    );
    const byEntity = groupByEntity(rows);
    return {
      window: windowOfWeeks(w),
      demo: rows.some(r => r.demo),
      groups: groups.map(g => {
        const refs = owned.get(g.ref)!;
        return this.row(
          g.ref,
          refs.flatMap(r => byEntity.get(r) ?? []),
          w,
          {
            kind: 'group',
            title: g.title,
            parent: g.parent,
            entities: refs.length,
            complianceSeries: true,
          },
        );
      }),
    };
  }

  /** An owner's services (directly or through sub-groups) and direct sub-groups, each with headline metrics. */
  async ownerBreakdown(
    ownerRef: string,
    window: Window,
  ): Promise<OwnerBreakdownResponse> {
    const { graph, groups, titles } = await this.owner(ownerRef);
    const w = this.weeks(window);
    const entityRefs = ownedEntities(graph, ownerRef);
    const children = graph.children.get(ownerRef) ?? [];
    const subGroups = children.map(child => ({
      ref: child,
      title: groups.find(g => g.ref === child)?.title,
      refs: ownedEntities(graph, child),
    }));
    const entityTitles = entityRefs.map(ref => titles.get(ref));
    const catalog = digest(JSON.stringify([ownerRef, entityTitles, subGroups]));
    return this.cache.get(this.key('breakdown', catalog, w), entityRefs, () =>
      this.computeBreakdown(ownerRef, entityRefs, entityTitles, subGroups, w),
    );
  }

  private async computeBreakdown(
    ownerRef: string,
    entityRefs: string[],
    entityTitles: Array<{ kind?: string; title?: string } | undefined>,
    subGroups: Array<{ ref: string; title?: string; refs: string[] }>,
    w: Weeks,
  ): Promise<OwnerBreakdownResponse> {
    const rows = parse(
      await this.store.readSnapshots(
        entityRefs,
        w.firstWeek - w.windowWeeks.length * WEEK_MS,
        w.endWeek,
      ),
    );
    const byEntity = groupByEntity(rows);
    return {
      entityRef: ownerRef,
      window: windowOfWeeks(w),
      demo: rows.some(r => r.demo),
      entities: entityRefs.map((ref, i) =>
        this.row(ref, byEntity.get(ref) ?? [], w, {
          ...entityTitles[i],
          entities: 1,
        }),
      ),
      subGroups: subGroups.map(child =>
        this.row(
          child.ref,
          child.refs.flatMap(r => byEntity.get(r) ?? []),
          w,
          {
            kind: 'group',
            title: child.title,
            parent: ownerRef,
            entities: child.refs.length,
          },
        ),
      ),
    };
  }
}

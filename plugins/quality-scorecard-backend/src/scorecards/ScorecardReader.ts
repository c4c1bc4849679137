import { gunzipSync } from 'zlib';
import { NotFoundError } from '@backstage/errors';
import type {
  Band,
  MetricChartResponse,
  MetricId,
  OverviewResponse,
  OwnerBreakdownResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import type { QualityStore } from '../database/QualityStore';
import { band, metricsOverWeeks } from '../engine/aggregate';
import { overviewRow } from '../engine/overviewRow';
import { poolByWeek } from '../engine/pooling';
import { groupByEntity } from '../engine/groupByEntity';
import { WEEK_MS } from '../engine/time';
import { ownedEntities } from '../engine/rollup';
import {
  SEES_ALL as ALL,
  type Visibility,
  visibleRefs,
} from '../permissions/visibility';
import {
  ParsedRow,
  Weeks,
  Window,
  buildScorecard,
  parseSnapshots as parse,
  windowOfWeeks,
} from '../engine/scorecardDocument';
import type { BaselineStart } from '../engine/spc/calibrated';
import type { ScorecardDocuments } from '../recompute/ScorecardDocuments';
import { OwnershipService } from './OwnershipService';
import { SnapshotResultCache } from './SnapshotResultCache';
import { RenderedBody, chartOf, jsonOf, summaryOf } from './scorecardViews';
import {
  ScorecardServiceOptions,
  baselinesOf,
  digest,
  scorecardWeeks,
} from './scorecardOptions';

export type { Window } from '../engine/scorecardDocument';

export { jsonOf };

/**
 * The read side: scorecards of entities and owners, the overview and an
 * owner's breakdown, pooled from stored snapshots (or sent as stored); reads
 * never recompute.
 */
export class ScorecardReader {
  private readonly cache: SnapshotResultCache;
  private readonly summaries: SnapshotResultCache;

  constructor(
    private readonly store: QualityStore,
    private readonly ownership: OwnershipService,
    private readonly documents: ScorecardDocuments,
    private readonly options: ScorecardServiceOptions,
  ) {
    this.cache = new SnapshotResultCache(store, options.cacheEntries ?? 500);
    this.summaries = new SnapshotResultCache(
      store,
      10 * (options.cacheEntries ?? 500),
    );
  }

  private weeks(window: Window, charts = false): Weeks {
    return scorecardWeeks(this.options, window, charts);
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
    const gzip = await this.documents.read(entityRef, w);
    if (gzip !== undefined) return { gzip };
    return { json: jsonOf(await this.entityScorecard(entityRef, window)) };
  }

  /**
   * An entity's summary view (`?view=summary`), rendered from the stored
   * rendering when it is current (else as `entityScorecard` computes it) and
   * kept compressed while the entity's snapshots are unchanged, in a cache
   * of its own (ten summaries for each cached scorecard: one is ~3 kB).
   */
  async entitySummary(
    entityRef: string,
    window: Window,
  ): Promise<RenderedBody> {
    return this.summaries.get(
      this.key('entity', entityRef, this.weeks(window, true)),
      [entityRef],
      async () =>
        summaryOf(await this.entityScorecardObject(entityRef, window)),
    );
  }

  /** One metric's series and control chart, as the entity's full read holds them. */
  async entityChart(
    entityRef: string,
    window: Window,
    metricId: MetricId,
  ): Promise<MetricChartResponse> {
    return chartOf(
      await this.entityScorecardObject(entityRef, window),
      metricId,
    );
  }

  /** The full scorecard as the full read sends it: the stored rendering when current. */
  private async entityScorecardObject(entityRef: string, window: Window) {
    const gzip = await this.documents.read(entityRef, this.weeks(window));
    if (gzip === undefined) return this.entityScorecard(entityRef, window);
    return JSON.parse(gunzipSync(gzip).toString('utf8')) as ScorecardResponse;
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
        const baselines = await baselinesOf(this.options, [entityRef]);
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
    visibility: Visibility = ALL,
  ): Promise<ScorecardResponse> {
    const { graph } = await this.owner(ownerRef);
    const entityRefs = await visibleRefs(
      visibility,
      ownedEntities(graph, ownerRef),
    );
    const w = this.weeks(window, true);
    // A caller who sees part of the owner's entities has a roll-up of its own.
    const seen = visibility.all ? '' : `:${digest(entityRefs.join('\n'))}`;
    return this.cache.get(
      this.key('owner', `${ownerRef}${seen}`, w),
      entityRefs,
      async () => {
        const rows = parse(
          await this.store.readSnapshots(entityRefs, w.readFrom, w.endWeek),
        );
        return this.build(ownerRef, entityRefs, rows, w, true);
      },
    );
  }

  /** Every group with its rolled-up headline metrics and weekly AI policy compliance. */
  async overview(
    window: Window,
    visibility: Visibility = ALL,
  ): Promise<OverviewResponse> {
    const { graph, groups } = await this.ownership.load();
    const w = this.weeks(window);
    const all = new Set<string>();
    const owned = new Map<string, string[]>();
    // One filter over every group's entities, then each group keeps its own.
    const seen = new Set(
      await visibleRefs(visibility, [
        ...new Set(groups.flatMap(g => ownedEntities(graph, g.ref))),
      ]),
    );
    for (const g of groups) {
      const refs = ownedEntities(graph, g.ref).filter(r => seen.has(r));
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
        return overviewRow(
          this.options.aggregate,
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
    visibility: Visibility = ALL,
  ): Promise<OwnerBreakdownResponse> {
    const { graph, groups, titles } = await this.owner(ownerRef);
    const w = this.weeks(window);
    const entityRefs = await visibleRefs(
      visibility,
      ownedEntities(graph, ownerRef),
    );
    // Sub-groups' entities are the owner's own (rollup.ts): one filter serves both.
    const seen = new Set(entityRefs);
    const children = graph.children.get(ownerRef) ?? [];
    const subGroups = children.map(child => ({
      ref: child,
      title: groups.find(g => g.ref === child)?.title,
      refs: ownedEntities(graph, child).filter(r => seen.has(r)),
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
        overviewRow(this.options.aggregate, ref, byEntity.get(ref) ?? [], w, {
          ...entityTitles[i],
          entities: 1,
        }),
      ),
      subGroups: subGroups.map(child =>
        overviewRow(
          this.options.aggregate,
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

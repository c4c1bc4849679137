import { Knex } from 'knex';
import {
  PendingScorecardDocument,
  ScorecardDocument,
  SnapshotStore,
} from './QualityStore';
import { chunks, inEntityOrder, isPostgres } from './knexHelpers';
import type { SnapshotRow } from './types';

/** Knex store of entities' weekly snapshots, their versions and the stored scorecard documents; SQLite and PostgreSQL. */
export class DatabaseSnapshotStore implements SnapshotStore {
  constructor(private readonly db: Knex) {}

  async replaceSnapshots(
    entityRef: string,
    rows: SnapshotRow[],
    fromWeek = 0,
  ): Promise<void> {
    await this.replaceSnapshotsMany([{ entityRef, rows, fromWeek }]);
  }

  async replaceSnapshotsMany(
    entries: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
      document?: PendingScorecardDocument;
    }>,
    options: { claimant?: string } = {},
  ): Promise<string[]> {
    // One transaction for many entities: on SQLite every commit is a sync to
    // disk, which cost more than computing an entity.
    return this.db.transaction(async tx => {
      let held = inEntityOrder(entries);
      if (options.claimant) {
        // Only what this instance still holds: a claim that lapsed (the
        // instance was too slow) belongs to another, which commits it. The
        // rows stay locked until this commit, so no claim moves meanwhile.
        const refs = new Set<string>();
        for (const part of chunks(
          held.map(e => e.entityRef),
          200,
        )) {
          const q = tx('qs_dirty_entities')
            .whereIn('entity_ref', part)
            .andWhere({ claimed_by: options.claimant })
            .select('entity_ref');
          const rows = isPostgres(this.db) ? await q.forUpdate() : await q;
          for (const r of rows) refs.add(r.entity_ref);
        }
        held = held.filter(e => refs.has(e.entityRef));
      }
      for (const entry of held) {
        const { entityRef, rows, fromWeek, document } = entry;
        const before = document
          ? Number(
              (
                await tx('qs_snapshot_versions')
                  .where({ entity_ref: entityRef })
                  .first('version')
              )?.version ?? 0,
            )
          : 0;
        const deleted = await tx('qs_snapshots')
          .where({ entity_ref: entityRef })
          .andWhere('week_start', '>=', fromWeek)
          .delete();
        // An entity without snapshots before or after (a refresh of an unknown
        // ref) changes nothing that a cached read could have seen.
        const bumped = deleted > 0 || rows.length > 0;
        if (bumped) {
          await tx('qs_snapshot_versions')
            .insert({ entity_ref: entityRef, version: 1 })
            .onConflict('entity_ref')
            .merge({
              version: tx.raw('?? + 1', ['qs_snapshot_versions.version']),
            });
        }
        for (const part of chunks(rows, 100)) {
          await tx('qs_snapshots').insert(
            part.map(r => ({
              entity_ref: r.entityRef,
              week_start: r.weekStart,
              stats: r.stats,
              demo: r.demo,
              computed_at: r.computedAt,
            })),
          );
        }
        // The rendering read the older weeks at `basedOnVersion`: stored with
        // the version this write makes, unless another writer came between.
        const version = before + (bumped ? 1 : 0);
        if (document && version > 0 && before === document.basedOnVersion) {
          await tx('qs_scorecard_documents')
            .insert({
              entity_ref: entityRef,
              first_week: document.firstWeek,
              end_week: document.endWeek,
              version,
              config_key: document.configKey,
              body_gzip: document.gzip,
              rendered_at: document.renderedAt,
            })
            .onConflict('entity_ref')
            .merge();
        }
      }
      return held.map(e => e.entityRef);
    });
  }

  async snapshotVersions(entityRefs: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(entityRefs, 500)) {
      const rows = await this.db('qs_snapshot_versions')
        .select('entity_ref', 'version')
        .whereIn('entity_ref', part);
      for (const r of rows) out.set(r.entity_ref, Number(r.version));
    }
    return out;
  }

  async listUnrenderedEntities(
    firstWeek: number,
    endWeek: number,
    configKey: string,
    after: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db('qs_snapshot_versions as v')
      .leftJoin('qs_scorecard_documents as d', 'd.entity_ref', 'v.entity_ref')
      .where('v.entity_ref', '>', after)
      .andWhere(q =>
        q
          .whereNull('d.entity_ref')
          .orWhere('d.version', '<>', this.db.ref('v.version'))
          .orWhere('d.first_week', '<>', firstWeek)
          .orWhere('d.end_week', '<>', endWeek)
          .orWhere('d.config_key', '<>', configKey),
      )
      .orderBy('v.entity_ref')
      .limit(limit)
      .select('v.entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async writeScorecardDocuments(documents: ScorecardDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.db.transaction(async tx => {
      // Bodies are tens of kilobytes: a few per statement.
      for (const part of chunks(inEntityOrder(documents), 10)) {
        await tx('qs_scorecard_documents')
          .insert(
            part.map(d => ({
              entity_ref: d.entityRef,
              first_week: d.firstWeek,
              end_week: d.endWeek,
              version: d.version,
              config_key: d.configKey,
              body_gzip: d.gzip,
              rendered_at: d.renderedAt,
            })),
          )
          .onConflict('entity_ref')
          .merge();
      }
    });
  }

  async readScorecardDocument(
    entityRef: string,
    firstWeek: number,
    endWeek: number,
    configKey: string,
  ): Promise<Buffer | undefined> {
    const row = await this.db('qs_scorecard_documents as d')
      .join('qs_snapshot_versions as v', 'v.entity_ref', 'd.entity_ref')
      .where({
        'd.entity_ref': entityRef,
        'd.first_week': firstWeek,
        'd.end_week': endWeek,
        'd.config_key': configKey,
      })
      .andWhere('d.version', '=', this.db.ref('v.version'))
      .first('d.body_gzip');
    return row ? Buffer.from(row.body_gzip) : undefined;
  }

  async readSnapshots(
    entityRefs: string[],
    fromWeek: number,
    toWeek: number,
  ): Promise<SnapshotRow[]> {
    const out: SnapshotRow[] = [];
    for (const part of chunks(entityRefs, 500)) {
      const rows = await this.db('qs_snapshots')
        .whereIn('entity_ref', part)
        .andWhere('week_start', '>=', fromWeek)
        .andWhere('week_start', '<', toWeek);
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          weekStart: Number(r.week_start),
          stats: r.stats,
          demo: Boolean(r.demo),
          computedAt: Number(r.computed_at),
        });
      }
    }
    return out;
  }
}

import { DatabaseService } from '@backstage/backend-plugin-api';
import { migrateQualityDatabase } from '../database/migrate';
import { Knex } from 'knex';
import type {
  Exemption,
  ExemptionStatus,
} from '@shewhart/plugin-quality-scorecard-common';
import type { RawCheckResult } from '../engine/checks';

export interface StoredCheckResult extends RawCheckResult {
  entityRef: string;
  evaluatedAt: number;
}

interface ExemptionRow {
  id: number | string;
  entity_ref: string;
  check_id: string;
  reason: string;
  requested_by: string;
  requested_at: number | string;
  expires_at: number | string;
  status: ExemptionStatus;
  decided_by: string | null;
  decided_at: number | string | null;
  decision_note: string | null;
}

const chunk = <T>(xs: T[], size: number) =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) =>
    xs.slice(i * size, i * size + size),
  );

/** Check results with their history, and exemptions with an audit trail: what ChecksService needs of storage. */
export type ChecksStore = Pick<
  DatabaseChecksStore,
  | 'saveResults'
  | 'readResults'
  | 'readStatuses'
  | 'history'
  | 'requestExemption'
  | 'decide'
  | 'getExemption'
  | 'listExemptions'
  | 'activeExemptions'
>;

/** The ChecksStore on the plugin's database (knex: SQLite, PostgreSQL). */
export class DatabaseChecksStore {
  /** The store on the plugin's database, its migrations applied (they need no other store first). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseChecksStore> {
    return new DatabaseChecksStore(
      await migrateQualityDatabase(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  /**
   * Replaces an entity's results; appends a history row for each check whose
   * status changed (or that is new). Returns the changes.
   */
  async saveResults(
    entityRef: string,
    results: RawCheckResult[],
    now: number,
  ): Promise<
    Array<{ checkId: string; previous: string | null; current: string }>
  > {
    return this.db.transaction(async tx => {
      const before = await tx('qs_check_results').where({
        entity_ref: entityRef,
      });
      const previous = new Map<string, string>(
        before.map(r => [r.check_id, r.status]),
      );
      await tx('qs_check_results').where({ entity_ref: entityRef }).delete();
      const changes: Array<{
        checkId: string;
        previous: string | null;
        current: string;
      }> = [];
      for (const part of chunk(results, 100)) {
        await tx('qs_check_results').insert(
          part.map(r => ({
            entity_ref: entityRef,
            check_id: r.checkId,
            status: r.status,
            value: r.value,
            n: r.n,
            reason: r.reason,
            evaluated_at: now,
          })),
        );
      }
      const changed = results.filter(r => previous.get(r.checkId) !== r.status);
      for (const part of chunk(changed, 100)) {
        await tx('qs_check_history').insert(
          part.map(r => ({
            entity_ref: entityRef,
            check_id: r.checkId,
            status: r.status,
            value: r.value,
            at: now,
          })),
        );
      }
      for (const r of changed)
        changes.push({
          checkId: r.checkId,
          previous: previous.get(r.checkId) ?? null,
          current: r.status,
        });
      return changes;
    });
  }

  async readResults(entityRefs: string[]): Promise<StoredCheckResult[]> {
    const out: StoredCheckResult[] = [];
    for (const part of chunk(entityRefs, 500)) {
      const rows = await this.db('qs_check_results').whereIn(
        'entity_ref',
        part,
      );
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          checkId: r.check_id,
          status: r.status,
          value: r.value === null ? null : Number(r.value),
          n: Number(r.n),
          reason: r.reason,
          evaluatedAt: Number(r.evaluated_at),
        });
      }
    }
    return out;
  }

  /** Results without their reasons, for reads of thousands of entities. */
  async readStatuses(
    entityRefs: string[],
  ): Promise<Array<Omit<StoredCheckResult, 'reason'>>> {
    const out: Array<Omit<StoredCheckResult, 'reason'>> = [];
    for (const part of chunk(entityRefs, 500)) {
      const rows = await this.db('qs_check_results')
        .select(
          'entity_ref',
          'check_id',
          'status',
          'value',
          'n',
          'evaluated_at',
        )
        .whereIn('entity_ref', part);
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          checkId: r.check_id,
          status: r.status,
          value: r.value === null ? null : Number(r.value),
          n: Number(r.n),
          evaluatedAt: Number(r.evaluated_at),
        });
      }
    }
    return out;
  }

  async history(entityRef: string, limit = 200) {
    const rows = await this.db('qs_check_history')
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => ({
      checkId: r.check_id as string,
      status: r.status as string,
      value: r.value === null ? null : Number(r.value),
      at: new Date(Number(r.at)).toISOString(),
    }));
  }

  private async audit(
    tx: Knex,
    exemptionId: number,
    action: string,
    actor: string,
    at: number,
    note?: string,
  ) {
    await tx('qs_exemption_audit').insert({
      exemption_id: exemptionId,
      action,
      actor,
      at,
      note: note ?? null,
    });
  }

  async requestExemption(e: {
    entityRef: string;
    checkId: string;
    reason: string;
    requestedBy: string;
    expiresAt: number;
    now: number;
  }): Promise<number> {
    return this.db.transaction(async tx => {
      const [row] = await tx('qs_exemptions')
        .insert({
          entity_ref: e.entityRef,
          check_id: e.checkId,
          reason: e.reason,
          requested_by: e.requestedBy,
          requested_at: e.now,
          expires_at: e.expiresAt,
          status: 'pending',
        })
        .returning('id');
      const id = Number(typeof row === 'object' ? row.id : row);
      await this.audit(tx, id, 'requested', e.requestedBy, e.now, e.reason);
      return id;
    });
  }

  /**
   * Moves an exemption to a new status if it is in one of `from`; returns
   * false when it is not (a concurrent decision, or a decided one).
   */
  async decide(
    id: number,
    from: ExemptionStatus[],
    to: ExemptionStatus,
    actor: string,
    now: number,
    note?: string,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx('qs_exemptions')
        .where({ id })
        .whereIn('status', from)
        .update({
          status: to,
          decided_by: actor,
          decided_at: now,
          decision_note: note ?? null,
        });
      if (updated === 0) return false;
      await this.audit(tx, id, to, actor, now, note);
      return true;
    });
  }

  async getExemption(id: number, now: number): Promise<Exemption | undefined> {
    const row = await this.db('qs_exemptions').where({ id }).first();
    if (!row) return undefined;
    const [exemption] = await this.withAudit([row], now);
    return exemption;
  }

  async listExemptions(
    filter: { entityRefs?: string[]; status?: ExemptionStatus },
    now: number,
  ): Promise<Exemption[]> {
    let q = this.db<ExemptionRow>('qs_exemptions')
      .orderBy('id', 'desc')
      .limit(500);
    if (filter.status) q = q.where({ status: filter.status });
    if (filter.entityRefs) q = q.whereIn('entity_ref', filter.entityRefs);
    return this.withAudit(await q, now);
  }

  /** Approved exemptions of these entities that have not expired at `now`. */
  async activeExemptions(entityRefs: string[], now: number) {
    const out: Array<{
      id: number;
      entityRef: string;
      checkId: string;
      expiresAt: number;
      reason: string;
    }> = [];
    for (const part of chunk(entityRefs, 500)) {
      const rows = await this.db('qs_exemptions')
        .whereIn('entity_ref', part)
        .andWhere({ status: 'approved' })
        .andWhere('expires_at', '>', now);
      for (const r of rows) {
        out.push({
          id: Number(r.id),
          entityRef: r.entity_ref,
          checkId: r.check_id,
          expiresAt: Number(r.expires_at),
          reason: r.reason,
        });
      }
    }
    return out;
  }

  private async withAudit(
    rows: ExemptionRow[],
    now: number,
  ): Promise<Exemption[]> {
    const ids = rows.map(r => Number(r.id));
    const audit = ids.length
      ? await this.db('qs_exemption_audit')
          .whereIn('exemption_id', ids)
          .orderBy('id')
      : [];
    return rows.map(r => ({
      id: Number(r.id),
      entityRef: r.entity_ref,
      checkId: r.check_id,
      reason: r.reason,
      requestedBy: r.requested_by,
      requestedAt: new Date(Number(r.requested_at)).toISOString(),
      expiresAt: new Date(Number(r.expires_at)).toISOString(),
      status: r.status,
      expired: Number(r.expires_at) <= now,
      ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
      ...(r.decided_at !== null
        ? { decidedAt: new Date(Number(r.decided_at)).toISOString() }
        : {}),
      ...(r.decision_note ? { decisionNote: r.decision_note } : {}),
      audit: audit
        .filter(a => Number(a.exemption_id) === Number(r.id))
        .map(a => ({
          action: a.action,
          actor: a.actor,
          at: new Date(Number(a.at)).toISOString(),
          ...(a.note ? { note: a.note } : {}),
        })),
    }));
  }
}

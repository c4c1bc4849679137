import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type {
  CheckDefinitionInfo,
  EntityChecksResponse,
  Exemption,
  ExemptionStatus,
  GateResponse,
  LevelDistribution,
  LevelInfo,
  OwnerChecksResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { ChecksStore } from './ChecksStore';
import {
  applyExemptions,
  ChecksConfig,
  evaluateChecks,
  gateFailures,
  levelOf,
  thresholdText,
} from '../engine/checks';
import { checkStatusesFor } from '../engine/checkStatuses';
import { ownedEntities } from '../engine/rollup';
import { SEES_ALL, type Visibility, visibleRefs } from '../permissions/visibility';
import { OwnershipService } from '../scorecards/OwnershipService';
import { ScorecardReader } from '../scorecards/ScorecardReader';
import { groupByEntity } from '../engine/groupByEntity';

const DAY = 86_400_000;

/** Entity refs compare case-insensitively, as the catalog's do. */
const sameActor = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/** What changed for an entity in one evaluation, for notifications. */
export interface ChecksChange {
  entityRef: string;
  /** Checks whose stored status changed: previous null = first evaluation. */
  checks: Array<{
    checkId: string;
    title: string;
    metric: string;
    threshold: string;
    previous: string | null;
    current: string;
    value: number | null;
    reason: string;
  }>;
  /** Every level id, lowest first. */
  levels: string[];
  previousLevel: string | null;
  level: string | null;
}

/**
 * Evaluates checks when an entity's snapshots change (never on a read),
 * stores results with history, and serves levels, the CI gate and
 * exemptions. Exemptions and levels are applied on read, so an approval or an
 * expiry takes effect at once without re-evaluating metrics.
 */
export class ChecksService {
  private readonly listeners: Array<(change: ChecksChange) => Promise<void>> = [];
  private statuses?: ReturnType<typeof checkStatusesFor>;

  constructor(
    private readonly store: ChecksStore,
    private readonly scorecards: ScorecardReader,
    private readonly ownership: OwnershipService,
    private readonly config: ChecksConfig,
    private readonly logger: LoggerService,
  ) {}

  get enabled() {
    return this.config.checks.length > 0;
  }

  onChange(listener: (change: ChecksChange) => Promise<void>) {
    this.listeners.push(listener);
  }

  definitions(): { checks: CheckDefinitionInfo[]; levels: LevelInfo[]; windowDays: number } {
    return {
      windowDays: this.config.windowDays,
      checks: this.config.checks.map(c => ({
        id: c.id,
        title: c.title,
        metric: c.metric,
        threshold: thresholdText(c),
        minSampleSize: c.minSampleSize,
      })),
      levels: this.config.levels,
    };
  }

  private needsFacts() {
    return this.config.checks.some(c => Object.values(c.filter).some(v => v !== undefined));
  }

  /** Evaluates every check of an entity over the window ending `now` and stores the results. */
  async evaluateEntity(entityRef: string, now: number): Promise<ChecksChange | undefined> {
    if (!this.enabled) return undefined;
    const facts = this.needsFacts() ? (await this.ownership.load()).facts.get(entityRef) : undefined;
    const card = await this.scorecards.entityScorecard(entityRef, {
      from: now - this.config.windowDays * DAY,
      to: now,
    });
    const previousLevel = (await this.entityChecks(entityRef, now)).level;
    const raw = evaluateChecks(this.config, facts, card.metrics);
    const changes = await this.store.saveResults(entityRef, raw, now);
    const level = (await this.entityChecks(entityRef, now)).level;
    const change: ChecksChange = {
      entityRef,
      checks: changes.map(c => {
        const definition = this.config.checks.find(d => d.id === c.checkId)!;
        const result = raw.find(r => r.checkId === c.checkId)!;
        return {
          ...c,
          title: definition.title,
          metric: definition.metric,
          threshold: thresholdText(definition),
          value: result.value,
          reason: result.reason,
        };
      }),
      levels: this.config.levels.map(l => l.id),
      previousLevel,
      level,
    };
    if (changes.length > 0 || previousLevel !== level) {
      for (const listener of this.listeners) {
        try {
          await listener(change);
        } catch (e) {
          this.logger.error(`Reaction to check changes of ${entityRef} failed: ${e}`);
        }
      }
    }
    return change;
  }

  private async resultsFor(entityRefs: string[], now: number) {
    const [stored, exemptions] = await Promise.all([
      this.store.readResults(entityRefs),
      this.store.activeExemptions(entityRefs, now),
    ]);
    // Grouped once: filtering per entity is quadratic for thousands of entities.
    const storedBy = groupByEntity(stored);
    const exemptionsBy = groupByEntity(exemptions);
    return entityRefs.map(ref => {
      const results = applyExemptions(this.config, storedBy.get(ref) ?? [], exemptionsBy.get(ref) ?? [], now);
      // No stored result: never evaluated (or no check applies), so no level rather than every level vacuously.
      return { entityRef: ref, results, ...(results.length > 0 ? levelOf(this.config, results) : { level: null }) };
    });
  }

  /** Levels and check results (after exemptions) of many entities at once. */
  entitiesChecks(entityRefs: string[], now: number) {
    return this.resultsFor(entityRefs, now);
  }

  /** Levels and check statuses of many entities, without texts: the bulk read. */
  async entitiesStatuses(entityRefs: string[], now: number) {
    const [stored, exemptions] = await Promise.all([
      this.store.readStatuses(entityRefs),
      this.store.activeExemptions(entityRefs, now),
    ]);
    const storedBy = groupByEntity(stored);
    const exemptionsBy = groupByEntity(exemptions);
    this.statuses ??= checkStatusesFor(this.config);
    const statuses = this.statuses;
    return entityRefs.map(ref => ({
      entityRef: ref,
      ...statuses(storedBy.get(ref) ?? [], exemptionsBy.get(ref) ?? [], now),
    }));
  }

  async entityChecks(entityRef: string, now: number): Promise<EntityChecksResponse> {
    const [row] = await this.resultsFor([entityRef], now);
    return { ...row, levels: this.config.levels };
  }

  /** The CI gate: does the entity hold `levelId`? Evaluates once if the entity never was. */
  async gate(entityRef: string, levelId: string, now: number): Promise<GateResponse> {
    if (!this.config.levels.some(l => l.id === levelId)) {
      const known = this.config.levels.map(l => l.id).join(', ') || 'none configured';
      throw new InputError(`level: unknown level '${levelId}' (known: ${known})`);
    }
    let row = await this.entityChecks(entityRef, now);
    if (row.results.length === 0) {
      await this.evaluateEntity(entityRef, now);
      row = await this.entityChecks(entityRef, now);
    }
    const failing = gateFailures(this.config, row.results, levelId)!;
    return { entityRef, level: levelId, pass: failing.length === 0, heldLevel: row.level, failing };
  }

  private distribution(ref: string, rows: Array<{ level: string | null }>, title?: string): LevelDistribution {
    const levels: Record<string, number> = { none: 0 };
    for (const l of this.config.levels) levels[l.id] = 0;
    for (const r of rows) levels[r.level ?? 'none'] += 1;
    return { entityRef: ref, ...(title ? { title } : {}), entities: rows.length, levels };
  }

  async ownerChecks(ownerRef: string, now: number, visibility: Visibility = SEES_ALL): Promise<OwnerChecksResponse> {
    const { graph, groups } = await this.ownership.load();
    const known = groups.some(g => g.ref === ownerRef) || graph.owned.has(ownerRef);
    if (!known) throw new NotFoundError(`No owner ${ownerRef} in the catalog`);
    const rows = await this.resultsFor(await visibleRefs(visibility, ownedEntities(graph, ownerRef)), now);
    return {
      ...this.distribution(ownerRef, rows, groups.find(g => g.ref === ownerRef)?.title),
      rows: rows.map(r => ({ entityRef: r.entityRef, level: r.level, failing: r.next?.failing ?? [] })),
    };
  }

  async overview(now: number, visibility: Visibility = SEES_ALL): Promise<{ groups: LevelDistribution[] }> {
    const { graph, groups } = await this.ownership.load();
    const seen = new Set(await visibleRefs(visibility, [...new Set(groups.flatMap(g => ownedEntities(graph, g.ref)))]));
    const owned = (group: string) => ownedEntities(graph, group).filter(ref => seen.has(ref));
    const all = [...seen];
    const byRef = new Map((await this.resultsFor(all, now)).map(r => [r.entityRef, r]));
    return {
      groups: groups.map(g =>
        this.distribution(g.ref, owned(g.ref).map(ref => byRef.get(ref)!), g.title),
      ),
    };
  }

  async requestExemption(input: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: number;
    actor: string;
    now: number;
  }): Promise<Exemption> {
    if (!this.config.checks.some(c => c.id === input.checkId)) {
      throw new InputError(`checkId: unknown check '${input.checkId}'`);
    }
    if (input.expiresAt <= input.now) throw new InputError('expiresAt: must be in the future');
    if (input.expiresAt > input.now + 366 * DAY) throw new InputError('expiresAt: at most one year ahead');
    const id = await this.store.requestExemption({
      entityRef: input.entityRef,
      checkId: input.checkId,
      reason: input.reason,
      requestedBy: input.actor,
      expiresAt: input.expiresAt,
      now: input.now,
    });
    return (await this.store.getExemption(id, input.now))!;
  }

  async decideExemption(id: number, action: 'approve' | 'deny' | 'revoke', actor: string, now: number, note?: string) {
    const existing = await this.store.getExemption(id, now);
    if (!existing) throw new NotFoundError(`No exemption ${id}`);
    // Four eyes, whatever the permission policy grants: the requester neither
    // approves nor denies their own request (revoking only takes it back).
    if (action !== 'revoke' && sameActor(existing.requestedBy, actor)) {
      throw new NotAllowedError(
        `Not allowed: ${actor} requested exemption ${id} and cannot ${action} it; another reviewer must`,
      );
    }
    const transitions: Record<typeof action, { from: ExemptionStatus[]; to: ExemptionStatus }> = {
      approve: { from: ['pending'], to: 'approved' },
      deny: { from: ['pending'], to: 'denied' },
      revoke: { from: ['approved'], to: 'revoked' },
    };
    const { from, to } = transitions[action];
    if (!(await this.store.decide(id, from, to, actor, now, note))) {
      throw new ConflictError(`Exemption ${id} is ${existing.status}; it cannot be ${to}`);
    }
    return (await this.store.getExemption(id, now))!;
  }

  listExemptions(filter: { entityRefs?: string[]; status?: ExemptionStatus }, now: number) {
    return this.store.listExemptions(filter, now);
  }

  history(entityRef: string) {
    return this.store.history(entityRef);
  }
}

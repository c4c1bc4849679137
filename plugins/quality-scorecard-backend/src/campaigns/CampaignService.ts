import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  CampaignDefinition,
  CampaignDetailResponse,
  CampaignEntityProgress,
  CampaignMembershipResponse,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksConfig } from '../engine/checks';
import { filterMatches, type EntityFacts } from '../engine/policy';
import {
  SEES_ALL,
  type Visibility,
  visibleRefs,
} from '../permissions/visibility';
import type { ChecksStore } from '../checks/ChecksStore';
import type { CampaignReader } from './CampaignReader';
import { parseCampaignInput } from './campaignConfig';
import type { CampaignStore, StoredCampaign } from './CampaignStore';
import {
  campaignState,
  countsOf,
  currentStandings,
  dailySeries,
  dayStart,
  daysLeft,
  lastSeriesDate,
  ownerCounts,
  ScopeEntity,
  targetChecks,
} from './progress';

/** Owner of an entity the catalog gives none. */
export const NO_OWNER = 'unknown';

/** A campaign as defined with when it was closed early (null when it was not). */
type Campaign = CampaignDefinition & { closedAt: number | null };

interface Evaluated {
  campaign: Campaign;
  scope: ScopeEntity[];
  entities: CampaignEntityProgress[];
  checks: string[];
}

export interface CampaignServiceOptions {
  store: CampaignStore;
  /** Current check statuses (qs_check_results). */
  checksStore: Pick<ChecksStore, 'readStatuses'>;
  /** Entity facts from the catalog (OwnershipService). */
  catalog: { load(): Promise<{ facts: Map<string, EntityFacts> }> };
  checks: ChecksConfig;
  /** `qualityScorecard.campaigns`, read at startup. */
  configured: CampaignDefinition[];
}

const isEmpty = (filter: object) =>
  Object.values(filter).every(v => v === undefined);

/**
 * Campaigns from app-config (read-only) and the database (created, changed
 * and closed through the admin routes), with their progress: computed on
 * each read from the catalog, the current check results, the stored check
 * history and the approved exemptions (docs/campaigns.md).
 *
 * Reads take the caller's visibility: a campaign's counts, owners, entities
 * and series then cover only the entities the caller may read.
 */
export class CampaignService implements CampaignReader {
  private readonly titles: Map<string, string>;

  constructor(private readonly options: CampaignServiceOptions) {
    this.titles = new Map(options.checks.checks.map(c => [c.id, c.title]));
  }

  /** Every campaign definition, config ones first, each group by id. */
  private async campaigns(): Promise<Campaign[]> {
    const stored = await this.options.store.list();
    return [
      ...this.options.configured.map(c => ({ ...c, closedAt: null })),
      ...stored.map(toCampaign),
    ];
  }

  private async campaign(id: string): Promise<Campaign> {
    const configured = this.options.configured.find(c => c.id === id);
    if (configured) return { ...configured, closedAt: null };
    const stored = await this.options.store.get(id);
    if (!stored) throw new NotFoundError(`No campaign '${id}'`);
    return toCampaign(stored);
  }

  /**
   * The campaign's entities and their standing today: catalog entities its
   * filter selects, and those it held that have left the catalog since
   * (for the days they were in scope). Remembers the entities it holds while
   * it is not closed.
   */
  private async evaluate(
    campaign: Campaign,
    now: number,
    visibility: Visibility,
    only?: Set<string>,
  ): Promise<Evaluated> {
    const { store, checksStore, catalog } = this.options;
    const checks = targetChecks(this.options.checks, campaign.target);
    const { facts } = await catalog.load();
    const selected: ScopeEntity[] = [];
    for (const f of facts.values()) {
      if (only && !only.has(f.entityRef)) continue;
      if (isEmpty(campaign.filter) || filterMatches(campaign.filter, f)) {
        selected.push({ entityRef: f.entityRef, owner: f.owner ?? NO_OWNER });
      }
    }
    const state = campaignState(campaign, now);
    const candidates = new Set(selected.map(e => e.entityRef));
    const results = (await checksStore.readStatuses([...candidates])).filter(
      r => checks.includes(r.checkId),
    );
    if (state !== 'closed' && !only) {
      const held = new Set(results.map(r => r.entityRef));
      await store.remember(
        campaign.id,
        selected
          .filter(e => held.has(e.entityRef))
          .map(e => ({ entityRef: e.entityRef, owner: e.owner })),
        now,
      );
    }
    // Entities held before that the catalog no longer has.
    const gone = (await store.members(campaign.id)).filter(
      m => !facts.has(m.entityRef) && (!only || only.has(m.entityRef)),
    );
    const missing = await store.missingSince(gone.map(m => m.entityRef));
    const scope = [
      ...selected,
      ...gone.map(m => ({
        entityRef: m.entityRef,
        owner: m.owner ?? NO_OWNER,
        goneAt: missing.get(m.entityRef) ?? now,
      })),
    ];
    const visible = new Set(
      await visibleRefs(
        visibility,
        scope.map(e => e.entityRef),
      ),
    );
    const shown = scope.filter(e => visible.has(e.entityRef));
    const exemptions = await store.approvedExemptions(
      shown.map(e => e.entityRef),
      checks,
    );
    const entities = currentStandings({
      checks,
      titles: this.titles,
      entities: shown,
      results,
      exemptions,
      now,
    });
    return { campaign, scope: shown, entities, checks };
  }

  private summary(
    { campaign, entities }: Evaluated,
    now: number,
  ): CampaignSummary {
    const { closedAt, ...definition } = campaign;
    return {
      ...definition,
      state: campaignState(campaign, now),
      closedAt: closedAt === null ? null : new Date(closedAt).toISOString(),
      daysLeft: daysLeft(campaign.dueDate, now),
      progress: countsOf(entities),
    };
  }

  /** Every campaign (config and database), each with its progress today. */
  async list(
    now: number,
    visibility: Visibility = SEES_ALL,
  ): Promise<CampaignSummary[]> {
    const out: CampaignSummary[] = [];
    for (const c of await this.campaigns()) {
      out.push(this.summary(await this.evaluate(c, now, visibility), now));
    }
    return out;
  }

  /** One campaign with owners, entities and its daily series; NotFoundError when unknown. */
  async detail(
    id: string,
    now: number,
    visibility: Visibility = SEES_ALL,
  ): Promise<CampaignDetailResponse> {
    const evaluated = await this.evaluate(
      await this.campaign(id),
      now,
      visibility,
    );
    const { campaign, scope, entities, checks } = evaluated;
    const last = lastSeriesDate(campaign, now);
    let series: CampaignDetailResponse['series'] = [];
    if (last !== undefined) {
      const refs = scope.map(e => e.entityRef);
      const until = Math.min(now, dayStart(last) + 86_400_000 - 1);
      const [history, exemptions] = await Promise.all([
        this.options.store.history(refs, checks, until),
        this.options.store.approvedExemptions(refs, checks),
      ]);
      series = dailySeries({
        checks,
        entities: scope,
        history,
        exemptions,
        startDate: campaign.startDate,
        lastDate: last,
        now,
      });
    }
    return {
      campaign: this.summary(evaluated, now),
      owners: ownerCounts(entities),
      entities,
      series,
    };
  }

  /**
   * The active and closed campaigns that hold any of these entities, with
   * those entities' standing (an owner's page passes the owner's entities).
   */
  async forEntities(
    entityRefs: string[],
    now: number,
    visibility: Visibility = SEES_ALL,
  ): Promise<CampaignMembershipResponse> {
    const only = new Set(entityRefs);
    const items: CampaignMembershipResponse['items'] = [];
    for (const c of await this.campaigns()) {
      if (campaignState(c, now) === 'scheduled') continue;
      const held = await this.evaluate(c, now, visibility, only);
      if (held.entities.length === 0) continue;
      const all = await this.evaluate(c, now, visibility);
      items.push({ campaign: this.summary(all, now), entities: held.entities });
    }
    return { items };
  }

  /** Creates a database campaign: InputError naming the field, ConflictError for an id in use. */
  async create(
    body: unknown,
    actor: string,
    now: number,
  ): Promise<CampaignSummary> {
    const definition = this.parse(body);
    if (this.options.configured.some(c => c.id === definition.id)) {
      throw new ConflictError(
        `Campaign '${definition.id}' is defined in app-config`,
      );
    }
    if (!(await this.options.store.insert(definition, actor, now))) {
      throw new ConflictError(`Campaign '${definition.id}' exists already`);
    }
    return this.summary(
      await this.evaluate(await this.campaign(definition.id), now, SEES_ALL),
      now,
    );
  }

  /** Changes an open database campaign (the body without an id, or with the same one). */
  async update(
    id: string,
    body: unknown,
    actor: string,
    now: number,
  ): Promise<CampaignSummary> {
    this.assertChangeable(id);
    const given =
      body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    if (given.id !== undefined && given.id !== id) {
      throw new InputError(
        `id: the body's id '${String(given.id)}' is not the path's '${id}'`,
      );
    }
    const definition = this.parse({ ...given, id });
    const existing = await this.options.store.get(id);
    if (!existing) throw new NotFoundError(`No campaign '${id}'`);
    if (!(await this.options.store.update(definition, actor, now))) {
      throw new ConflictError(
        `Campaign '${id}' is closed; it cannot be changed`,
      );
    }
    return this.summary(
      await this.evaluate(await this.campaign(id), now, SEES_ALL),
      now,
    );
  }

  /** Closes an open database campaign now. */
  async close(
    id: string,
    actor: string,
    now: number,
  ): Promise<CampaignSummary> {
    this.assertChangeable(id);
    const existing = await this.options.store.get(id);
    if (!existing) throw new NotFoundError(`No campaign '${id}'`);
    if (!(await this.options.store.close(id, actor, now))) {
      throw new ConflictError(`Campaign '${id}' is closed already`);
    }
    return this.summary(
      await this.evaluate(await this.campaign(id), now, SEES_ALL),
      now,
    );
  }

  /**
   * The earliest start (epoch ms) of the campaigns that are active or
   * scheduled at `now`: check history from then on is kept (retention).
   */
  async historyFloor(now: number): Promise<number | undefined> {
    const starts = (await this.campaigns())
      .filter(c => campaignState(c, now) !== 'closed')
      .map(c => dayStart(c.startDate));
    return starts.length > 0 ? Math.min(...starts) : undefined;
  }

  private assertChangeable(id: string) {
    if (this.options.configured.some(c => c.id === id)) {
      throw new ConflictError(
        `Campaign '${id}' is defined in app-config; change it there`,
      );
    }
  }

  private parse(body: unknown): CampaignDefinition {
    const parsed = parseCampaignInput(body, this.options.checks);
    if ('problem' in parsed) throw new InputError(parsed.problem);
    return parsed.definition;
  }
}

function toCampaign(s: StoredCampaign): Campaign {
  const { createdBy, createdAt, updatedBy, updatedAt, closedBy, ...campaign } =
    s;
  return campaign;
}

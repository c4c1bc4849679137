import {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { METRIC_DEFINITIONS, ScorecardResponse } from '@shewhart/plugin-quality-scorecard-common';
import { WEEK_MS } from '../engine/time';
import { NotificationsConfig, readNotificationsConfig } from './config';
import { currentSignals, EpisodeFacts, headlineFirst, mostSevere, reconcile } from './episodes';
import {
  checkFailureTitle,
  digestText,
  formatValue,
  groupDescription,
  levelDropTitle,
  qualityLink,
} from './messages';
import { EpisodeKind, EpisodeRow, SignalEpisodeStore } from './SignalEpisodeStore';

/** A check's state as the checks engine reports it. */
export type CheckState = 'pass' | 'fail' | 'exempt' | 'insufficient-data';

/**
 * One evaluation of one check for one entity, as the checks engine reports
 * it to {@link SignalNotifier.notifyCheckChange}.
 */
export interface CheckChange {
  entityRef: string;
  /** The owner to tell; default: the entity's owner in the catalog. */
  ownerRef?: string;
  check: { id: string; title: string; metric?: string; threshold?: string };
  /** Informational only: the notifier keeps its own record of open failures. */
  previous?: CheckState | null;
  current: CheckState;
  value?: number | null;
  /** Why it fails, in words ("change failure rate 21% is above 15%"). */
  reason?: string;
  now?: number;
}

/** A change of the highest level an entity holds, for {@link SignalNotifier.notifyLevelChange}. */
export interface LevelChange {
  entityRef: string;
  ownerRef?: string;
  /** Every level id, lowest first. */
  levels: string[];
  previous: string | null;
  current: string | null;
  now?: number;
}

/** What a report of a check or level did: opened an episode (to be told once), nothing, or cleared one. */
export type EpisodeOutcome = 'opened' | 'unchanged' | 'cleared' | 'disabled';

const TOPIC: Record<EpisodeKind, string> = {
  signal: 'quality-scorecard:signal',
  check: 'quality-scorecard:check',
  level: 'quality-scorecard:check',
};
const DIGEST_TOPIC = 'quality-scorecard:digest';

export interface SignalNotifierOptions {
  config: NotificationsConfig;
  store: SignalEpisodeStore;
  scorecards: { entityScorecard(entityRef: string, window: { from: number; to: number }): Promise<ScorecardResponse> };
  notifications: NotificationService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

interface Message {
  ownerRef: string;
  rows: EpisodeRow[];
  payload: {
    title: string;
    description: string;
    link: string;
    severity: ReturnType<typeof mostSevere>;
    topic: string;
    scope: string;
    metadata: Record<string, string>;
  };
}

/**
 * Tells an entity's owner, through Backstage notifications, when its control
 * chart shows a new signal episode, a check starts failing or a level is
 * lost: once per episode, never once per recompute. Episodes are stored;
 * one that clears sends nothing, a new one later sends again.
 */
export class SignalNotifier {
  static async create(options: Omit<SignalNotifierOptions, 'config' | 'store'> & {
    config: RootConfigService;
    database: DatabaseService;
  }): Promise<SignalNotifier> {
    // The table comes with the plugin's migrations, which DatabaseQualityStore.create runs.
    const store = new SignalEpisodeStore(await options.database.getClient());
    return new SignalNotifier({ ...options, config: readNotificationsConfig(options.config), store });
  }

  constructor(private readonly options: SignalNotifierOptions) {}

  /** When the delivery task runs: every minute (retries), or once a day in digest mode. */
  get schedule(): SchedulerServiceTaskScheduleDefinition {
    return this.options.config.schedule;
  }

  /** The reaction to a recompute: record the entity's current signal episodes and tell what is new. */
  async onRecomputed(event: { entityRef: string; now: number }): Promise<void> {
    const { config } = this.options;
    if (!config.enabled) return;
    await this.recordSignals(event.entityRef, event.now);
    if (config.digest === 'off') await this.deliver({ now: event.now, entityRef: event.entityRef });
  }

  /** Stores new episodes (pending delivery), keeps continuing ones, clears the ones that went away. */
  async recordSignals(entityRef: string, now: number): Promise<void> {
    const { config, store, scorecards } = this.options;
    const scorecard = await scorecards.entityScorecard(entityRef, {
      from: now - Math.max(1, config.lookbackWeeks) * WEEK_MS,
      to: now,
    });
    const current = currentSignals(scorecard, { ...config, now });
    const open = await store.listOpen(entityRef, 'signal');
    const { continued, fresh, cleared } = reconcile(open, current);
    for (const { stored, facts } of continued) await store.update(stored.id, facts);
    await store.clear(cleared.map(c => c.id), now);
    const stillOpen = open.filter(o => !cleared.includes(o));
    for (const facts of fresh) {
      // Another rule's episode of the same shift was told already: no second notification.
      const told = stillOpen.some(o => o.subject === facts.subject && o.side === facts.side && o.delivery !== 'pending');
      stillOpen.push(await store.open(entityRef, 'signal', facts, { now, delivery: told ? 'covered' : 'pending' }));
    }
  }

  /**
   * For the checks engine: report a check's state after each evaluation. A
   * new failure opens an episode and is told once; further failing reports
   * send nothing; 'pass' or 'exempt' clears it (silently); the next failure
   * is a new episode. 'insufficient-data' changes nothing.
   */
  async notifyCheckChange(change: CheckChange): Promise<EpisodeOutcome> {
    const { config, store } = this.options;
    if (!config.enabled || !config.checks.enabled) return 'disabled';
    const now = change.now ?? Date.now();
    const subject = `check:${change.check.id}`;
    const open = (await store.listOpen(change.entityRef, 'check')).filter(r => r.subject === subject);
    if (change.current === 'fail') {
      if (open.length > 0) return 'unchanged';
      const measured =
        change.value === undefined || change.value === null ? '' : `Value ${this.checkValue(change)}`;
      const threshold = change.check.threshold ? `required ${change.check.threshold}` : '';
      const detail = [measured, threshold].filter(Boolean).join(', ');
      await store.open(
        change.entityRef,
        'check',
        {
          subject,
          rule: 'fail',
          side: '',
          start: now,
          end: now,
          severity: config.checks.severity,
          title: checkFailureTitle(change.entityRef, change.check),
          summary: change.reason ?? `The check "${change.check.title}" fails`,
          detail: detail ? `${detail}.` : '',
          link: qualityLink(change.entityRef, { check: change.check.id }),
        },
        { now, delivery: 'pending', ownerRef: change.ownerRef },
      );
      await this.deliverNowUnlessDigest(now, change.entityRef);
      return 'opened';
    }
    if (change.current === 'insufficient-data' || open.length === 0) return 'unchanged';
    await store.clear(open.map(r => r.id), now);
    return 'cleared';
  }

  /**
   * For the checks engine: report the highest level held after each
   * evaluation. Losing a level is told once; regaining it clears the episode.
   */
  async notifyLevelChange(change: LevelChange): Promise<EpisodeOutcome> {
    const { config, store } = this.options;
    if (!config.enabled || !config.checks.enabled) return 'disabled';
    const now = change.now ?? Date.now();
    const rank = (level: string | null) => (level === null ? -1 : change.levels.indexOf(level));
    const held = rank(change.current);
    const open = await store.listOpen(change.entityRef, 'level');
    const regained = open.filter(r => rank(r.rule) <= held);
    await store.clear(regained.map(r => r.id), now);
    const lost = change.levels.filter((_, i) => i > held && i <= rank(change.previous));
    const fresh = lost.filter(level => !open.some(r => r.rule === level));
    if (fresh.length === 0 || change.previous === null) return regained.length > 0 ? 'cleared' : 'unchanged';
    for (const level of fresh) {
      const facts: EpisodeFacts = {
        subject: 'level',
        rule: level,
        side: '',
        start: now,
        end: now,
        severity: config.checks.severity,
        title: levelDropTitle(change.entityRef, change.previous, change.current),
        summary: `Holds ${change.current ? `level ${change.current}` : 'no level'} now, after ${change.previous}`,
        detail: '',
        link: qualityLink(change.entityRef),
      };
      await store.open(change.entityRef, 'level', facts, { now, delivery: 'pending', ownerRef: change.ownerRef });
    }
    await this.deliverNowUnlessDigest(now, change.entityRef);
    return 'opened';
  }

  /** The scheduled task: sends what is pending (retries, or the daily digest). */
  async deliverPending(now = Date.now()): Promise<number> {
    if (!this.options.config.enabled) return 0;
    return this.deliver({ now });
  }

  private async deliverNowUnlessDigest(now: number, entityRef: string) {
    if (this.options.config.digest === 'off') await this.deliver({ now, entityRef });
  }

  private checkValue(change: CheckChange) {
    const { value } = change;
    if (value === null || value === undefined) return '';
    const unit = METRIC_DEFINITIONS.find(d => d.id === change.check.metric)?.unit;
    return unit ? formatValue(unit, value) : String(value);
  }

  /**
   * Sends the pending episodes (of one entity, or all): one notification per
   * shift (episodes of one entity, subject and side), or in digest mode one
   * per owner. Episodes whose owner cannot be found yet (the catalog is still
   * loading) or whose sending fails stay pending for the next run.
   */
  private async deliver(options: { now: number; entityRef?: string }): Promise<number> {
    const { store, logger } = this.options;
    const { claim, rows } = await store.claimPending(options);
    if (rows.length === 0) return 0;
    let sent = 0;
    try {
      const owners = await this.ownersOf(rows);
      const messages = this.compose(rows, owners, options.now);
      for (const message of messages) {
        try {
          await this.options.notifications.send({
            recipients: { type: 'entity', entityRef: message.ownerRef },
            payload: message.payload,
          });
          await store.markSent(
            message.rows.map(r => r.id),
            { now: options.now, ownerRef: message.ownerRef },
          );
          sent += 1;
        } catch (e) {
          logger.warn(
            `Could not send the notification "${message.payload.title}" (is @backstage/plugin-notifications-backend installed?); it is retried later: ${e}`,
          );
        }
      }
    } finally {
      // Whatever was not sent stays pending.
      await store.release(claim);
    }
    return sent;
  }

  private compose(rows: EpisodeRow[], owners: Map<string, string>, now: number): Message[] {
    const groups = new Map<string, EpisodeRow[]>();
    for (const row of rows) {
      if (!owners.has(row.entityRef)) continue;
      const key = JSON.stringify([row.entityRef, row.kind, row.subject, row.side]);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const shifts = [...groups.values()].map(group => this.shiftMessage(group, owners.get(group[0].entityRef)!));
    if (this.options.config.digest === 'off') return shifts;
    const byOwner = new Map<string, Message[]>();
    for (const m of shifts) byOwner.set(m.ownerRef, [...(byOwner.get(m.ownerRef) ?? []), m]);
    return [...byOwner].map(([ownerRef, messages]) => this.digestMessage(ownerRef, messages, now));
  }

  private shiftMessage(group: EpisodeRow[], ownerRef: string): Message {
    const [headline, ...others] = [...group].sort(headlineFirst);
    return {
      ownerRef,
      rows: group,
      payload: {
        title: headline.title,
        description: groupDescription(headline, others),
        link: headline.link,
        severity: mostSevere(group.map(r => r.severity)),
        topic: TOPIC[headline.kind],
        // Should an episode ever be sent twice, the notifications backend updates the first one.
        scope: `quality-scorecard:${headline.kind}:${headline.entityRef}:${headline.subject}:${headline.side}:${headline.start}`,
        metadata: {
          entityRef: headline.entityRef,
          kind: headline.kind,
          subject: headline.subject,
          rule: headline.rule,
          ...(headline.side ? { side: headline.side } : {}),
          start: new Date(headline.start).toISOString(),
        },
      },
    };
  }

  private digestMessage(ownerRef: string, messages: Message[], now: number): Message {
    const rows = messages.flatMap(m => m.rows);
    const entities = new Set(rows.map(r => r.entityRef));
    const text = digestText(ownerRef, messages.map(m => m.payload.title));
    let link = qualityLink(ownerRef);
    if (messages.length === 1) link = messages[0].payload.link;
    else if (entities.size === 1) link = qualityLink([...entities][0]);
    return {
      ownerRef,
      rows,
      payload: {
        ...text,
        link,
        severity: mostSevere(messages.map(m => m.payload.severity)),
        topic: DIGEST_TOPIC,
        scope: `quality-scorecard:digest:${ownerRef}:${Math.min(...rows.map(r => r.id))}`,
        metadata: { ownerRef, at: new Date(now).toISOString(), episodes: String(rows.length) },
      },
    };
  }

  /**
   * The owner of each episode's entity: the one given by the checks engine,
   * else the catalog's ownedBy relation. Only owners the catalog knows count,
   * since the notifications backend resolves their members through it.
   */
  private async ownersOf(rows: EpisodeRow[]): Promise<Map<string, string>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entityRefs = [...new Set(rows.map(r => r.entityRef))];
    const candidates = new Map<string, string>();
    for (const r of rows) if (r.ownerRef) candidates.set(r.entityRef, r.ownerRef);
    const lookup = entityRefs.filter(ref => !candidates.has(ref));
    if (lookup.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: lookup, fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner', 'relations'] },
        { credentials },
      );
      items.forEach((entity, i) => {
        const owner = entity && ownerOf(entity);
        if (owner) candidates.set(lookup[i], owner);
      });
    }
    const ownerRefs = [...new Set(candidates.values())];
    const known = new Set<string>();
    if (ownerRefs.length > 0) {
      const { items } = await catalog.getEntitiesByRefs({ entityRefs: ownerRefs, fields: ['kind'] }, { credentials });
      items.forEach((entity, i) => entity && known.add(ownerRefs[i]));
    }
    return new Map([...candidates].filter(([, owner]) => known.has(owner)));
  }
}

function ownerOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
  if (related) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: entity.metadata.namespace ?? 'default' }),
  );
}

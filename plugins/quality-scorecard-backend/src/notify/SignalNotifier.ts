import {
  AuthService,
  DatabaseService,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { METRIC_DEFINITIONS, ScorecardResponse } from '@shewhart/plugin-quality-scorecard-common';
import { WEEK_MS } from '../engine/time';
import { NotificationsConfig } from '../config/notifications';
import {
  currentSignals,
  EpisodeFacts,
  reconcile,
} from './episodes';
import {
  checkFailureTitle,
  formatValue,
  levelDropTitle,
  qualityLink,
} from './messages';
import { SignalEpisodeStore } from './SignalEpisodeStore';
import { Delivery } from './Delivery';

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

export interface SignalNotifierOptions {
  config: NotificationsConfig;
  store: SignalEpisodeStore;
  scorecards: {
    entityScorecard(
      entityRef: string,
      window: { from: number; to: number },
    ): Promise<ScorecardResponse>;
  };
  notifications: NotificationService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Tells an entity's owner, through Backstage notifications, when its control
 * chart shows a new signal episode, a check starts failing or a level is
 * lost: once per episode, never once per recompute. Episodes are stored;
 * one that clears sends nothing, a new one later sends again.
 */
export class SignalNotifier {
  static async create(
    options: Omit<SignalNotifierOptions, 'store'> & {
      database: DatabaseService;
    },
  ): Promise<SignalNotifier> {
    const store = await SignalEpisodeStore.create({ database: options.database });
    return new SignalNotifier({ ...options, store });
  }

  private readonly delivery: Delivery;

  constructor(private readonly options: SignalNotifierOptions) {
    this.delivery = new Delivery({
      ...options,
      digest: options.config.digest,
      subGroups: options.config.subGroups,
    });
  }

  /** When the delivery task runs: every minute (retries), or once a day in digest mode. */
  get schedule(): SchedulerServiceTaskScheduleDefinition {
    return this.options.config.schedule;
  }

  /** The reaction to a recompute: record the entity's current signal episodes and tell what is new. */
  async onRecomputed(event: { entityRef: string; now: number }): Promise<void> {
    const { config } = this.options;
    if (!config.enabled) return;
    await this.recordSignals(event.entityRef, event.now);
    if (config.digest === 'off')
      await this.delivery.deliver({
        now: event.now,
        entityRef: event.entityRef,
      });
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
    for (const { stored, facts } of continued)
      await store.update(stored.id, facts);
    await store.clear(
      cleared.map(c => c.id),
      now,
    );
    const stillOpen = open.filter(o => !cleared.includes(o));
    for (const facts of fresh) {
      // Another rule's episode of the same shift was told already: no second notification.
      const told = stillOpen.some(
        o =>
          o.subject === facts.subject &&
          o.side === facts.side &&
          o.delivery !== 'pending',
      );
      stillOpen.push(
        await store.open(entityRef, 'signal', facts, {
          now,
          delivery: told ? 'covered' : 'pending',
        }),
      );
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
    const open = (await store.listOpen(change.entityRef, 'check')).filter(
      r => r.subject === subject,
    );
    if (change.current === 'fail') {
      if (open.length > 0) return 'unchanged';
      const measured =
        change.value === undefined || change.value === null
          ? ''
          : `Value ${this.checkValue(change)}`;
      const threshold = change.check.threshold
        ? `required ${change.check.threshold}`
        : '';
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
    if (change.current === 'insufficient-data' || open.length === 0)
      return 'unchanged';
    await store.clear(
      open.map(r => r.id),
      now,
    );
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
    const rank = (level: string | null) =>
      level === null ? -1 : change.levels.indexOf(level);
    const held = rank(change.current);
    const open = await store.listOpen(change.entityRef, 'level');
    const regained = open.filter(r => rank(r.rule) <= held);
    await store.clear(
      regained.map(r => r.id),
      now,
    );
    const lost = change.levels.filter(
      (_, i) => i > held && i <= rank(change.previous),
    );
    const fresh = lost.filter(level => !open.some(r => r.rule === level));
    if (fresh.length === 0 || change.previous === null)
      return regained.length > 0 ? 'cleared' : 'unchanged';
    for (const level of fresh) {
      const facts: EpisodeFacts = {
        subject: 'level',
        rule: level,
        side: '',
        start: now,
        end: now,
        severity: config.checks.severity,
        title: levelDropTitle(
          change.entityRef,
          change.previous,
          change.current,
        ),
        summary: `Holds ${
          change.current ? `level ${change.current}` : 'no level'
        } now, after ${change.previous}`,
        detail: '',
        link: qualityLink(change.entityRef),
      };
      await store.open(change.entityRef, 'level', facts, {
        now,
        delivery: 'pending',
        ownerRef: change.ownerRef,
      });
    }
    await this.deliverNowUnlessDigest(now, change.entityRef);
    return 'opened';
  }

  /** The scheduled task: sends what is pending (retries, or the daily digest). */
  async deliverPending(now = Date.now()): Promise<number> {
    if (!this.options.config.enabled) return 0;
    return this.delivery.deliver({ now });
  }

  private async deliverNowUnlessDigest(now: number, entityRef: string) {
    if (this.options.config.digest === 'off')
      await this.delivery.deliver({ now, entityRef });
  }

  private checkValue(change: CheckChange) {
    const { value } = change;
    if (value === null || value === undefined) return '';
    const unit = METRIC_DEFINITIONS.find(
      d => d.id === change.check.metric,
    )?.unit;
    return unit ? formatValue(unit, value) : String(value);
  }
}

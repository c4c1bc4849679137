import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Shewhart quality scorecard. */
  qualityScorecard?: {
    github?: {
      /**
       * Secrets that sign GitHub webhook deliveries (X-Hub-Signature-256).
       * Several may be listed while a secret is rotated; a delivery passes if
       * its signature matches any, and GET /admin/webhook-secrets tells which
       * (docs/webhook-secrets.md). Without one, POST /webhooks/github answers
       * 401 to everything.
       * @visibility secret
       */
      webhookSecrets?: string[];
      /**
       * Deprecated: one secret; list it in `webhookSecrets` instead. Still
       * accepted, as one more entry after those of `webhookSecrets`.
       * @deprecated Use webhookSecrets.
       * @visibility secret
       */
      webhookSecret?: string;
      /**
       * Which GitHub issues are incidents and bugs, for `issues` webhook
       * deliveries and the GitHub sync alike (the sync's older
       * `github.sync.issues.*` keys count where these are absent).
       */
      issues?: {
        /** Issues with one of these labels are incidents. Default [Incident]. */
        incidentLabels?: string[];
        /** Issues with one of these labels (and no incident label) are bugs. Default [bug]. */
        bugLabels?: string[];
      };
    };
    pagerduty?: {
      /**
       * PagerDuty v3 webhook subscription secrets. Several may be listed while
       * a secret is rotated; a delivery passes if any signature matches any.
       * @visibility secret
       */
      webhookSecrets?: string[];
    };
    demoData?: {
      /**
       * Load a deterministic six-month demo history for the example entities
       * at startup. True in the embedded default app-config.yaml only.
       */
      enabled?: boolean;
      /**
       * The instant the demo history ends (ISO-8601). Defaults to the start
       * time of the backend, so the demo always looks current.
       */
      endAt?: string;
    };
    metrics?: {
      /** Environments whose deployments count for DORA metrics. Default: [production]. */
      productionEnvironments?: string[];
      /**
       * What marks a production deployment as rework (deployment rework rate,
       * docs/metrics.md) when its source does not say (the events API's
       * `unplanned`). A deployment is rework when it ships a revert, or a PR
       * that matches one of these.
       */
      rework?: {
        /** PR labels, case-insensitive. Default: [hotfix, rollback]. */
        labels?: string[];
        /** Source-branch globs (`*`: any characters), case-insensitive. Default: [hotfix/*, hotfix-*, rollback/*]. */
        branches?: string[];
        /** Regular expressions matched (case-insensitive) against the PR's title, body and branch, e.g. 'Fixes INC-\\d+'. Default: none. */
        patterns?: string[];
        /** Whether a PR naming an incident of its entity that was open (by its id) is rework. Default true. */
        incidentReferences?: boolean;
      };
      /**
       * Which incidents and bugs the metrics count, by severity on one scale
       * of four levels (critical, high, medium, low; docs/metrics.md). Absent:
       * every incident and bug. With a list, one of unknown severity is left out.
       */
      severities?: {
        /** Incident levels that count (change failure rate, time to restore, recovery time, incidents per PR), e.g. [critical, high]. */
        incidents?: Array<'critical' | 'high' | 'medium' | 'low'>;
        /** Bug levels that count (bugs per developer). */
        bugs?: Array<'critical' | 'high' | 'medium' | 'low'>;
        /** A source's own severity names (case-insensitive) → level, before the built-in names, e.g. { 'Sev A': critical }. */
        map?: { [name: string]: 'critical' | 'high' | 'medium' | 'low' };
      };
      /** Values computed from fewer samples than this are flagged 'small-sample'. Default 5. */
      minSampleSize?: number;
      /** Aggregation of time to restore: 'median' (default) or 'mean'. */
      timeToRestoreAggregation?: 'median' | 'mean';
      /** Number of weeks of the charts' series. Default 26. */
      seriesWeeks?: number;
      /** Number of leading weeks of the series (or of a baseline period) that set the control limits. Default 12. */
      baselineWeeks?: number;
      /**
       * Weeks before the series whose data the charts' first baseline also
       * takes, so limits rest on 38 weeks rather than 12 (docs/spc.md).
       * Default 26; 0 to use the series alone.
       */
      baselineHistoryWeeks?: number;
    };
    attribution?: {
      /** How often the catalog annotation index is refreshed. Default 60 seconds. */
      refreshIntervalSeconds?: number;
    };
    recompute?: {
      /** How often dirty snapshots are recomputed. Default 30 seconds. */
      intervalSeconds?: number;
      /**
       * A recompute run stops after this long and leaves the rest to the next
       * run. Every backend instance runs the recompute, claiming dirty
       * entities 40 at a time; a claim lasts this long, so if an instance dies
       * the others take its entities over once its claims lapse. Default 120.
       */
      timeoutSeconds?: number;
      /**
       * Incremental recompute rewrites an entity's weeks from this many weeks
       * before the earliest week that new events touched, reading as many
       * weeks again as context (links such as incident → deployment or
       * revert → PR that span longer are caught up by the full recompute).
       * Default 4.
       */
      contextWeeks?: number;
      /** How often every entity is recomputed from its whole history. Default 24 hours. */
      fullIntervalHours?: number;
      /**
       * Worker threads of the recompute. They compute entities' snapshots
       * from their events while the main thread reads and writes the
       * database, and render each recomputed entity's scorecard of the default
       * window (the 28 days ending now), which is stored so that reads of that
       * window send it as it is. 0 computes in the main thread and stores no
       * scorecards. Policies with rules added by other backend modules are
       * always applied in the main thread. Default 2.
       */
      workerThreads?: number;
    };
    ingestion?: {
      /** Largest accepted request body. Default '10mb'. */
      maxBodySize?: string;
    };
    /**
     * How long each kind of stored data is kept (docs/retention.md). Every
     * period is a duration: an object such as { days: 730 } or an ISO-8601
     * string such as 'P2Y'. The exemption audit must be kept at least as long
     * as every other kind, and snapshots at least as long as events; otherwise
     * the backend stops at startup naming the key.
     */
    retention?: {
      /** Raw webhook deliveries (personal data, kept only for replay). Default 30 days. */
      rawDeliveries?: HumanDuration | string;
      /**
       * Events: PRs, deployments, incidents, bugs, push commits and deletion
       * tombstones, by their own time (an open one by its creation). Recompute
       * never rewrites weeks older than this period. Default 2 years.
       */
      events?: HumanDuration | string;
      /** Weekly snapshots (and stored per-week rows), by week start. Default 3 years. */
      snapshots?: HumanDuration | string;
      /** Check result history. Default 2 years. */
      checkHistory?: HumanDuration | string;
      /** Closed signal episodes (notification history), by their last week. Default 1 year. */
      notificationEpisodes?: HumanDuration | string;
      /** The exemption audit, and exemptions that ended (denied, revoked, expired). Default 7 years. */
      exemptionAudit?: HumanDuration | string;
      /**
       * How long the data of an entity that left the catalog is kept before
       * it is deleted; if it comes back within this period nothing is lost.
       * Default 30 days.
       */
      deletedEntities?: HumanDuration | string;
      /** When the retention job runs. Default: daily. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Rows deleted per batch (each batch its own short transaction). Default 1000. */
      batchSize?: number;
    };
    /**
     * The job that asks the catalog which entities with stored data still
     * exist (docs/entity-lifecycle.md): it marks those gone as missing, brings
     * back those that return, moves a renamed entity's history, and deletes
     * after `retention.deletedEntities`.
     */
    entityLifecycle?: {
      /** When it runs. Default: hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Backstage notifications to an entity's owner when its control chart
     * shows a new signal episode, or a check starts failing (docs/configuration.md#notifications).
     * Needs @backstage/plugin-notifications-backend in the backend.
     */
    /** How control charts raise signals (docs/spc.md). */
    signals?: {
      /**
       * 'calibrated' (default): probability limits and CUSUMs chosen by the
       * calibration in docs/spc.md; 'classic': textbook 3σ limits with all
       * four Western Electric rules (about 30 false signals per service-year).
       */
      design?: 'calibrated' | 'classic';
      /**
       * The false signals a stable service may raise in a year, all its charts
       * and rules together; the charts' limits and CUSUM intervals are set from
       * it. Default 1.
       */
      falseAlarmsPerServiceYear?: number;
      /**
       * Western Electric run rules to add to the calibrated charts:
       * 'beyond-3-sigma', 'two-of-three-beyond-2-sigma',
       * 'four-of-five-beyond-1-sigma', 'eight-on-one-side'. Default none; they
       * add false signals outside the budget.
       */
      westernElectricRules?: string[];
      /** The fewest baseline weeks with data before a period has limits. Default 6. */
      minBaselineWeeks?: number;
      /**
       * Start a new baseline by rule once a signal has lasted this many weeks
       * (a confirmed shift), so the chart watches the new level. Default 0 (off:
       * only people start baselines).
       */
      rebaselineAfterWeeks?: number;
    };
    notifications?: {
      /** Default true. */
      enabled?: boolean;
      /** Episodes whose weeks hold fewer samples (n summed) are not notified. Default 5. */
      minSampleSize?: number;
      /**
       * Only episodes that last fired in the current week or one of this
       * many weeks before it are current; older history never notifies. Default 2.
       */
      lookbackWeeks?: number;
      /** Also notify shifts in a metric's better direction. Default false. */
      improvements?: boolean;
      /**
       * Metric ids whose charts notify. Default: every metric except
       * ai_assisted_share, dpmo and sigma_level.
       */
      metrics?: string[];
      /** Also tell the members of the owner's sub-groups. Default false. */
      subGroups?: boolean;
      /** 'off' (default): one notification per shift as found; 'daily': one digest per owner a day. */
      digest?: 'off' | 'daily';
      /**
       * When pending notifications are sent. Default: every minute ('off'),
       * 07:00 UTC ('daily').
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Per rule: switch it off, or set its severity (critical, high, normal,
       * low). The Western Electric rules only fire where qualityScorecard.signals
       * switches them on (or with signals.design 'classic').
       */
      rules?: {
        'beyond-limit'?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'high'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        cusum?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'high'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        'beyond-3-sigma'?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'high'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        'two-of-three-beyond-2-sigma'?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'normal'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        'four-of-five-beyond-1-sigma'?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'normal'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        'eight-on-one-side'?: {
          /** Default true. */
          enabled?: boolean;
          /** Default 'normal'. */
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
      };
      /** Failing checks and lost levels. */
      checks?: {
        /** Default true. */
        enabled?: boolean;
        /** Default 'normal'. */
        severity?: 'critical' | 'high' | 'normal' | 'low';
      };
      /**
       * Campaign reminders at each campaign's reminderDays, and its closing
       * summary to the owner group (docs/campaigns.md). Off with notifications.
       */
      campaigns?: {
        /** Default true. */
        enabled?: boolean;
      };
    };
    /**
     * AI-assisted change detection (docs/ai-policy.md, "Detection"). Every
     * list has built-in defaults; a bad value stops the backend at startup.
     */
    aiDetection?: {
      /** Given lists are added to the defaults (true, default) or replace them (false). */
      extendDefaults?: boolean;
      /**
       * AI co-author identities of `Co-authored-by:` trailers: an e-mail
       * address, or { tool, email?, emailPattern?, namePattern?, confidence? }.
       * A namePattern alone matches only no-reply or bot addresses.
       */
      identities?: Array<
        | string
        | {
            tool: string;
            email?: string;
            /** Regular expression on the whole address, case-insensitive. */
            emailPattern?: string;
            /** Regular expression on the co-author's name, case-insensitive. */
            namePattern?: string;
            /** 0 < confidence <= 1. Default 0.95 (address), 0.7 (name only). */
            confidence?: number;
          }
      >;
      /** Logins of AI agent accounts that open PRs (e.g. copilot-swe-agent[bot]). */
      agentAuthors?: string[];
      /** Labels that declare a PR AI-assisted. Default: ai-assisted, ai-generated. */
      labels?: string[];
      /** Regular expressions searched per line in PR bodies and commit message bodies. */
      bodyMarkers?: string[];
      /** AI tool names recognised in Assisted-by, Generated-by and Made-with values. */
      toolNames?: string[];
      /** Trailer keys whose presence declares AI assistance (e.g. AI-assisted). */
      trailerKeys?: string[];
      /** Combined confidence (0-1) from which a PR counts as AI-assisted. Default 0.5. */
      minConfidence?: number;
    };
    /**
     * Checks and levels that platform teams enforce (docs/checks.md). A bad
     * definition stops the backend at startup with its key named.
     */
    checks?: {
      /** The window, in days ending at evaluation time, that checks read. Default 28. */
      windowDays?: number;
      definitions?: Array<{
        /** Lower-case id, used by levels, exemptions and the CI gate. */
        id: string;
        title?: string;
        /** A metric id of GET /metrics (e.g. change_failure_rate, sigma_level). */
        metric: string;
        /** With `threshold`: value `operator` threshold passes. */
        operator?: '<=' | '<' | '>=' | '>';
        threshold?: number;
        /**
         * Instead of a threshold: the metric's DORA band is at least this, by
         * the value the band stands for in the metric's edition (DORA 2024's
         * high change failure rate is worse than its medium).
         */
        band?: 'low' | 'medium' | 'high' | 'elite';
        /**
         * A balanced check: the metric's counterweight (GET /metrics names it,
         * e.g. change_failure_rate for deployment_frequency) must hold this
         * threshold or band too.
         */
        counterweight?: {
          operator?: '<=' | '<' | '>=' | '>';
          threshold?: number;
          band?: 'low' | 'medium' | 'high' | 'elite';
        };
        /** Below this sample size the check reports insufficient data (not held). Default 0. */
        minSampleSize?: number;
        /** Entities the check applies to; every given key must match. Default: all. */
        filter?: {
          kind?: string[];
          type?: string[];
          lifecycle?: string[];
          system?: string[];
          owner?: string[];
          tags?: string[];
          entityRefs?: string[];
        };
      }>;
      /** Lowest first: a level is held when every check of it and of the levels below passes or is exempt. */
      levels?: Array<{
        id: string;
        title?: string;
        checks: string[];
      }>;
    };
    /**
     * Campaigns: a target (a level or checks) for a set of entities by a due
     * date (docs/campaigns.md). Read-only over the API; campaigns created
     * over the API live in the database. A bad campaign (an unknown level or
     * check, a due date before the start) stops the backend at startup.
     */
    campaigns?: Array<{
      /** Lower-case letters, digits and dashes. */
      id: string;
      title: string;
      description?: string;
      /** The group that runs the campaign, e.g. group:default/platform-team. */
      owner: string;
      /** A level id (with the levels below it), or a list of check ids. */
      target: { level: string } | { checks: string[] };
      /** Entities the campaign covers; every given key must match. Default: all. */
      filter?: {
        kind?: string[];
        type?: string[];
        lifecycle?: string[];
        system?: string[];
        owner?: string[];
        tags?: string[];
        entityRefs?: string[];
      };
      /** The first day, YYYY-MM-DD. */
      startDate: string;
      /** The last day, YYYY-MM-DD; not before startDate. */
      dueDate: string;
      /** Days before the due date on which owners are reminded, e.g. ['30d', '7d', '1d']. */
      reminders?: string[];
    }>;
    /**
     * AI-code review policies (docs/ai-policy.md). Without this key one
     * default policy applies to AI-assisted PRs: `human-approvals` (min 1)
     * and `no-self-merge`. A bad definition stops the backend at startup.
     */
    aiPolicies?: Array<{
      /** Lower-case id, shown beside each violation. */
      id: string;
      title?: string;
      /** 'ai-assisted' (default): PRs detected as AI-assisted; 'all': every merged PR. */
      appliesTo?: 'ai-assisted' | 'all';
      /** Only AI-assisted PRs detected with at least this confidence (0-1). Default 0. */
      minConfidence?: number;
      /**
       * Entities the policy covers; every given key must match, any value
       * within a key. Owners and systems may be full refs or names. Default:
       * every entity.
       */
      filter?: {
        kind?: string[];
        type?: string[];
        lifecycle?: string[];
        system?: string[];
        owner?: string[];
        tags?: string[];
        entityRefs?: string[];
      };
      /**
       * Rules, by id: human-approvals {min}, no-self-merge,
       * tests-changed {patterns}, size-limit {maxChangedLines},
       * approval-after-last-commit, or one a backend module adds.
       */
      rules: Array<{
        id: string;
        options?: { [key: string]: any };
      }>;
    }>;
  };
}

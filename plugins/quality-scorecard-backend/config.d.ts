export interface Config {
  /** Configuration of the Shewhart quality scorecard. */
  qualityScorecard?: {
    github?: {
      /**
       * Secret that signs GitHub webhook deliveries (X-Hub-Signature-256).
       * Without it, POST /webhooks/github answers 401 to everything.
       * @visibility secret
       */
      webhookSecret?: string;
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
      /** Values computed from fewer samples than this are flagged 'small-sample'. Default 5. */
      minSampleSize?: number;
      /** Aggregation of time to restore: 'median' (default) or 'mean'. */
      timeToRestoreAggregation?: 'median' | 'mean';
      /** Number of weeks of the charts' series. Default 26. */
      seriesWeeks?: number;
      /** Number of leading weeks of the series that set the control limits. Default 12. */
      baselineWeeks?: number;
    };
    attribution?: {
      /** How often the catalog annotation index is refreshed. Default 60 seconds. */
      refreshIntervalSeconds?: number;
    };
    recompute?: {
      /** How often dirty snapshots are recomputed. Default 30 seconds. */
      intervalSeconds?: number;
    };
    ingestion?: {
      /** Largest accepted request body. Default '10mb'. */
      maxBodySize?: string;
    };
  };
}

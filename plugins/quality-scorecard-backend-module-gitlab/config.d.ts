import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  qualityScorecard?: {
    gitlab?: {
      /**
       * Secret tokens that GitLab webhooks send in `X-Gitlab-Token`
       * (`POST /api/quality-scorecard/webhooks/gitlab`). A list, so that a
       * secret can rotate: add the new one, change the hooks, remove the old.
       * Without any, the route answers 401 to every request.
       * @visibility secret
       */
      webhookSecrets?: string[];
      /** How GitLab issues become incidents and bugs, for webhooks and sync alike. */
      issues?: {
        /**
         * Issues of type `incident` are incidents; so are issues with one of
         * these labels (case-insensitive). Default [incident].
         */
        incidentLabels?: string[];
        /** Issues with one of these labels (and not incidents) are bugs. Default [bug]. */
        bugLabels?: string[];
      };
      /**
       * Scheduled backfill and sync of GitLab history. Credentials come from
       * `integrations.gitlab`; without a token there, sync is off.
       */
      sync?: {
        /** Turn the sync off while keeping the module installed. Default true. */
        enabled?: boolean;
        /** Days of history the first sync of a project fetches. Default 180. */
        historyDays?: number;
        /**
         * When the sync runs. Default: every hour, first run 2 minutes after
         * start, a run times out after 3 hours.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Longest wait for a rate limit (`RateLimit-Reset`, `Retry-After`)
         * before the run stops; the next run resumes where it stopped.
         * Default 60 minutes.
         */
        maxRateLimitWaitMinutes?: number;
      };
    };
  };
}

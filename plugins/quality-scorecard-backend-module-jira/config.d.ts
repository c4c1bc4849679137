import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  qualityScorecard?: {
    jira?: {
      /**
       * Jira Cloud: secrets of admin-registered webhooks. Each delivery's
       * `X-Hub-Signature: sha256=<hex>` must be the HMAC-SHA256 of its raw body
       * with one of them (`POST /api/quality-scorecard/webhooks/jira`). A list,
       * so a secret can rotate. Without these and `webhookTokens` the route
       * answers 401 to every request.
       * @visibility secret
       */
      webhookSecrets?: string[];
      /**
       * Jira Data Center, which does not sign: shared tokens, one of which
       * each delivery sends in the `X-Shewhart-Webhook-Token` header
       * (compared in constant time). A list, for rotation.
       * @visibility secret
       */
      webhookTokens?: string[];
      /** Which issues are bugs. Default: issue type Bug. */
      bugs?: {
        /** Issue type names (case-insensitive). Default [Bug]. */
        issueTypes?: string[];
        /** Issues with one of these labels are bugs too, whatever their type. Default []. */
        labels?: string[];
        /** When set, only issues of these priorities are bugs. Default [] (any). */
        priorities?: string[];
        /**
         * JQL that narrows the sync's search, applied only when
         * `incidents.jql` is set too (the search is `(bugs.jql) OR
         * (incidents.jql)`). Webhooks are not filtered by it.
         */
        jql?: string;
      };
      /** Which issues are incidents (they win over bugs). Default: the JSM incident types. */
      incidents?: {
        /** Default [Incident, "[System] Incident"]. */
        issueTypes?: string[];
        /** Default []. */
        labels?: string[];
        /** Default [] (any). */
        priorities?: string[];
        /** See `bugs.jql`. */
        jql?: string;
      };
      /**
       * Priority name (case-insensitive) → severity kept on bug and incident
       * events, over the defaults: Highest, Blocker → critical; High,
       * Critical → high; Medium, Major → medium; Low, Lowest, Minor, Trivial
       * → low. An unmapped priority is kept by its own name.
       */
      severities?: { [priority: string]: string };
      /** Jira sites the scheduled sync reads. Without any, the sync is off (logged). */
      instances?: Array<{
        /** `https://your-site.atlassian.net`, or a Data Center URL with its context path. */
        baseUrl: string;
        /** Default cloud. */
        kind?: 'cloud' | 'datacenter';
        /** Cloud: the account's email (basic auth with `apiToken`). */
        email?: string;
        /**
         * Cloud: an API token of an account that can browse the projects.
         * @visibility secret
         */
        apiToken?: string;
        /**
         * Data Center: a personal access token (sent as a bearer token).
         * @visibility secret
         */
        token?: string;
        /**
         * Project keys this site holds. Absent: every project named by a
         * `jira/project-key` annotation is searched on this site; set it when
         * several sites are configured.
         */
        projects?: string[];
      }>;
      /** The scheduled sync of every project named by a `jira/project-key` annotation. */
      sync?: {
        /** Turn the sync off while keeping the module installed. Default true. */
        enabled?: boolean;
        /** Days of history the first sync of a project reads. Default 180. */
        historyDays?: number;
        /**
         * The search starts this many minutes before the newest update
         * already delivered (Jira's search is eventually consistent). Default 5.
         */
        overlapMinutes?: number;
        /** Issues per search page, at most 100. Default 100. */
        pageSize?: number;
        /**
         * Longest wait for a 429's `Retry-After` before the run stops (the
         * next run resumes where it stopped). Default 10.
         */
        maxRateLimitWaitMinutes?: number;
        /**
         * When the sync runs. Default: every 30 minutes, first run 2 minutes
         * after start, a run times out after 2 hours.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}

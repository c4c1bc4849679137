import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  qualityScorecard?: {
    github?: {
      /**
       * Scheduled backfill and sync of GitHub history (the
       * quality-scorecard-backend-module-github module). Credentials come from
       * `integrations.github`; without a token or GitHub App there, sync is off.
       */
      sync?: {
        /** Turn the sync off while keeping the module installed. Default true. */
        enabled?: boolean;
        /** Days of history the first sync of a repository fetches. Default 180. */
        historyDays?: number;
        /**
         * When the sync runs. Default: every hour, first run 2 minutes after
         * start, a run times out after 3 hours.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Pull requests fetched in parallel within one repository. Default 4. */
        concurrency?: number;
        /**
         * Longest wait for a primary rate limit to reset before the run stops
         * (the next run resumes where it stopped). Default 60 minutes.
         */
        maxRateLimitWaitMinutes?: number;
        deployments?: {
          /** Read the GitHub deployments API. Default true. */
          enabled?: boolean;
        };
        /**
         * Successful runs of these GitHub Actions workflows count as
         * deployments (for repositories that do not use the deployments API).
         */
        deploymentWorkflows?: Array<{
          /** Workflow file name (e.g. `deploy.yml`) or numeric id. */
          workflow: string;
          /** Environment of the deployments. Default `production`. */
          environment?: string;
          /** Only runs on this branch. Default: any branch. */
          branch?: string;
        }>;
        issues?: {
          /** Issues with one of these labels are incidents. Default [Incident]. */
          incidentLabels?: string[];
          /** Issues with one of these labels (and no incident label) are bugs. Default [bug]. */
          bugLabels?: string[];
        };
      };
    };
  };
}

/*
 * The Shewhart example portal backend: the catalog, guest sign-in for local
 * use, the permission framework and the quality scorecard plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// SHEWHART_WITHOUT_QUALITY_SCORECARD=1 starts this backend without the quality
// scorecard, its modules and what serves only them (the benchmark measures
// the plugin's share of the backend's memory so); the import is not evaluated.
const withScorecard = process.env.SHEWHART_WITHOUT_QUALITY_SCORECARD !== '1';
const addScorecard = (load: () => Parameters<typeof backend.add>[0]) => {
  if (withScorecard) backend.add(load());
};

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// A second local sign-in (Ken of platform-team) who approves what the guest,
// an owner of payments-api, requests: nobody approves their own exemption.
backend.add(import('./modules/approverSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Members of platform-team administer the quality scorecard (refresh, replay,
// exemption decisions); an entity's owners request its exemptions; everyone
// reads.
backend.add(import('./modules/permissionPolicy'));

addScorecard(() => import('@shewhart/plugin-quality-scorecard-backend'));
// The scorecard's read actions as MCP tools for AI agents at
// /api/mcp-actions/v1 (backend.actions.pluginSources; docs/configuration.md).
addScorecard(() => import('@backstage/plugin-mcp-actions-backend'));
// Backfill and sync from GitHub; off (logged) without credentials in integrations.github.
addScorecard(
  () => import('@shewhart/plugin-quality-scorecard-backend-module-github'),
);
// GitLab webhooks and sync; the webhook route answers 401 until
// qualityScorecard.gitlab.webhookSecrets is set, the sync stays off (logged)
// without a token in integrations.gitlab.
addScorecard(
  () => import('@shewhart/plugin-quality-scorecard-backend-module-gitlab'),
);
// Opsgenie / Jira Service Management Operations and incident.io incident
// webhooks; each route answers 401 until its webhookSecrets are set.
addScorecard(
  () => import('@shewhart/plugin-quality-scorecard-backend-module-incidents'),
);
// Jira bugs and incidents (Cloud and Data Center); the webhook route answers 401
// until qualityScorecard.jira.webhookSecrets or webhookTokens is set, the sync
// stays off (logged) without qualityScorecard.jira.instances.
addScorecard(
  () => import('@shewhart/plugin-quality-scorecard-backend-module-jira'),
);
// GitHub and GitLab webhooks through Backstage's events backend
// (docs/events-service.md); idle (logged) here, where neither the events
// backend nor events.modules.github/gitlab.webhookSecret is set.
addScorecard(
  () => import('@shewhart/plugin-quality-scorecard-backend-module-events'),
);

// The notifications bell: owners hear of new control-chart signals; signals
// pushes them to open browsers.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Tech-insights, with the quality scorecard's metrics, levels and failing
// checks as facts (qualityScorecardFactRetriever) and example checks over them.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
addScorecard(
  () =>
    import('@shewhart/plugin-quality-scorecard-backend-module-tech-insights'),
);

backend.start();

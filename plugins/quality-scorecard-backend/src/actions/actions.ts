import type { ScorecardActionsOptions } from './actionContext';
import { registerCampaignActions } from './campaignActions';
import { registerFailingChecksAction } from './failingChecksAction';
import {
  registerEntityScorecardAction,
  registerOwnerScorecardAction,
} from './scorecardActions';

/*
 * Read actions for AI agents (MCP clients through the actions registry):
 * an entity's scorecard, an owner's roll-up, and the failing checks of an
 * owner's services or of one entity; with campaigns, the campaigns an owner
 * is behind on and what to fix for one. They answer what the REST API does,
 * trimmed to what a conversation needs (no weekly series or chart limits).
 */

export type { ScorecardActionsOptions } from './actionContext';

export function registerScorecardActions(options: ScorecardActionsOptions) {
  registerEntityScorecardAction(options);
  registerOwnerScorecardAction(options);
  registerFailingChecksAction(options);
  const { campaigns } = options;
  if (campaigns) registerCampaignActions({ ...options, campaigns });
}

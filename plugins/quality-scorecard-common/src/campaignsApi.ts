/*
 * Campaigns: a platform team sets a target (a level, or a list of checks) for
 * a set of catalog entities and a due date. Request and response bodies of
 * the campaign routes (plugins/quality-scorecard-backend/src/campaigns/), used
 * by the backend's handlers and the frontend's client alike.
 */

/**
 * What an entity must hold for a campaign: a configured level (with the
 * levels below it), or every one of a list of configured checks.
 * @public
 */
export type CampaignTarget =
  | { level: string; checks?: never }
  | { checks: string[]; level?: never };

/**
 * Which catalog entities a campaign covers: every given field must match
 * (the same filter as the checks'); none given: all.
 * @public
 */
export interface CampaignEntityFilter {
  kind?: string[];
  type?: string[];
  lifecycle?: string[];
  system?: string[];
  owner?: string[];
  tags?: string[];
  entityRefs?: string[];
}

/**
 * Where a campaign is defined: app-config (read-only over the API) or the
 * database (created, changed and closed through the admin routes).
 * @public
 */
export type CampaignSource = 'config' | 'database';

/**
 * `scheduled` before its start date, `active` until it is closed or its due
 * date has passed, then `closed`.
 * @public
 */
export type CampaignState = 'scheduled' | 'active' | 'closed';

/**
 * A campaign as defined.
 * @public
 */
export interface CampaignDefinition {
  /** Lower-case letters, digits and dashes. */
  id: string;
  title: string;
  description?: string;
  /** The group that runs the campaign (an entity ref, `group:default/platform-team`). */
  owner: string;
  target: CampaignTarget;
  filter: CampaignEntityFilter;
  /** ISO date (YYYY-MM-DD), the first day. */
  startDate: string;
  /** ISO date (YYYY-MM-DD), the last day. */
  dueDate: string;
  /** Days before the due date on which owners are reminded, e.g. `[30, 7, 1]`. */
  reminderDays: number[];
  source: CampaignSource;
}

/**
 * Entities in a campaign's scope by standing. `exempted` entities do not meet
 * the target but every check they fail is covered by an approved exemption;
 * they are never counted as meeting it.
 * @public
 */
export interface CampaignCounts {
  inScope: number;
  meeting: number;
  exempted: number;
  notMeeting: number;
}

/**
 * A campaign with its progress today.
 * @public
 */
export interface CampaignSummary extends CampaignDefinition {
  state: CampaignState;
  /** ISO date-time when it was closed early by an admin; null otherwise. */
  closedAt: string | null;
  /** Whole days from today to the due date (0 on the due date, negative after it). */
  daysLeft: number;
  progress: CampaignCounts;
}

/**
 * `GET /campaigns`.
 * @public
 */
export interface CampaignListResponse {
  items: CampaignSummary[];
}

/**
 * An entity's standing in a campaign.
 * @public
 */
export type CampaignStanding = 'meeting' | 'exempted' | 'not-meeting';

/**
 * A check of a campaign's target that an entity does not pass.
 * @public
 */
export interface CampaignOpenCheck {
  checkId: string;
  title: string;
  /** `fail` or `insufficient-data`, or `exempt` while an approved exemption covers it. */
  status: 'fail' | 'insufficient-data' | 'exempt';
  /** The approved exemption covering it, with its expiry. */
  exemption?: { id: number; expiresAt: string };
}

/**
 * One entity of a campaign.
 * @public
 */
export interface CampaignEntityProgress {
  entityRef: string;
  /** The entity's owner (entity ref). */
  owner: string;
  standing: CampaignStanding;
  /** The target's checks it does not pass; empty when it meets the target. */
  open: CampaignOpenCheck[];
}

/**
 * One owner's entities in a campaign.
 * @public
 */
export interface CampaignOwnerProgress extends CampaignCounts {
  owner: string;
}

/**
 * One day of a campaign's burn-up: the standing of the entities in scope at
 * the end of that day (UTC), from the stored check history and exemptions.
 * @public
 */
export interface CampaignDay {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  inScope: number;
  meeting: number;
  exempted: number;
}

/**
 * `GET /campaigns/{id}`: a campaign, its entities and owners (owners ranked
 * by the share of their entities meeting the target, highest first), and a
 * point per day from the start date to today (or the due date, whichever is
 * earlier).
 * @public
 */
export interface CampaignDetailResponse {
  campaign: CampaignSummary;
  owners: CampaignOwnerProgress[];
  entities: CampaignEntityProgress[];
  series: CampaignDay[];
}

/**
 * `GET /campaigns/entity/{kind}/{namespace}/{name}` and
 * `GET /campaigns/owner/{kind}/{namespace}/{name}`: the campaigns (not
 * scheduled ones) an entity, or an owner's entities through the group
 * hierarchy, are in, with the standing of each of those entities.
 * @public
 */
export interface CampaignMembershipResponse {
  items: Array<{
    campaign: CampaignSummary;
    entities: CampaignEntityProgress[];
  }>;
}

/**
 * Body of `POST /campaigns` (201 with the new `CampaignSummary`) and of
 * `PUT /campaigns/{id}` (without `id`; 200). Campaigns from app-config cannot
 * be changed (409).
 * @public
 */
export interface CampaignInput {
  id: string;
  title: string;
  description?: string;
  owner: string;
  target: CampaignTarget;
  filter?: CampaignEntityFilter;
  startDate: string;
  dueDate: string;
  reminderDays?: number[];
}

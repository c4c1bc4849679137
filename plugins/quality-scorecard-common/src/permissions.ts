import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read scorecards at all (the plugin's basic read). Reads of one entity's
 * data also need {@link qualityScorecardEntityReadPermission} on it. @public
 */
export const qualityScorecardReadPermission = createPermission({
  name: 'quality-scorecard.scorecard.read',
  attributes: { action: 'read' },
});

/** Recompute snapshots now and replay stored deliveries. @public */
export const qualityScorecardRefreshPermission = createPermission({
  name: 'quality-scorecard.refresh',
  attributes: { action: 'update' },
});

/** Administer the plugin: replay raw deliveries, list unattributed events. @public */
export const qualityScorecardAdminPermission = createPermission({
  name: 'quality-scorecard.admin',
  attributes: { action: 'update' },
});

/**
 * Request exemptions at all (basic). A request for one entity also needs
 * {@link qualityScorecardEntityExemptionRequestPermission} on it. @public
 */
export const qualityScorecardExemptionRequestPermission = createPermission({
  name: 'quality-scorecard.exemption.request',
  attributes: { action: 'create' },
});

/**
 * Approve, deny or revoke exemptions (platform admins). Whatever a policy
 * says, the requester of an exemption cannot approve or deny it. @public
 */
export const qualityScorecardExemptionReviewPermission = createPermission({
  name: 'quality-scorecard.exemption.review',
  attributes: { action: 'update' },
});

/**
 * Start a new control-chart baseline for an entity after a confirmed shift.
 * A resource permission on the entity, so a policy can allow it to owners
 * only (the catalog's `isEntityOwner` condition). @public
 */
export const qualityScorecardBaselineManagePermission = createPermission({
  name: 'quality-scorecard.baseline.manage',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Read one entity's scorecard, checks, gate, baselines and facts, and see it
 * in roll-ups: a resource permission on the entity, so a policy can say
 * "owners only" with the catalog's conditions (`isEntityOwner`). Checked
 * together with {@link qualityScorecardReadPermission}: both must allow. @public
 */
export const qualityScorecardEntityReadPermission = createPermission({
  name: 'quality-scorecard.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Request an exemption for one entity: a resource permission on it (owners
 * only, with `isEntityOwner`). Checked together with
 * {@link qualityScorecardExemptionRequestPermission}: both must allow. @public
 */
export const qualityScorecardEntityExemptionRequestPermission =
  createPermission({
    name: 'quality-scorecard.entity.exemption.request',
    attributes: { action: 'create' },
    resourceType: 'catalog-entity',
  });

/**
 * Send events to `POST /events`. A user token is checked against the policy;
 * an external-access token against its `accessRestrictions`. @public
 */
export const qualityScorecardEventsCreatePermission = createPermission({
  name: 'quality-scorecard.events.create',
  attributes: { action: 'create' },
});

/**
 * Create, change and close campaigns stored in the database (campaigns from
 * app-config are read-only). @public
 */
export const qualityScorecardCampaignManagePermission = createPermission({
  name: 'quality-scorecard.campaign.manage',
  attributes: { action: 'update' },
});

/** @public */
export const qualityScorecardPermissions = [
  qualityScorecardReadPermission,
  qualityScorecardRefreshPermission,
  qualityScorecardAdminPermission,
  qualityScorecardExemptionRequestPermission,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardBaselineManagePermission,
  qualityScorecardEntityReadPermission,
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardEventsCreatePermission,
  qualityScorecardCampaignManagePermission,
];

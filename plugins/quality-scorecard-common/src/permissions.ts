import { createPermission } from '@backstage/plugin-permission-common';

/** Read scorecards of any entity or owner. @public */
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

/** Request an exemption from a check for an entity (owners). @public */
export const qualityScorecardExemptionRequestPermission = createPermission({
  name: 'quality-scorecard.exemption.request',
  attributes: { action: 'create' },
});

/** Approve, deny or revoke exemptions (platform admins). @public */
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

/** @public */
export const qualityScorecardPermissions = [
  qualityScorecardReadPermission,
  qualityScorecardRefreshPermission,
  qualityScorecardAdminPermission,
  qualityScorecardExemptionRequestPermission,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardBaselineManagePermission,
];

import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  qualityScorecardAdminPermission,
  qualityScorecardBaselineManagePermission,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';

/** Permissions that only platform admins hold. */
const ADMIN_PERMISSIONS = new Set([
  qualityScorecardAdminPermission.name,
  qualityScorecardRefreshPermission.name,
  qualityScorecardExemptionReviewPermission.name,
]);

/**
 * The example portal's policy: everyone may read and request exemptions;
 * members of the admin groups (default: group:default/platform-team) may also
 * refresh, replay and decide exemptions. A control-chart baseline may be
 * started by the entity's owners (the catalog resolves the condition) and by
 * admins. Everything else is allowed.
 */
export class ShewhartExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
    private readonly adminGroups: string[],
  ) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (isPermission(request.permission, qualityScorecardBaselineManagePermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { admin, ownershipEntityRefs } = await this.memberships(user);
      if (admin) return { result: AuthorizeResult.ALLOW };
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (!ADMIN_PERMISSIONS.has(request.permission.name)) return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };
    const { admin } = await this.memberships(user);
    return { result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }

  private async memberships(user: PolicyQueryUser) {
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
    const admin = ownershipEntityRefs.some(ref => this.adminGroups.includes(ref.toLocaleLowerCase('en-US')));
    return { admin, ownershipEntityRefs };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'shewhart-example-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new ShewhartExamplePolicy(userInfo, ['group:default/platform-team']));
      },
    });
  },
});

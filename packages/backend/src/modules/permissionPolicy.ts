import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
  ResourcePermission,
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
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardEntityReadPermission,
  qualityScorecardEventsCreatePermission,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';

/** Permissions that only platform admins hold. */
const ADMIN_PERMISSIONS = new Set([
  qualityScorecardAdminPermission.name,
  qualityScorecardRefreshPermission.name,
  qualityScorecardExemptionReviewPermission.name,
  // Tools send events with an external-access token, which no policy decides.
  qualityScorecardEventsCreatePermission.name,
]);

/**
 * The example portal's policy: everyone may read every scorecard (only what
 * their groups own with `permission.shewhartExample.ownersOnlyReads`); an entity's
 * owners request its exemptions (the catalog resolves `isEntityOwner`);
 * members of the admin groups (default: group:default/platform-team) refresh,
 * replay, send events as users and decide exemptions (never their own: the
 * plugin refuses that whatever a policy says). A control-chart baseline may
 * be started by the entity's owners and by admins. Everything else is
 * allowed.
 */
export class ShewhartExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
    private readonly adminGroups: string[],
    private readonly options: { ownersOnlyReads?: boolean } = {},
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Owners only (admins too where `adminsToo`): the catalog resolves the condition.
    const owners = async (adminsToo: boolean): Promise<PolicyDecision> => {
      if (!user) return { result: AuthorizeResult.DENY };
      const { admin, ownershipEntityRefs } = await this.memberships(user);
      if (adminsToo && admin) return { result: AuthorizeResult.ALLOW };
      return createCatalogConditionalDecision(
        request.permission as ResourcePermission<'catalog-entity'>,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    };
    if (
      isPermission(
        request.permission,
        qualityScorecardEntityExemptionRequestPermission,
      )
    ) {
      return owners(false);
    }
    if (
      this.options.ownersOnlyReads &&
      isPermission(request.permission, qualityScorecardEntityReadPermission)
    ) {
      return owners(true);
    }
    if (
      isPermission(request.permission, qualityScorecardBaselineManagePermission)
    ) {
      return owners(true);
    }
    if (!ADMIN_PERMISSIONS.has(request.permission.name))
      return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };
    const { admin } = await this.memberships(user);
    return { result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }

  private async memberships(user: PolicyQueryUser) {
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const admin = ownershipEntityRefs.some(ref =>
      this.adminGroups.includes(ref.toLocaleLowerCase('en-US')),
    );
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
        config: coreServices.rootConfig,
      },
      async init({ policy, userInfo, config }) {
        policy.setPolicy(
          new ShewhartExamplePolicy(userInfo, ['group:default/platform-team'], {
            // Off in the example portal: everyone reads every scorecard. On,
            // users outside platform-team read only what their groups own.
            ownersOnlyReads:
              config.getOptionalBoolean(
                'permission.shewhartExample.ownersOnlyReads',
              ) ?? false,
          }),
        );
      },
    });
  },
});

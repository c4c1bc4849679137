import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { qualityScorecardReadPermission } from '@shewhart/plugin-quality-scorecard-common';
import { ChecksService } from '../checks/ChecksService';
import { OwnershipService } from '../scorecards/OwnershipService';
import { ScorecardReader } from '../scorecards/ScorecardReader';
import type { EntityAccess } from '../permissions/EntityAccess';
import type { CampaignReader } from '../campaigns/CampaignReader';
import { SEES_ALL, type Visibility } from '../permissions/visibility';

/* What every scorecard read action shares: its services, the clock, who may read what. */

const DAY = 86_400_000;

export interface ScorecardActionsOptions {
  actionsRegistry: ActionsRegistryService;
  scorecards: ScorecardReader;
  checks: ChecksService;
  ownership: OwnershipService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  /** Entity reads as the HTTP routes decide them (conditions on the entity). */
  access?: EntityAccess;
  /** Campaigns: with them, the campaign actions are registered too. */
  campaigns?: CampaignReader;
  now?: () => number;
}

/** A full ref, or a bare name in the default namespace of `defaultKind`. */
export function normalizeRef(
  ref: string,
  defaultKind: string,
  field: string,
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(`${field}: not an entity ref: '${ref}'`);
  }
}

/** The clock and the read checks the actions share, bound to their options. */
export function actionContext(
  options: Pick<ScorecardActionsOptions, 'permissions' | 'access' | 'now'>,
) {
  const { permissions, access } = options;
  const now = options.now ?? Date.now;

  const authorize = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: qualityScorecardReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${qualityScorecardReadPermission.name}`,
      );
    }
  };
  /** Which entities the caller may read (everything where no access is given). */
  const seen = async (
    credentials: BackstageCredentials,
  ): Promise<Visibility> => {
    if (!access) {
      await authorize(credentials);
      return SEES_ALL;
    }
    return access.visibility(credentials);
  };
  const windowOf = (days: number) => {
    const to = now();
    return { from: to - days * DAY, to };
  };
  return { now, authorize, seen, windowOf };
}

import type { Entity } from '@backstage/catalog-model';
import type { Request } from 'express';
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  type PermissionRule,
} from '@backstage/plugin-permission-node';
import { permissionRules as catalogRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardEntityReadPermission,
  qualityScorecardExemptionRequestPermission,
  qualityScorecardReadPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import type { Visibility } from './visibility';

/** What a caller may do to one entity: each a basic permission plus a resource permission on the entity. */
const PAIRS = {
  read: [qualityScorecardReadPermission, qualityScorecardEntityReadPermission],
  requestExemption: [
    qualityScorecardExemptionRequestPermission,
    qualityScorecardEntityExemptionRequestPermission,
  ],
} as const satisfies Record<
  string,
  readonly [BasicPermission, ResourcePermission<'catalog-entity'>]
>;

export type EntityAction = keyof typeof PAIRS;

const RULES = new Map<string, PermissionRule<Entity, unknown, string>>(
  Object.values(catalogRules).map(rule => [
    rule.name,
    rule as PermissionRule<Entity, unknown, string>,
  ]),
);

/** The rule names a criteria tree uses. */
function ruleNames(
  criteria: PermissionCriteria<PermissionCondition>,
): string[] {
  if (isAndCriteria(criteria)) return criteria.allOf.flatMap(ruleNames);
  if (isOrCriteria(criteria)) return criteria.anyOf.flatMap(ruleNames);
  if (isNotCriteria(criteria)) return ruleNames(criteria.not);
  return [criteria.rule];
}

const applyCatalogConditions = createConditionAuthorizer<Entity>({
  getRuleByName: name => {
    const rule = RULES.get(name);
    if (!rule) throw new Error(`Unknown catalog permission rule ${name}`);
    return rule as PermissionRule<Entity, any, any>;
  },
});

/**
 * The permission checks on entities, as the catalog's own: a basic
 * permission (the plugin-wide switch existing policies already decide) AND a
 * `catalog-entity` resource permission, so a policy can limit reads and
 * exemption requests to owners with the catalog's conditions. Both must
 * allow: a policy that denied before still denies.
 *
 * One entity: one authorize call, the conditions resolved by the catalog.
 * Many entities (roll-ups, lists): one conditional decision, applied here to
 * the entities as the ownership cache holds them with the catalog's own rules;
 * a condition with a rule of another module is resolved by the catalog in one
 * batched call instead.
 */
export class EntityAccess {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly httpAuth: HttpAuthService,
    private readonly entities: () => Promise<Map<string, Entity>>,
  ) {}

  /** {@link EntityAccess.assert} for the caller of a request; answers their credentials. */
  async assertRequest(
    req: Request,
    entityRef: string,
    action: EntityAction,
  ): Promise<BackstageCredentials> {
    const credentials = await this.httpAuth.credentials(req);
    await this.assert(credentials, entityRef, action);
    return credentials;
  }

  /** {@link EntityAccess.visibility} for the caller of a request. */
  async visibilityOf(req: Request, candidates?: string[]): Promise<Visibility> {
    return this.visibility(await this.httpAuth.credentials(req), candidates);
  }

  /** Throws NotAllowedError (403) unless the caller may do `action` to the entity. */
  async assert(
    credentials: BackstageCredentials,
    entityRef: string,
    action: EntityAction,
  ): Promise<void> {
    const [basic, resource] = PAIRS[action];
    const decisions = await this.permissions.authorize(
      [{ permission: basic }, { permission: resource, resourceRef: entityRef }],
      { credentials },
    );
    const denied = decisions.findIndex(d => d.result !== AuthorizeResult.ALLOW);
    if (denied >= 0) {
      const name = denied === 0 ? basic.name : resource.name;
      throw new NotAllowedError(`Not allowed: ${name} on ${entityRef}`);
    }
  }

  /**
   * Which entities the caller may read, in one decision: throws
   * NotAllowedError when the basic read or the entity read is denied outright.
   */
  async visibility(
    credentials: BackstageCredentials,
    candidates?: string[],
  ): Promise<Visibility> {
    const [basic, resource] = PAIRS.read;
    const [[basicDecision], [decision]] = await Promise.all([
      this.permissions.authorize([{ permission: basic }], { credentials }),
      this.permissions.authorizeConditional([{ permission: resource }], {
        credentials,
      }),
    ]);
    if (basicDecision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${basic.name}`);
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      if (decision.result === AuthorizeResult.ALLOW) return { all: true };
      throw new NotAllowedError(`Not allowed: ${resource.name}`);
    }
    const entities = await this.entities();
    const conditions = decision.conditions;
    if (ruleNames(conditions).every(name => RULES.has(name))) {
      return {
        all: false,
        sees: ref => {
          const entity = entities.get(ref);
          return (
            !!entity &&
            applyCatalogConditions(decision as PolicyDecision, entity)
          );
        },
      };
    }
    // A rule this plugin does not know (another module's): the catalog decides, in one batch.
    const refs = candidates ?? [...entities.keys()];
    const batch = await this.permissions.authorize(
      refs.map(resourceRef => ({ permission: resource, resourceRef })),
      { credentials },
    );
    const allowed = new Set(
      refs.filter((_, i) => batch[i].result === AuthorizeResult.ALLOW),
    );
    return { all: false, sees: ref => allowed.has(ref) };
  }
}

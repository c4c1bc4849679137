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

/**
 * The catalog rules applied here, to the entities as the ownership cache holds
 * them (kind, annotations, labels, relations). Rules that read more of an
 * entity (`hasMetadata`, `hasSpec`) or come from other modules are left to the
 * catalog, which has the whole entity.
 */
const IN_MEMORY_RULES = new Map<
  string,
  PermissionRule<Entity, unknown, string>
>(
  [
    catalogRules.isEntityOwner,
    catalogRules.isEntityKind,
    catalogRules.hasAnnotation,
    catalogRules.hasLabel,
  ].map(rule => [rule.name, rule as PermissionRule<Entity, unknown, string>]),
);

/** Entities per authorize call when the catalog resolves conditions (the permission backend's body limit). */
const CATALOG_BATCH = 200;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** How long a user's read decisions are reused (one page's requests). */
const DECISION_TTL_MS = 10_000;
const MAX_CACHED_DECISIONS = 10_000;

/** The entities by lower-case ref, built once per ownership snapshot. */
const lowerIndexes = new WeakMap<Map<string, Entity>, Map<string, Entity>>();
function byLowerRef(entities: Map<string, Entity>): Map<string, Entity> {
  let index = lowerIndexes.get(entities);
  if (!index) {
    index = new Map([...entities].map(([ref, e]) => [lower(ref), e]));
    lowerIndexes.set(entities, index);
  }
  return index;
}

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
    const rule = IN_MEMORY_RULES.get(name);
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
 * the entities as the ownership cache holds them with the catalog's own rules
 * where those read only what the cache holds; any other condition is resolved
 * by the catalog for the entities asked about, in batches of 200.
 */
export class EntityAccess {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly httpAuth: HttpAuthService,
    private readonly entities: () => Promise<Map<string, Entity>>,
  ) {}

  private readonly decisions = new Map<
    string,
    { at: number; value: Promise<[PolicyDecision, PolicyDecision]> }
  >();

  /**
   * The basic read and the conditional entity read of a caller: two calls to
   * the permission backend, kept for {@link DECISION_TTL_MS} per user token,
   * so that the requests of one page (roll-up, breakdown, checks) cost one
   * decision. A policy change reaches a signed-in user within that time.
   */
  private readDecisions(
    credentials: BackstageCredentials,
  ): Promise<[PolicyDecision, PolicyDecision]> {
    const [basic, resource] = PAIRS.read;
    const ask = async (): Promise<[PolicyDecision, PolicyDecision]> => {
      const [[basicDecision], [decision]] = await Promise.all([
        this.permissions.authorize([{ permission: basic }], { credentials }),
        this.permissions.authorizeConditional([{ permission: resource }], {
          credentials,
        }),
      ]);
      return [basicDecision, decision];
    };
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    // Service principals are decided on the spot (their access restrictions).
    if (principal.type !== 'user' || !principal.userEntityRef) return ask();
    const key = `${principal.userEntityRef}\u0000${
      credentials.expiresAt?.getTime() ?? ''
    }`;
    const now = Date.now();
    const hit = this.decisions.get(key);
    if (hit && now - hit.at < DECISION_TTL_MS) return hit.value;
    for (const [k, entry] of this.decisions) {
      if (now - entry.at >= DECISION_TTL_MS) this.decisions.delete(k);
    }
    if (this.decisions.size >= MAX_CACHED_DECISIONS) this.decisions.clear();
    const value = ask();
    this.decisions.set(key, { at: now, value });
    // A failed ask is not kept.
    value.catch(() => this.decisions.delete(key));
    return value;
  }

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
  async visibilityOf(req: Request): Promise<Visibility> {
    return this.visibility(await this.httpAuth.credentials(req));
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
  async visibility(credentials: BackstageCredentials): Promise<Visibility> {
    const [basic, resource] = PAIRS.read;
    const [basicDecision, decision] = await this.readDecisions(credentials);
    if (basicDecision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${basic.name}`);
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      if (decision.result === AuthorizeResult.ALLOW) return { all: true };
      throw new NotAllowedError(`Not allowed: ${resource.name}`);
    }
    const conditions = decision.conditions;
    if (ruleNames(conditions).every(name => IN_MEMORY_RULES.has(name))) {
      const entities = byLowerRef(await this.entities());
      return {
        all: false,
        filter: async refs =>
          refs.filter(ref => {
            const entity = entities.get(lower(ref));
            return (
              !!entity &&
              applyCatalogConditions(decision as PolicyDecision, entity)
            );
          }),
      };
    }
    // A rule this plugin does not apply: the catalog decides, in batches.
    return {
      all: false,
      filter: async refs => {
        const kept: string[] = [];
        for (let i = 0; i < refs.length; i += CATALOG_BATCH) {
          const batch = refs.slice(i, i + CATALOG_BATCH);
          const decisions = await this.permissions.authorize(
            batch.map(resourceRef => ({ permission: resource, resourceRef })),
            { credentials },
          );
          batch.forEach((ref, j) => {
            if (decisions[j].result === AuthorizeResult.ALLOW) kept.push(ref);
          });
        }
        return kept;
      },
    };
  }
}

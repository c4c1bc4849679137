import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CheckStatus,
  qualityScorecardReadPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { ownedEntities } from '../engine/rollup';
import { ChecksService } from '../checks/ChecksService';
import { OwnershipService } from '../scorecards/OwnershipService';
import { ScorecardReader } from '../scorecards/ScorecardReader';
import { summarize } from './cardSummary';
import type { EntityAccess } from '../permissions/EntityAccess';
import {
  SEES_ALL,
  type Visibility,
  visibleRefs,
} from '../permissions/visibility';

/*
 * Read actions for AI agents (MCP clients through the actions registry):
 * an entity's scorecard, an owner's roll-up, and the failing checks of an
 * owner's services or of one entity. They answer what the REST API does,
 * trimmed to what a conversation needs (no weekly series or chart limits).
 */

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
  now?: () => number;
}

/** A full ref, or a bare name in the default namespace of `defaultKind`. */
function normalizeRef(ref: string, defaultKind: string, field: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(`${field}: not an entity ref: '${ref}'`);
  }
}

/** The zod the registry hands to schema functions (its own copy). */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const cardSchema = (z: Zod) => {
  const nullableNumber = z.number().nullable();
  return {
    window: z.object({ from: z.string(), to: z.string() }),
    computedAt: z
      .string()
      .nullable()
      .describe('When the snapshots were last computed; null without data'),
    demo: z
      .boolean()
      .describe('Whether the values come from generated demo data'),
    metrics: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        unit: z.string(),
        value: nullableNumber.describe('null when the window holds no data'),
        n: z.number().describe('Sample size'),
        band: z
          .string()
          .optional()
          .describe('DORA band: elite, high, medium or low'),
        previous: nullableNumber.describe('The value over the window before'),
        delta: nullableNumber,
        flags: z.array(z.string()).describe('small-sample, no-data, demo-data'),
      }),
    ),
    signals: z
      .array(
        z.object({
          metric: z.string(),
          rule: z.string(),
          side: z.string(),
          start: z.string(),
          end: z.string(),
          description: z.string(),
        }),
      )
      .describe(
        'Western Electric rule firings on the weekly control charts: real shifts, not noise',
      ),
    aiPolicy: z.object({
      applicable: z
        .number()
        .describe('Merged PRs an AI-code review policy applies to'),
      compliant: z.number(),
      rate: nullableNumber,
      violations: z.number(),
      recentViolations: z.array(
        z.object({
          entityRef: z.string(),
          pullRequest: z.number(),
          url: z.string(),
          title: z.string(),
          author: z.string(),
          mergedAt: z.string(),
          policy: z.string().optional(),
          rules: z
            .array(z.string())
            .describe('Ids of the policy rules the PR broke'),
        }),
      ),
    }),
  };
};

export function registerScorecardActions(options: ScorecardActionsOptions) {
  const {
    actionsRegistry,
    scorecards,
    checks,
    ownership,
    permissions,
    userInfo,
  } = options;
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
  const { access } = options;
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

  actionsRegistry.register({
    name: 'get-entity-scorecard',
    title: 'Get entity quality scorecard',
    description:
      'The balanced quality scorecard of a catalog entity over a window: speed metrics beside their counterweights (change failure rate, incidents per PR, review coverage, AI review policy compliance, DPMO, sigma level), each with its sample size and DORA band; control-chart signals; the AI policy summary with recent violations; and the level the entity holds.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'e.g. component:default/payments-api; a bare name is a component in the default namespace',
            ),
          windowDays: z
            .number()
            .int()
            .min(1)
            .max(366)
            .default(28)
            .describe('Days ending now'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          ...cardSchema(z),
          level: z
            .string()
            .nullable()
            .describe(
              'Highest level held (e.g. bronze, silver, gold); null for none',
            ),
          nextLevel: z
            .object({ level: z.string(), failing: z.array(z.string()) })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = normalizeRef(input.entityRef, 'component', 'entityRef');
      if (access) await access.assert(credentials, entityRef, 'read');
      else await authorize(credentials);
      const [card, entityChecks] = await Promise.all([
        scorecards.entityScorecard(entityRef, windowOf(input.windowDays)),
        checks.entityChecks(entityRef, now()),
      ]);
      return {
        output: {
          entityRef,
          ...summarize(card),
          level: entityChecks.level,
          ...(entityChecks.next ? { nextLevel: entityChecks.next } : {}),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-owner-scorecard',
    title: 'Get owner quality scorecard',
    description:
      'The quality scorecard of a group or user, rolled up over every entity it owns directly or through sub-groups: pooled metrics, signals, AI policy summary, how many services hold each level, and each service with its level and failing checks.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ownerRef: z
            .string()
            .describe(
              'e.g. group:default/payments-team; a bare name is a group in the default namespace',
            ),
          windowDays: z
            .number()
            .int()
            .min(1)
            .max(366)
            .default(28)
            .describe('Days ending now'),
        }),
      output: z =>
        z.object({
          ownerRef: z.string(),
          entities: z
            .number()
            .describe('Entities owned directly or through sub-groups'),
          ...cardSchema(z),
          levels: z
            .record(z.number())
            .describe(
              'level id (or none) → services holding it as their highest level',
            ),
          services: z.array(
            z.object({
              entityRef: z.string(),
              level: z.string().nullable(),
              failing: z.array(z.string()),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const visibility = await seen(credentials);
      const ownerRef = normalizeRef(input.ownerRef, 'group', 'ownerRef');
      const kind = parseEntityRef(ownerRef).kind;
      if (kind !== 'group' && kind !== 'user')
        throw new InputError('ownerRef: an owner is a Group or a User');
      const card = await scorecards.ownerScorecard(
        ownerRef,
        windowOf(input.windowDays),
        visibility,
      );
      const distribution = await checks.ownerChecks(
        ownerRef,
        now(),
        visibility,
      );
      return {
        output: {
          ownerRef,
          entities: card.entities?.length ?? 0,
          ...summarize(card),
          levels: distribution.levels,
          services: distribution.rows,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-failing-checks',
    title: 'List failing quality checks',
    description:
      'The checks that an entity, or the services of an owner, fail (after approved exemptions), with the current value, threshold and reason. Without entityRef or ownerRef: the services of the calling user and their groups. Narrow with checkId or metric, e.g. metric ai_policy_compliance for "which of my services fail the AI review policy?".',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe('One entity; a bare name is a component'),
          ownerRef: z
            .string()
            .optional()
            .describe(
              'A group or user: every entity it owns directly or through sub-groups',
            ),
          checkId: z.string().optional(),
          metric: z
            .string()
            .optional()
            .describe(
              'Only checks on this metric id, e.g. ai_policy_compliance',
            ),
          includeInsufficientData: z
            .boolean()
            .default(false)
            .describe(
              'Also list checks without enough data (they block levels too)',
            ),
        }),
      output: z =>
        z.object({
          owners: z
            .array(z.string())
            .describe(
              'The owners whose entities were examined (empty for one entity)',
            ),
          examined: z.number().describe('Entities examined'),
          items: z.array(
            z.object({
              entityRef: z.string(),
              level: z.string().nullable(),
              failing: z.array(
                z.object({
                  checkId: z.string(),
                  title: z.string(),
                  metric: z.string(),
                  threshold: z.string(),
                  status: z.string(),
                  value: z.number().nullable(),
                  n: z.number(),
                  reason: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const visibility = await seen(credentials);
      const known = checks.definitions().checks;
      if (input.checkId && !known.some(c => c.id === input.checkId)) {
        throw new InputError(
          `checkId: unknown check '${input.checkId}' (known: ${
            known.map(c => c.id).join(', ') || 'none configured'
          })`,
        );
      }
      if (input.entityRef && input.ownerRef)
        throw new InputError('give entityRef or ownerRef, not both');
      let owners: string[] = [];
      let entityRefs: string[];
      if (input.entityRef) {
        entityRefs = [normalizeRef(input.entityRef, 'component', 'entityRef')];
      } else {
        if (input.ownerRef) {
          owners = [normalizeRef(input.ownerRef, 'group', 'ownerRef')];
        } else if (
          credentials.principal &&
          (credentials.principal as { type?: string }).type === 'user'
        ) {
          owners = (await userInfo.getUserInfo(credentials))
            .ownershipEntityRefs;
        } else {
          throw new InputError(
            'give entityRef or ownerRef (only a user has services of their own)',
          );
        }
        const { graph } = await ownership.load();
        entityRefs = [
          ...new Set(owners.flatMap(o => ownedEntities(graph, o))),
        ].sort();
      }
      const statuses: CheckStatus[] = input.includeInsufficientData
        ? ['fail', 'insufficient-data']
        : ['fail'];
      const readable = await visibleRefs(visibility, entityRefs);
      const rows = await checks.entitiesChecks(readable, now());
      const items = rows
        .map(row => ({
          entityRef: row.entityRef,
          level: row.level,
          failing: row.results
            .filter(r => statuses.includes(r.status))
            .filter(r => !input.checkId || r.checkId === input.checkId)
            .filter(r => !input.metric || r.metric === input.metric)
            .map(r => ({
              checkId: r.checkId,
              title: r.title,
              metric: r.metric,
              threshold: r.threshold,
              status: r.status,
              value: r.value,
              n: r.n,
              reason: r.reason,
            })),
        }))
        .filter(item => item.failing.length > 0);
      return { output: { owners, examined: readable.length, items } };
    },
  });
}

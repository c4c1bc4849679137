import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { actionContext, normalizeRef } from './actionContext';
import type { ScorecardActionsOptions } from './actionContext';
import { summarize } from './cardSummary';

/*
 * The two scorecard actions for agents, an entity's and an owner's, with the
 * card schema both declare (kept beside them: exported, its zod type could
 * not be named in the package's declarations).
 */

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

/* An entity's scorecard for an agent: the card's summary and the level it holds. */

export function registerEntityScorecardAction(
  options: ScorecardActionsOptions,
) {
  const { actionsRegistry, scorecards, checks, access } = options;
  const { now, authorize, windowOf } = actionContext(options);

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
}

/* An owner's roll-up for an agent: the pooled card and the levels of its services. */

export function registerOwnerScorecardAction(options: ScorecardActionsOptions) {
  const { actionsRegistry, scorecards, checks } = options;
  const { now, seen, windowOf } = actionContext(options);

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
}

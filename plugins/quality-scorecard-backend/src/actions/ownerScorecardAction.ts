import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { actionContext, normalizeRef } from './actionContext';
import type { ScorecardActionsOptions } from './actionContext';
import { cardSchema, summarize } from './cardSummary';

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

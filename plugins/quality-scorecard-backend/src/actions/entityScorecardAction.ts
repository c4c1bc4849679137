import { actionContext, normalizeRef } from './actionContext';
import type { ScorecardActionsOptions } from './actionContext';
import { cardSchema, summarize } from './cardSummary';

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

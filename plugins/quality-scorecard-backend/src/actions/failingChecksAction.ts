import { InputError } from '@backstage/errors';
import { CheckStatus } from '@shewhart/plugin-quality-scorecard-common';
import { ownedEntities } from '../engine/rollup';
import { visibleRefs } from '../permissions/visibility';
import { actionContext, normalizeRef } from './actionContext';
import type { ScorecardActionsOptions } from './actionContext';

/* The failing checks of one entity or of an owner's services (the caller's own by default). */

export function registerFailingChecksAction(options: ScorecardActionsOptions) {
  const { actionsRegistry, checks, ownership, userInfo } = options;
  const { now, seen } = actionContext(options);

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

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  CampaignCounts,
  CampaignEntityProgress,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';
import type { CampaignReader } from '../campaigns/CampaignReader';
import { campaignLink, targetText } from '../campaigns/reminders/reminderPlan';
import { ownedEntities } from '../engine/rollup';
import { qualityLink } from '../notify/messages';
import { visibleRefs } from '../permissions/visibility';
import { actionContext, normalizeRef } from './actionContext';
import type { ScorecardActionsOptions } from './actionContext';

/*
 * Campaign actions for AI agents: "which campaigns am I behind on?" and
 * "what do I need to fix for campaign X?". Read-only; the caller sees only
 * the entities it may read.
 */

export type CampaignActionsOptions = Pick<
  ScorecardActionsOptions,
  | 'actionsRegistry'
  | 'ownership'
  | 'permissions'
  | 'userInfo'
  | 'access'
  | 'now'
> & { campaigns: CampaignReader };

const READ_ONLY = { readOnly: true, idempotent: true, destructive: false };

/** How an agent gets an open check off the list when it cannot be met by the due date. */
export const exemptionRoute = (dueDate: string) =>
  `Where a check cannot be met by ${dueDate}: request an exemption on the entity's Quality tab, or POST /api/quality-scorecard/exemptions {entityRef, checkId, reason, expiresAt} (permission quality-scorecard.exemption.request; someone else reviews it). An approved exemption counts the entity as exempted, never as meeting the target.`;

function count(entities: CampaignEntityProgress[]): CampaignCounts {
  const of = (s: string) => entities.filter(e => e.standing === s).length;
  return {
    inScope: entities.length,
    meeting: of('meeting'),
    exempted: of('exempted'),
    notMeeting: of('not-meeting'),
  };
}

const campaignFacts = (c: CampaignSummary) => ({
  campaignId: c.id,
  title: c.title,
  owner: c.owner,
  target: targetText(c.target),
  state: c.state,
  dueDate: c.dueDate,
  daysLeft: c.daysLeft,
  link: campaignLink(c.id),
});

export function registerCampaignActions(options: CampaignActionsOptions) {
  const { actionsRegistry, campaigns, ownership, userInfo } = options;
  const { now, seen } = actionContext(options);

  /**
   * The entities asked about: one entity, an owner's (through sub-groups), or
   * the calling user's and their groups'; null where a service asks for none.
   */
  const entitiesAskedAbout = async (
    input: { entityRef?: string; ownerRef?: string },
    credentials: BackstageCredentials,
  ): Promise<{ owners: string[]; entityRefs: string[] | null }> => {
    if (input.entityRef && input.ownerRef)
      throw new InputError('give entityRef or ownerRef, not both');
    if (input.entityRef)
      return {
        owners: [],
        entityRefs: [normalizeRef(input.entityRef, 'component', 'entityRef')],
      };
    let owners: string[];
    if (input.ownerRef) {
      owners = [normalizeRef(input.ownerRef, 'group', 'ownerRef')];
    } else if ((credentials.principal as { type?: string })?.type === 'user') {
      owners = (await userInfo.getUserInfo(credentials)).ownershipEntityRefs;
    } else {
      return { owners: [], entityRefs: null };
    }
    const { graph } = await ownership.load();
    const entityRefs = [
      ...new Set(owners.flatMap(o => ownedEntities(graph, o))),
    ].sort();
    return { owners, entityRefs };
  };

  const counts = (z: any) =>
    z.object({
      inScope: z.number(),
      meeting: z.number(),
      exempted: z.number(),
      notMeeting: z.number(),
    });
  const campaignShape = (z: any) => ({
    campaignId: z.string(),
    title: z.string(),
    owner: z.string().describe('The group running the campaign'),
    target: z.string().describe('A level, or a list of checks'),
    state: z.enum(['scheduled', 'active', 'closed']),
    dueDate: z.string().describe('The last day (YYYY-MM-DD)'),
    daysLeft: z
      .number()
      .describe('Whole days to the due date; 0 on it, negative after it'),
    link: z.string().describe('The campaign on the quality overview'),
  });

  actionsRegistry.register({
    name: 'list-my-campaigns',
    title: 'List the campaigns I am behind on',
    description:
      'The campaigns (a target level or list of checks, with a due date) where any of an owner\'s entities does not yet meet the target, with days left and counts, soonest due first: "which campaigns am I behind on?". Without entityRef or ownerRef: the entities of the calling user and their groups. Exempted entities are counted apart, never as meeting.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ownerRef: z
            .string()
            .optional()
            .describe(
              'A group or user: every entity it owns directly or through sub-groups',
            ),
          entityRef: z
            .string()
            .optional()
            .describe('One entity; a bare name is a component'),
          includeClosed: z
            .boolean()
            .default(false)
            .describe(
              'Also campaigns whose due date passed or that were closed',
            ),
        }),
      output: z =>
        z.object({
          owners: z
            .array(z.string())
            .describe('The owners whose entities were examined'),
          examined: z.number().describe('Entities examined'),
          items: z.array(
            z.object({
              ...campaignShape(z),
              mine: counts(z).describe('The examined entities in the campaign'),
              overall: counts(z).describe('Every entity in the campaign'),
              notMeeting: z
                .array(z.string())
                .describe('The examined entities not meeting the target'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const visibility = await seen(credentials);
      const { owners, entityRefs } = await entitiesAskedAbout(
        input,
        credentials,
      );
      if (!entityRefs)
        throw new InputError(
          'give entityRef or ownerRef (only a user has entities of their own)',
        );
      const readable = await visibleRefs(visibility, entityRefs);
      const { items } =
        readable.length > 0
          ? await campaigns.forEntities(readable, now())
          : { items: [] };
      const behind = items
        .filter(i => i.campaign.state === 'active' || input.includeClosed)
        .filter(i => i.campaign.state !== 'scheduled')
        .filter(i => i.entities.some(e => e.standing === 'not-meeting'))
        .sort(
          (a, b) =>
            a.campaign.daysLeft - b.campaign.daysLeft ||
            a.campaign.id.localeCompare(b.campaign.id),
        )
        .map(i => ({
          ...campaignFacts(i.campaign),
          mine: count(i.entities),
          overall: i.campaign.progress,
          notMeeting: i.entities
            .filter(e => e.standing === 'not-meeting')
            .map(e => e.entityRef)
            .sort(),
        }));
      return {
        output: { owners, examined: readable.length, items: behind },
      };
    },
  });

  actionsRegistry.register({
    name: 'campaign-todo',
    title: 'List what to fix for a campaign',
    description:
      'For one campaign: each entity not yet meeting its target, with the checks it still has to pass (exempted checks left out) and links to them, and how to request an exemption where a check cannot be met in time: "what do I need to fix for campaign X?". Without entityRef or ownerRef: the entities of the calling user and their groups (a service caller: every entity of the campaign).',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          campaignId: z
            .string()
            .describe('The campaign id, e.g. silver-by-march'),
          ownerRef: z
            .string()
            .optional()
            .describe(
              'A group or user: every entity it owns directly or through sub-groups',
            ),
          entityRef: z
            .string()
            .optional()
            .describe('One entity; a bare name is a component'),
        }),
      output: z =>
        z.object({
          campaign: z.object(campaignShape(z)),
          owners: z
            .array(z.string())
            .describe('The owners whose entities were examined'),
          counts: counts(z).describe(
            'The examined entities of the campaign by standing',
          ),
          items: z.array(
            z.object({
              entityRef: z.string(),
              owner: z.string(),
              link: z.string().describe("The entity's Quality tab"),
              open: z.array(
                z.object({
                  checkId: z.string(),
                  title: z.string(),
                  status: z
                    .string()
                    .describe(
                      'fail, or insufficient-data (not enough data yet)',
                    ),
                  link: z.string(),
                }),
              ),
            }),
          ),
          exemptionRoute: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const visibility = await seen(credentials);
      const { owners, entityRefs } = await entitiesAskedAbout(
        input,
        credentials,
      );
      const detail = await campaigns.detail(input.campaignId, now());
      const asked = entityRefs ? new Set(entityRefs) : null;
      const inCampaign = detail.entities.filter(
        e => !asked || asked.has(e.entityRef),
      );
      const readable = new Set(
        await visibleRefs(
          visibility,
          inCampaign.map(e => e.entityRef),
        ),
      );
      const examined = inCampaign.filter(e => readable.has(e.entityRef));
      const items = examined
        .filter(e => e.standing === 'not-meeting')
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef))
        .map(e => ({
          entityRef: e.entityRef,
          owner: e.owner,
          link: qualityLink(e.entityRef),
          open: e.open
            .filter(o => o.status !== 'exempt')
            .map(o => ({
              checkId: o.checkId,
              title: o.title,
              status: o.status,
              link: qualityLink(e.entityRef, { check: o.checkId }),
            })),
        }));
      return {
        output: {
          campaign: campaignFacts(detail.campaign),
          owners,
          counts: count(examined),
          items,
          exemptionRoute: exemptionRoute(detail.campaign.dueDate),
        },
      };
    },
  });
}

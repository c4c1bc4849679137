import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { headlineFirst, mostSevere } from './episodes';
import { digestText, groupDescription, qualityLink } from './messages';
import {
  EpisodeKind,
  EpisodeRow,
  SignalEpisodeStore,
} from './SignalEpisodeStore';

const TOPIC: Record<EpisodeKind, string> = {
  signal: 'quality-scorecard:signal',
  check: 'quality-scorecard:check',
  level: 'quality-scorecard:check',
};
const DIGEST_TOPIC = 'quality-scorecard:digest';

interface Message {
  ownerRef: string;
  rows: EpisodeRow[];
  payload: {
    title: string;
    description: string;
    link: string;
    severity: ReturnType<typeof mostSevere>;
    topic: string;
    scope: string;
    metadata: Record<string, string>;
  };
}

export interface DeliveryOptions {
  digest: 'off' | 'daily';
  /** Also tell the members of the owner's sub-groups (the notifications backend's default). */
  subGroups: boolean;
  store: SignalEpisodeStore;
  notifications: NotificationService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Turns stored, undelivered episodes into Backstage notifications to the
 * owners of their entities.
 */
export class Delivery {
  constructor(private readonly options: DeliveryOptions) {}

  /**
   * Sends the pending episodes (of one entity, or all): one notification per
   * shift (episodes of one entity, subject and side), or in digest mode one
   * per owner. Episodes whose owner cannot be found yet (the catalog is still
   * loading) or whose sending fails stay pending for the next run.
   */
  async deliver(options: { now: number; entityRef?: string }): Promise<number> {
    const { store, logger } = this.options;
    const { claim, rows } = await store.claimPending(options);
    if (rows.length === 0) return 0;
    let sent = 0;
    try {
      const { owners, subGroups } = await this.ownersOf(rows);
      const messages = this.compose(rows, owners, options.now);
      for (const message of messages) {
        const excluded = this.options.subGroups
          ? []
          : subGroups.get(message.ownerRef) ?? [];
        try {
          await this.options.notifications.send({
            recipients: {
              type: 'entity',
              entityRef: message.ownerRef,
              // The owner's own members: a parent team's signals are not its sub-teams' business.
              ...(excluded.length > 0 ? { excludeEntityRef: excluded } : {}),
            },
            payload: message.payload,
          });
          await store.markSent(
            message.rows.map(r => r.id),
            { now: options.now, ownerRef: message.ownerRef },
          );
          sent += 1;
        } catch (e) {
          logger.warn(
            `Could not send the notification "${message.payload.title}" (is @backstage/plugin-notifications-backend installed?); it is retried later: ${e}`,
          );
        }
      }
    } finally {
      // Whatever was not sent stays pending.
      await store.release(claim);
    }
    return sent;
  }

  private compose(
    rows: EpisodeRow[],
    owners: Map<string, string>,
    now: number,
  ): Message[] {
    const groups = new Map<string, EpisodeRow[]>();
    for (const row of rows) {
      if (!owners.has(row.entityRef)) continue;
      const key = JSON.stringify([
        row.entityRef,
        row.kind,
        row.subject,
        row.side,
      ]);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const shifts = [...groups.values()].map(group =>
      this.shiftMessage(group, owners.get(group[0].entityRef)!),
    );
    if (this.options.digest === 'off') return shifts;
    const byOwner = new Map<string, Message[]>();
    for (const m of shifts)
      byOwner.set(m.ownerRef, [...(byOwner.get(m.ownerRef) ?? []), m]);
    return [...byOwner].map(([ownerRef, messages]) =>
      this.digestMessage(ownerRef, messages, now),
    );
  }

  private shiftMessage(group: EpisodeRow[], ownerRef: string): Message {
    const [headline, ...others] = [...group].sort(headlineFirst);
    return {
      ownerRef,
      rows: group,
      payload: {
        title: headline.title,
        description: groupDescription(headline, others),
        link: headline.link,
        severity: mostSevere(group.map(r => r.severity)),
        topic: TOPIC[headline.kind],
        // Should an episode ever be sent twice, the notifications backend updates the first one.
        scope: `quality-scorecard:${headline.kind}:${headline.entityRef}:${headline.subject}:${headline.side}:${headline.start}`,
        metadata: {
          entityRef: headline.entityRef,
          kind: headline.kind,
          subject: headline.subject,
          rule: headline.rule,
          ...(headline.side ? { side: headline.side } : {}),
          start: new Date(headline.start).toISOString(),
        },
      },
    };
  }

  private digestMessage(
    ownerRef: string,
    messages: Message[],
    now: number,
  ): Message {
    const rows = messages.flatMap(m => m.rows);
    const entities = new Set(rows.map(r => r.entityRef));
    const text = digestText(
      ownerRef,
      messages.map(m => m.payload.title),
    );
    let link = qualityLink(ownerRef);
    if (messages.length === 1) link = messages[0].payload.link;
    else if (entities.size === 1) link = qualityLink([...entities][0]);
    return {
      ownerRef,
      rows,
      payload: {
        ...text,
        link,
        severity: mostSevere(messages.map(m => m.payload.severity)),
        topic: DIGEST_TOPIC,
        scope: `quality-scorecard:digest:${ownerRef}:${Math.min(
          ...rows.map(r => r.id),
        )}`,
        metadata: {
          ownerRef,
          at: new Date(now).toISOString(),
          episodes: String(rows.length),
        },
      },
    };
  }

  /**
   * The owner of each episode's entity: the one given by the checks engine,
   * else the catalog's ownedBy relation. Only owners the catalog knows count,
   * since the notifications backend resolves their members through it.
   * With each owner, its sub-groups.
   */
  private async ownersOf(rows: EpisodeRow[]) {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entityRefs = [...new Set(rows.map(r => r.entityRef))];
    const candidates = new Map<string, string>();
    for (const r of rows)
      if (r.ownerRef) candidates.set(r.entityRef, r.ownerRef);
    const lookup = entityRefs.filter(ref => !candidates.has(ref));
    if (lookup.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: lookup,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'spec.owner',
            'relations',
          ],
        },
        { credentials },
      );
      items.forEach((entity, i) => {
        const owner = entity && ownerOf(entity);
        if (owner) candidates.set(lookup[i], owner);
      });
    }
    const ownerRefs = [...new Set(candidates.values())];
    const subGroups = new Map<string, string[]>();
    if (ownerRefs.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: ownerRefs, fields: ['kind', 'relations'] },
        { credentials },
      );
      items.forEach((entity, i) => {
        if (!entity) return;
        const children = (entity.relations ?? [])
          .filter(r => r.type === 'parentOf')
          .map(r => r.targetRef);
        subGroups.set(ownerRefs[i], children);
      });
    }
    const owners = new Map(
      [...candidates].filter(([, owner]) => subGroups.has(owner)),
    );
    return { owners, subGroups };
  }
}

function ownerOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
  if (related) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

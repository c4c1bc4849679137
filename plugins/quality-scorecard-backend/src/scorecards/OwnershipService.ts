import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { readCatalogInPages } from '@shewhart/plugin-quality-scorecard-node';
import { OwnershipGraph } from '../engine/rollup';
import type { EntityFacts } from '../engine/policy';

/**
 * Kinds that do not carry events of their own: groups and users are owners,
 * systems and domains only group the components that do.
 */
const NOT_OWNED_KINDS = new Set([
  'group',
  'user',
  'system',
  'domain',
  'location',
]);

export interface GroupInfo {
  ref: string;
  title?: string;
  parent?: string;
}

export interface OwnershipSnapshot {
  at: number;
  /** Display titles and kinds of every entity, by ref. */
  titles: Map<string, { kind: string; title: string }>;
  graph: OwnershipGraph;
  groups: GroupInfo[];
  /** What policy filters read of each entity, by entity ref. */
  facts: Map<string, EntityFacts>;
  /**
   * Every entity as read (kind, annotations, labels, relations): what
   * permission conditions (`isEntityOwner`, `hasAnnotation`…) are applied to.
   */
  entities: Map<string, Entity>;
}

/**
 * Loads the ownership graph and entity facts from the catalog, cached for
 * ten seconds: long enough that a page's requests share one catalog call,
 * short enough that a catalog still ingesting (a backend that just started)
 * is not remembered half-read for long.
 */
export class OwnershipService {
  private cached?: OwnershipSnapshot;
  private loading?: Promise<OwnershipSnapshot>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly ttlMs = 10_000,
  ) {}

  async load(): Promise<OwnershipSnapshot> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs)
      return this.cached;
    // One catalog call at a time, however many requests wait for it.
    this.loading ??= this.fetch().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fetch(): Promise<OwnershipSnapshot> {
    const credentials = await this.auth.getOwnServiceCredentials();
    // In pages of the catalog's cursor, never the whole catalog in one request.
    const items = await readCatalogInPages(
      this.catalog,
      {
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.tags',
          'metadata.annotations',
          'metadata.labels',
          // Not the whole spec: an API's spec holds its whole definition.
          'spec.type',
          'spec.lifecycle',
          'spec.profile.displayName',
          'relations',
        ],
      },
      credentials,
    );
    const graph: OwnershipGraph = { children: new Map(), owned: new Map() };
    const groups: GroupInfo[] = [];
    const facts = new Map<string, EntityFacts>();
    const titles = new Map<string, { kind: string; title: string }>();
    const entities = new Map<string, Entity>();
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      entities.set(ref, entity);
      const spec = (entity.spec ?? {}) as Record<string, any>;
      const relations = entity.relations ?? [];
      const target = (type: string) =>
        relations.find(r => r.type === type)?.targetRef;
      if (entity.kind.toLowerCase() === 'group') {
        groups.push({
          ref,
          title: spec.profile?.displayName ?? entity.metadata.title,
          parent: target(RELATION_CHILD_OF),
        });
      }
      titles.set(ref, {
        kind: entity.kind.toLowerCase(),
        title: entity.metadata.title ?? entity.metadata.name,
      });
      facts.set(ref, {
        entityRef: ref,
        kind: entity.kind.toLowerCase(),
        type: typeof spec.type === 'string' ? spec.type : undefined,
        lifecycle:
          typeof spec.lifecycle === 'string' ? spec.lifecycle : undefined,
        system: relations.find(
          r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
        )?.targetRef,
        owner: target(RELATION_OWNED_BY),
        tags: entity.metadata.tags ?? [],
      });
      for (const relation of relations) {
        if (relation.type === RELATION_PARENT_OF) {
          graph.children.set(ref, [
            ...(graph.children.get(ref) ?? []),
            relation.targetRef,
          ]);
        } else if (
          relation.type === RELATION_OWNED_BY &&
          !NOT_OWNED_KINDS.has(entity.kind.toLowerCase())
        ) {
          graph.owned.set(relation.targetRef, [
            ...(graph.owned.get(relation.targetRef) ?? []),
            ref,
          ]);
        }
      }
    }
    const snapshot = { at: Date.now(), graph, groups, facts, titles, entities };
    // A catalog that has not ingested anything yet (a backend that just
    // started) is not cached: the next request asks again.
    if (items.length > 0) this.cached = snapshot;
    return snapshot;
  }
}

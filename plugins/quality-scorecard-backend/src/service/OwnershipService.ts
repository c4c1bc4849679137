import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { OwnershipGraph } from '../engine/rollup';

/** Loads the ownership graph from the catalog, cached for a short while. */
export class OwnershipService {
  private cached?: { at: number; graph: OwnershipGraph; groups: Array<{ ref: string; title?: string }> };

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly ttlMs = 60_000,
  ) {}

  async load() {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached;
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      { fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'spec.profile.displayName', 'relations'] },
      { credentials },
    );
    const graph: OwnershipGraph = { children: new Map(), owned: new Map() };
    const groups: Array<{ ref: string; title?: string }> = [];
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      if (entity.kind.toLowerCase() === 'group') {
        groups.push({ ref, title: (entity.spec as any)?.profile?.displayName ?? entity.metadata.title });
      }
      for (const relation of entity.relations ?? []) {
        if (relation.type === RELATION_PARENT_OF) {
          graph.children.set(ref, [...(graph.children.get(ref) ?? []), relation.targetRef]);
        } else if (relation.type === RELATION_OWNED_BY && entity.kind.toLowerCase() !== 'group') {
          graph.owned.set(relation.targetRef, [...(graph.owned.get(relation.targetRef) ?? []), ref]);
        }
      }
    }
    this.cached = { at: Date.now(), graph, groups };
    return this.cached;
  }
}

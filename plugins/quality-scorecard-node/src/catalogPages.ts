import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';

/** Entities per catalog request: one page of `streamEntities`. @public */
export const CATALOG_PAGE_SIZE = 500;

/**
 * What {@link readCatalogInPages} needs of the catalog service
 * (`catalogServiceRef` of `@backstage/plugin-catalog-node`). @public
 */
export interface CatalogEntityPages {
  streamEntities(
    request:
      | {
          filter?: any;
          fields?: string[];
          pageSize?: number;
        }
      | undefined,
    options: { credentials: BackstageCredentials },
  ): AsyncIterable<Entity[]>;
}

/**
 * The entities a filter selects, read in pages of {@link CATALOG_PAGE_SIZE}
 * through the catalog's cursor, never in one request for the whole catalog:
 * a catalog of 20,000 entities answers 40 small pages, each within the
 * catalog's request limits and timeouts. @public
 */
export async function readCatalogInPages(
  catalog: CatalogEntityPages,
  request: { filter?: any; fields: string[] },
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    { ...request, pageSize: CATALOG_PAGE_SIZE },
    { credentials },
  )) {
    entities.push(...page);
  }
  return entities;
}

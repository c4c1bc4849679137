import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { OperationResponse } from '@shewhart/plugin-quality-scorecard-common';
import { factsOf, QUALITY_SCORECARD_FACT_SCHEMA } from './facts';

/** The retriever's id: the `factIds` entry of tech-insights checks and the key of its cadence config. */
export const QUALITY_SCORECARD_FACT_RETRIEVER_ID =
  'qualityScorecardFactRetriever';

/** Entities per request to the scorecard's bulk read (its limit). */
const BATCH = 1000;

/** @public */
export interface QualityScorecardFactRetrieverOptions {
  catalog: CatalogService;
  /** Which catalog entities get facts. Default: components. */
  entityFilter?: FactRetriever['entityFilter'];
  /** The window the values cover, in days. Default: the window of the scorecard's checks. */
  windowDays?: number;
}

/**
 * A tech-insights fact retriever that reads the quality scorecard's values,
 * levels and check results: one bulk request per thousand entities, with the
 * tech-insights plugin's own service credentials.
 *
 * @public
 */
export function createQualityScorecardFactRetriever(
  options: QualityScorecardFactRetrieverOptions,
): FactRetriever {
  const entityFilter = options.entityFilter ?? [{ kind: 'component' }];
  return {
    id: QUALITY_SCORECARD_FACT_RETRIEVER_ID,
    // tech-insights stores a schema once per (id, version): bump with every new fact.
    version: '0.2.0',
    title: 'Quality scorecard',
    description:
      'Delivery and quality metrics (DORA, review coverage, AI review policy compliance, DPMO, sigma level), the level held and failing checks, from the Shewhart quality scorecard',
    entityFilter,
    schema: QUALITY_SCORECARD_FACT_SCHEMA,
    handler: async (ctx: FactRetrieverContext): Promise<TechInsightFact[]> => {
      const credentials = await ctx.auth.getOwnServiceCredentials();
      // In pages of the catalog's cursor, never the whole catalog in one request.
      const entities = [];
      for await (const page of options.catalog.streamEntities(
        {
          filter: ctx.entityFilter ?? entityFilter,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
          pageSize: 500,
        },
        { credentials },
      )) {
        entities.push(...page);
      }
      const refs = entities.map(e => stringifyEntityRef(e));
      const baseUrl = await ctx.discovery.getBaseUrl('quality-scorecard');
      const facts: TechInsightFact[] = [];
      for (let i = 0; i < refs.length; i += BATCH) {
        // Tokens are short-lived: one per request.
        const { token } = await ctx.auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'quality-scorecard',
        });
        const response = await fetch(`${baseUrl}/facts/by-refs`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            entityRefs: refs.slice(i, i + BATCH),
            ...(options.windowDays ? { windowDays: options.windowDays } : {}),
          }),
        });
        if (!response.ok) throw await ResponseError.fromResponse(response);
        // Typed from the backend's OpenAPI document (generated in -common).
        const body =
          (await response.json()) as OperationResponse<'EntitiesFacts'>;
        for (const item of body.items) {
          const { kind, namespace, name } = parseEntityRef(item.entityRef);
          facts.push({
            entity: { kind, namespace, name },
            facts: factsOf(item),
          });
        }
      }
      ctx.logger.info(
        `Read quality scorecard facts of ${facts.length} entities`,
      );
      return facts;
    },
  };
}

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import {
  readCatalogInPages,
  type QualityEntityLocator,
} from '@shewhart/plugin-quality-scorecard-node';
import {
  AnnotationIndex,
  GitlabProjectIndex,
  matchGitlabProject,
  matchLocatorKeys,
} from './annotationIndex';
import {
  buildRepositoryComponents,
  matchRepositoryComponents,
  monorepoFacts,
} from './monorepoAttribution';

export type { AnnotationIndex, GitlabProjectIndex } from './annotationIndex';

export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';
export const GITLAB_SLUG_ANNOTATION = 'gitlab.com/project-slug';
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';

/** Source of the annotation index: the catalog in production, a map in tests. */
export type AnnotationIndexLoader = () => Promise<AnnotationIndex>;

export function catalogAnnotationIndexLoader(options: {
  catalog: CatalogService;
  auth: AuthService;
  /** Modules' locators (qualityScorecardLocatorsExtensionPoint). */
  locators?: QualityEntityLocator[];
}): AnnotationIndexLoader {
  return async () => {
    const credentials = await options.auth.getOwnServiceCredentials();
    const fields = [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.annotations',
    ];
    // Each annotation's entities, read in pages (never the whole catalog in one request).
    const entitiesWith = (annotation: string) =>
      readCatalogInPages(
        options.catalog,
        {
          filter: {
            [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
          },
          fields,
        },
        credentials,
      );
    const [bySlug, byPd, byGitlab] = await Promise.all([
      entitiesWith(GITHUB_SLUG_ANNOTATION),
      entitiesWith(PAGERDUTY_SERVICE_ANNOTATION),
      entitiesWith(GITLAB_SLUG_ANNOTATION),
    ]);
    const repositories = new Map<string, string>();
    const pagerDutyServices = new Map<string, string>();
    for (const entity of bySlug) {
      const slug = entity.metadata.annotations?.[GITHUB_SLUG_ANNOTATION];
      if (slug) {
        repositories.set(slug.toLowerCase(), stringifyEntityRef(entity));
      }
    }
    const repositoryComponents = buildRepositoryComponents(
      bySlug.flatMap(entity => {
        const slug = entity.metadata.annotations?.[GITHUB_SLUG_ANNOTATION];
        return slug
          ? [
              {
                slug,
                entityRef: stringifyEntityRef(entity),
                name: entity.metadata.name,
                annotations: entity.metadata.annotations,
              },
            ]
          : [];
      }),
    );
    for (const entity of byPd) {
      const id = entity.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION];
      if (id) {
        pagerDutyServices.set(id, stringifyEntityRef(entity));
      }
    }
    const gitlabProjects: GitlabProjectIndex = new Map();
    for (const entity of byGitlab) {
      const annotations = entity.metadata.annotations ?? {};
      const slug = annotations[GITLAB_SLUG_ANNOTATION]?.trim().toLowerCase();
      if (!slug) continue;
      const instance =
        annotations[GITLAB_INSTANCE_ANNOTATION]?.trim().toLowerCase();
      const list = gitlabProjects.get(slug) ?? [];
      list.push({
        ...(instance ? { instance } : {}),
        entityRef: stringifyEntityRef(entity),
      });
      gitlabProjects.set(slug, list);
    }
    const locatorKeys = await loadLocatorKeys(
      options.locators ?? [],
      entitiesWith,
    );
    return {
      repositories,
      repositoryComponents,
      pagerDutyServices,
      gitlabProjects,
      locatorKeys,
    };
  };
}

/**
 * Every key the locators derive from the entities carrying their
 * annotations (one catalog query per annotation). Where two entities answer
 * to one key, the first by entity ref keeps it.
 */
export async function loadLocatorKeys(
  locators: QualityEntityLocator[],
  entitiesWith: (annotation: string) => Promise<Entity[]>,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const annotations = [...new Set(locators.flatMap(l => l.annotations))];
  const byAnnotation = new Map(
    await Promise.all(
      annotations.map(async a => [a, await entitiesWith(a)] as const),
    ),
  );
  for (const locator of locators) {
    const entities = new Map<string, Entity>();
    for (const annotation of locator.annotations) {
      for (const entity of byAnnotation.get(annotation) ?? []) {
        entities.set(stringifyEntityRef(entity), entity);
      }
    }
    for (const ref of [...entities.keys()].sort()) {
      let entityKeys: string[];
      try {
        entityKeys = locator.keysOf(entities.get(ref)!);
      } catch {
        // One module's fault on one entity must not stop every attribution.
        continue;
      }
      for (const key of entityKeys) {
        const lower = key.toLowerCase();
        if (lower.startsWith(`${locator.id}:`) && !keys.has(lower)) {
          keys.set(lower, ref);
        }
      }
    }
  }
  return keys;
}

/** After a failed load, the wait before events may cause another (the catalog is down or starting). */
const FAILED_LOAD_RETRY_MS = 5_000;

/**
 * Maps event locators to catalog entity refs from a cached annotation index,
 * so ingestion makes no catalog call per event.
 */
export class EntityIndex {
  private index: AnnotationIndex = {
    repositories: new Map(),
    pagerDutyServices: new Map(),
  };
  private loadedAt = -Infinity;
  private failedAt = -Infinity;
  private loading?: Promise<void>;

  constructor(
    private readonly loader: AnnotationIndexLoader,
    private readonly options: {
      logger: LoggerService;
      refreshIntervalMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** Reloads the index now. */
  async refresh(): Promise<AnnotationIndex> {
    if (!this.loading) {
      this.loading = this.loader()
        .then(index => {
          this.index = index;
          this.loadedAt = this.now();
        })
        .catch(error => {
          // Keep serving the last index; unmatched events are attributed later.
          this.failedAt = this.now();
          this.options.logger.warn(
            `Could not load the catalog annotation index: ${error}`,
          );
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    await this.loading;
    return this.index;
  }

  async current(): Promise<AnnotationIndex> {
    const now = this.now();
    const stale = now - this.loadedAt > this.options.refreshIntervalMs;
    // While the catalog fails, events do not each try it again.
    const retryMs = Math.min(
      FAILED_LOAD_RETRY_MS,
      this.options.refreshIntervalMs,
    );
    if (stale && now - this.failedAt > retryMs) {
      await this.refresh();
    }
    return this.index;
  }

  /** The entity an event belongs to (the first of resolveAll), or null when nothing matches. */
  async resolve(event: QualityEvent): Promise<string | null> {
    return (await this.resolveAll(event))[0] ?? null;
  }

  /**
   * Every entity an event belongs to, in entity ref order: several for an
   * event of a repository that several entities share (monorepoAttribution.ts),
   * else at most one.
   */
  async resolveAll(event: QualityEvent): Promise<string[]> {
    if (event.entityRef) {
      return [
        stringifyEntityRef(
          parseEntityRef(event.entityRef, { defaultNamespace: 'default' }),
        ),
      ];
    }
    const index = await this.current();
    const components = event.repository
      ? index.repositoryComponents?.get(event.repository.toLowerCase())
      : undefined;
    if (components) {
      const refs = matchRepositoryComponents(components, monorepoFacts(event));
      if (refs.length) return refs;
    }
    const single = this.resolveSingle(event, index);
    return single ? [single] : [];
  }

  private resolveSingle(
    event: QualityEvent,
    index: AnnotationIndex,
  ): string | null {
    if (
      event.repository &&
      !index.repositoryComponents?.has(event.repository.toLowerCase())
    ) {
      const match = index.repositories.get(event.repository.toLowerCase());
      if (match) {
        return match;
      }
    }
    if (event.gitlabProject) {
      const match = matchGitlabProject(
        index.gitlabProjects,
        event.gitlabProject,
        event.gitlabInstance,
      );
      if (match) {
        return match;
      }
    }
    if (event.locators?.length) {
      const match = matchLocatorKeys(index.locatorKeys, event.locators);
      if (match) {
        return match;
      }
    }
    if (event.pagerDutyServiceId) {
      return index.pagerDutyServices.get(event.pagerDutyServiceId) ?? null;
    }
    return null;
  }
}

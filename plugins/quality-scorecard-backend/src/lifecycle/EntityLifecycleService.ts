import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { readCatalogInPages } from '@shewhart/plugin-quality-scorecard-node';
import {
  AnnotationIndex,
  matchGitlabProject,
  matchLocatorKeys,
} from '../ingest/annotationIndex';
import {
  GITHUB_SLUG_ANNOTATION,
  GITLAB_SLUG_ANNOTATION,
  PAGERDUTY_SERVICE_ANNOTATION,
} from '../ingest/EntityIndex';
import { chunks } from '../database/knexHelpers';
import type {
  EntityLifecycleStore,
  RowCounts,
  StoredLocators,
} from './EntityLifecycleStore';

/** A missing entity as GET /lifecycle/entities lists it. */
export interface MissingEntity {
  entityRef: string;
  missingSince: string;
  /** When its rows are deleted unless it comes back (the first run after this). */
  deleteAfter: string;
}

/** What one run did. */
export interface LifecycleRunResult {
  checked: number;
  newlyMissing: string[];
  returned: string[];
  renamed: Array<{ from: string; to: string; rows: RowCounts }>;
  deleted: Array<{ entityRef: string; rows: RowCounts }>;
}

/** The catalog annotation and value behind a locator match, to ask whether one entity carries it. */
interface AnnotationMatch {
  annotation: string;
  value: string;
}

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * Follows entities with stored data through the catalog: one gone is marked
 * missing (not recomputed, not rolled up), one back within the grace period
 * is recomputed with nothing lost, one gone longer has its rows deleted, and
 * one renamed (its events' locators now resolve to one new entity) has its
 * history moved to the new ref.
 */
export class EntityLifecycleService {
  private readonly catalogBatchSize: number;

  constructor(
    private readonly deps: {
      store: EntityLifecycleStore;
      catalog: CatalogService;
      auth: AuthService;
      /** The current annotation index (EntityIndex.current in the plugin). */
      annotationIndex: () => Promise<AnnotationIndex>;
      logger: LoggerService;
      auditor?: AuditorService;
    },
    private readonly options: {
      graceMs: number;
      catalogBatchSize?: number;
      deleteBatchSize?: number;
    },
  ) {
    this.catalogBatchSize = options.catalogBatchSize ?? 100;
  }

  /** Missing entities with the date their rows go. */
  async listMissing(): Promise<MissingEntity[]> {
    return (await this.deps.store.listMissing()).map(m => ({
      entityRef: m.entityRef,
      missingSince: new Date(m.missingSince).toISOString(),
      deleteAfter: new Date(
        m.missingSince + this.options.graceMs,
      ).toISOString(),
    }));
  }

  /**
   * One pass. The catalog is asked about every entity with stored data, in
   * batches; if any batch fails the run stops before it writes anything, so a
   * catalog that is down never makes an entity missing.
   */
  async run(now: number): Promise<LifecycleRunResult> {
    const { store } = this.deps;
    const refs = await store.listStoredEntityRefs();
    const live = await this.liveAmong(refs);
    const before = new Set((await store.listMissing()).map(m => m.entityRef));
    const present = refs.filter(r => live.has(r));
    const gone = refs.filter(r => !live.has(r));
    const returned = await store.recordPresent(present, now);
    await store.recordMissing(gone, now);
    const result: LifecycleRunResult = {
      checked: refs.length,
      newlyMissing: gone.filter(r => !before.has(r)),
      returned,
      renamed: [],
      deleted: [],
    };
    for (const ref of returned) {
      this.deps.logger.info(
        `${ref} is back in the catalog; it is recomputed with its stored data`,
      );
    }

    const renamedFrom = new Set<string>();
    for (const missing of await store.listMissing()) {
      const to = await this.renameTarget(
        missing.entityRef,
        missing.missingSince,
      );
      if (!to) continue;
      const rows = await this.audited(
        'entity-renamed',
        { from: missing.entityRef, to },
        () => store.renameEntity(missing.entityRef, to, now),
      );
      renamedFrom.add(missing.entityRef);
      result.renamed.push({ from: missing.entityRef, to, rows });
    }

    for (const missing of await store.listMissing()) {
      if (renamedFrom.has(missing.entityRef)) continue;
      if (now - missing.missingSince <= this.options.graceMs) continue;
      const rows = await this.audited(
        'entity-data-deleted',
        {
          entityRef: missing.entityRef,
          missingSince: new Date(missing.missingSince).toISOString(),
        },
        () =>
          store.deleteEntityData(
            missing.entityRef,
            this.options.deleteBatchSize,
          ),
      );
      result.deleted.push({ entityRef: missing.entityRef, rows });
    }
    return result;
  }

  /** The refs the catalog has; throws when the catalog does not answer. */
  private async liveAmong(refs: string[]): Promise<Set<string>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const live = new Set<string>();
    for (const part of chunks(refs, this.catalogBatchSize)) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: part, fields: REF_FIELDS },
        { credentials },
      );
      part.forEach((ref, i) => {
        if (items[i]) live.add(ref);
      });
    }
    return live;
  }

  /**
   * The entity a missing one was renamed to, if any: its events' locators
   * resolve through the current annotation index to exactly one other
   * entity, that entity is in the catalog, it is the only one carrying each
   * matched annotation value (two are a monorepo, not a rename), and it was
   * not seen in the catalog before the old one went missing (else they lived
   * side by side). A catalog error means no rename this run.
   */
  private async renameTarget(
    entityRef: string,
    missingSince: number,
  ): Promise<string | undefined> {
    const index = await this.deps.annotationIndex();
    const targets = new Set<string>();
    const matches: AnnotationMatch[] = [];
    for (const locators of await this.deps.store.locatorsOf(entityRef)) {
      const resolved = resolveStored(index, locators);
      const others = resolved?.entityRefs.filter(r => r !== entityRef) ?? [];
      if (others.length === 0) continue;
      others.forEach(r => targets.add(r));
      if (resolved?.match) matches.push(resolved.match);
    }
    if (targets.size !== 1) return undefined;
    const [to] = targets;
    const firstSeen = await this.deps.store.firstSeenAt(to);
    if (firstSeen !== null && firstSeen < missingSince) return undefined;
    try {
      if (!(await this.liveAmong([to])).has(to)) return undefined;
      for (const match of matches) {
        if ((await this.entitiesCarrying(match)) !== 1) return undefined;
      }
    } catch (error) {
      this.deps.logger.warn(
        `Could not check whether ${entityRef} was renamed to ${to}: ${error}`,
      );
      return undefined;
    }
    return to;
  }

  private async entitiesCarrying(match: AnnotationMatch): Promise<number> {
    const items = await readCatalogInPages(
      this.deps.catalog,
      {
        filter: { [`metadata.annotations.${match.annotation}`]: match.value },
        fields: REF_FIELDS,
      },
      await this.deps.auth.getOwnServiceCredentials(),
    );
    return new Set(items.map(e => stringifyEntityRef(e))).size;
  }

  /** Runs a deletion or rename as an audit event (logged as well). */
  private async audited(
    eventId: string,
    meta: Record<string, string>,
    action: () => Promise<RowCounts>,
  ): Promise<RowCounts> {
    const audit = await this.deps.auditor?.createEvent({
      eventId,
      severityLevel: 'medium',
      meta,
    });
    try {
      const rows = await action();
      await audit?.success({ meta: { ...meta, rows } });
      this.deps.logger.info(
        `${eventId}: ${JSON.stringify(meta)} rows ${JSON.stringify(rows)}`,
      );
      return rows;
    } catch (error) {
      await audit?.fail({ error: error as Error, meta });
      throw error;
    }
  }
}

/**
 * The entities that stored locators resolve to now, in the order ingestion
 * and attribution try them, with the annotation value that matched. A
 * repository that several entities share (a monorepo) answers all of them.
 */
export function resolveStored(
  index: AnnotationIndex,
  locators: StoredLocators,
): { entityRefs: string[]; match?: AnnotationMatch } | undefined {
  if (locators.repository) {
    const slug = locators.repository.toLowerCase();
    const shared = index.repositoryComponents?.get(slug);
    const single = index.repositories.get(slug);
    let entityRefs = single ? [single] : [];
    if (shared?.length) entityRefs = shared.map(c => c.entityRef);
    if (entityRefs.length) {
      return {
        entityRefs,
        match: {
          annotation: GITHUB_SLUG_ANNOTATION,
          value: locators.repository,
        },
      };
    }
  }
  if (locators.gitlabProject) {
    const ref = matchGitlabProject(
      index.gitlabProjects,
      locators.gitlabProject,
      locators.gitlabInstance,
    );
    if (ref) {
      return {
        entityRefs: [ref],
        match: {
          annotation: GITLAB_SLUG_ANNOTATION,
          value: locators.gitlabProject,
        },
      };
    }
  }
  const byKeys = matchLocatorKeys(index.locatorKeys, locators.locators);
  if (byKeys) return { entityRefs: [byKeys] };
  if (locators.pagerDutyServiceId) {
    const ref = index.pagerDutyServices.get(locators.pagerDutyServiceId);
    if (ref) {
      return {
        entityRefs: [ref],
        match: {
          annotation: PAGERDUTY_SERVICE_ANNOTATION,
          value: locators.pagerDutyServiceId,
        },
      };
    }
  }
  return undefined;
}

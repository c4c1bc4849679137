import { Knex } from 'knex';
import { AttributionStore } from './QualityStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import { EventType, TABLE_BY_TYPE } from './eventRows';
import type { UnattributedSummary } from './types';
import {
  AnnotationIndex,
  matchGitlabProject,
  matchLocatorKeys,
} from '../ingest/annotationIndex';
import {
  MonorepoEventFacts,
  matchRepositoryComponents,
} from '../ingest/monorepoAttribution';
import { EVENT_ENTITIES_TABLE, replaceEventEntities } from './eventEntities';

/** Knex store of which catalog entity each stored event belongs to; SQLite and PostgreSQL. */
export class DatabaseAttributionStore implements AttributionStore {
  constructor(
    private readonly db: Knex,
    private readonly dirty: DatabaseDirtyMarkStore,
  ) {}

  async listUnattributed(): Promise<UnattributedSummary[]> {
    const out: UnattributedSummary[] = [];
    for (const [type, table] of Object.entries(TABLE_BY_TYPE)) {
      const columns = [
        'repository',
        'gitlab_project',
        'gitlab_instance',
        'locators',
        ...(type === 'incident' ? ['pagerduty_service_id'] : []),
      ];
      const rows = await this.db(table)
        .whereNull('entity_ref')
        .select(columns)
        .count({ count: '*' })
        .groupBy(columns);
      for (const r of rows as Array<Record<string, unknown>>) {
        out.push({
          type,
          repository: (r.repository as string) ?? null,
          pagerDutyServiceId: (r.pagerduty_service_id as string) ?? null,
          gitlabProject: (r.gitlab_project as string) ?? null,
          gitlabInstance: (r.gitlab_instance as string) ?? null,
          locators: r.locators ? (JSON.parse(r.locators as string) as string[]) : null,
          count: Number(r.count),
        });
      }
    }
    return out;
  }

  async attribute(options: AnnotationIndex & { now: number }): Promise<number> {
    let updated = 0;
    const unattributed = await this.listUnattributed();
    const touched = new Set<string>();
    await this.db.transaction(async tx => {
      for (const group of unattributed) {
        const type = group.type as EventType;
        const table = TABLE_BY_TYPE[type];
        const components = group.repository
          ? options.repositoryComponents?.get(group.repository.toLowerCase())
          : undefined;
        const byRepo =
          group.repository && !components
            ? options.repositories.get(group.repository.toLowerCase())
            : undefined;
        const byPd = group.pagerDutyServiceId
          ? options.pagerDutyServices.get(group.pagerDutyServiceId)
          : undefined;
        const byGitlab = group.gitlabProject
          ? matchGitlabProject(
              options.gitlabProjects,
              group.gitlabProject,
              group.gitlabInstance,
            )
          : undefined;
        const byKeys = group.locators
          ? matchLocatorKeys(options.locatorKeys, group.locators)
          : undefined;
        // The order EntityIndex.resolve tries the locators in.
        const entityRef = byRepo ?? byGitlab ?? byKeys ?? byPd;
        if (!entityRef && !components) {
          continue;
        }
        const query = tx(table).whereNull('entity_ref');
        if (group.repository) {
          query.andWhere('repository', group.repository);
        } else {
          query.whereNull('repository');
        }
        for (const [column, value] of [
          ['gitlab_project', group.gitlabProject],
          ['gitlab_instance', group.gitlabInstance],
          ['locators', group.locators ? JSON.stringify(group.locators) : null],
        ] as const) {
          if (value) query.andWhere(column, value);
          else query.whereNull(column);
        }
        if (group.type === 'incident') {
          if (group.pagerDutyServiceId) {
            query.andWhere('pagerduty_service_id', group.pagerDutyServiceId);
          } else {
            query.whereNull('pagerduty_service_id');
          }
        }
        if (components) {
          // Each row of a shared repository by its own files or environment.
          const rows = await query.select(
            'source',
            'external_id',
            ...(type === 'pull_request' ? ['files'] : []),
            ...(type === 'deployment' ? ['environment'] : []),
          );
          const links = [];
          for (const row of rows) {
            const matched = matchRepositoryComponents(components, factsOf(type, row));
            // No component matched: the other locators, as EntityIndex.resolveAll.
            let refs = matched;
            if (!refs.length && entityRef) refs = [entityRef];
            if (!refs.length) continue;
            updated += await tx(table)
              .where({ source: row.source, external_id: row.external_id })
              .update({ entity_ref: refs[0], updated_at: options.now });
            refs.forEach(ref => touched.add(ref));
            links.push({
              source: row.source,
              externalId: row.external_id,
              entityRefs: refs,
            });
          }
          await replaceEventEntities(tx, type, links);
          continue;
        }
        updated += await query.update({
          entity_ref: entityRef,
          updated_at: options.now,
        });
        touched.add(entityRef!);
      }
      // The whole history of a newly attributed entity may change.
      await this.dirty.markDirtyIn(
        tx,
        [...touched].map(entityRef => ({ entityRef, since: 0 })),
        options.now,
      );
    });
    return updated;
  }

  async listEntityRefs(): Promise<string[]> {
    const refs = new Set<string>();
    // An entity of a shared repository may own no row's entity_ref.
    for (const table of [...Object.values(TABLE_BY_TYPE), EVENT_ENTITIES_TABLE]) {
      const rows = await this.db(table)
        .whereNotNull('entity_ref')
        .distinct('entity_ref');
      rows.forEach(r => refs.add(r.entity_ref));
    }
    return [...refs].sort();
  }
}

/** What monorepo matching reads of a stored row. */
function factsOf(type: EventType, row: Record<string, any>): MonorepoEventFacts {
  if (type === 'pull_request') {
    return {
      type,
      files: row.files ? (JSON.parse(row.files) as string[]) : null,
    };
  }
  if (type === 'deployment') return { type, environment: row.environment };
  return { type };
}

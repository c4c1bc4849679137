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
        const table = TABLE_BY_TYPE[group.type as EventType];
        const byRepo = group.repository
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
        if (!entityRef) {
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
        updated += await query.update({
          entity_ref: entityRef,
          updated_at: options.now,
        });
        touched.add(entityRef);
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
    for (const table of Object.values(TABLE_BY_TYPE)) {
      const rows = await this.db(table)
        .whereNotNull('entity_ref')
        .distinct('entity_ref');
      rows.forEach(r => refs.add(r.entity_ref));
    }
    return [...refs].sort();
  }
}

import type { Entity } from '@backstage/catalog-model';
import type { SourceSyncStatus } from '../../api';

/** The sources whose modules serve a sync status, with the annotation that names the entity's part. */
export const SYNC_SOURCES = [
  { id: 'github', title: 'GitHub', annotation: 'github.com/project-slug' },
  { id: 'gitlab', title: 'GitLab', annotation: 'gitlab.com/project-slug' },
  { id: 'jira', title: 'Jira', annotation: 'jira/project-key' },
] as const;

export type SyncSourceId = (typeof SYNC_SOURCES)[number]['id'];

/** What the tab says of one source for one entity. */
export interface EntitySyncView {
  source: SyncSourceId;
  title: string;
  enabled: boolean;
  /** A run that covers the entity is under way: done of total, total null when unknown. */
  running?: { done: number; total: number | null };
  /** The entity's repository/project as the last sync left it. */
  lastStatus?: string | null;
  lastFinishedAt?: string | null;
  error?: string | null;
}

/**
 * One source's status as it concerns an entity: the run covering it (its
 * own, or the sync of everything) and its repository or project, or
 * undefined when the entity has nothing at that source.
 */
export function entitySyncView(
  source: (typeof SYNC_SOURCES)[number],
  status: SourceSyncStatus,
  entity: Entity,
  entityRef: string,
): EntitySyncView | undefined {
  const key = entity.metadata.annotations?.[source.annotation];
  if (!key) return undefined;
  const view: EntitySyncView = {
    source: source.id,
    title: source.title,
    enabled: status.enabled,
  };
  if (!status.enabled) return view;
  const run = status.runs.find(
    r => r.status === 'running' && (!r.entityRef || r.entityRef === entityRef),
  );
  if (run) {
    const progress = run.repositories ?? run.projects;
    view.running = {
      done: progress?.done ?? 0,
      total: progress?.total ?? null,
    };
  }
  const lower = key.toLowerCase();
  const part =
    status.repositories?.find(r => r.repository.toLowerCase() === lower) ??
    status.projects?.find(p => p.project.toLowerCase() === lower);
  if (part) {
    view.lastStatus = part.status ?? null;
    view.lastFinishedAt = part.lastFinishedAt ?? null;
    view.error = part.error ?? null;
  }
  return view;
}

/**
 * The catalog's annotations as lookups from an event's locator to its
 * entity: what ingestion resolves new events with and attribution resolves
 * stored unattributed ones with.
 */

/** Entities by lower-case GitLab project path; `instance` where the entity names one. */
export type GitlabProjectIndex = Map<
  string,
  Array<{ instance?: string; entityRef: string }>
>;

export interface AnnotationIndex {
  /** One entity per lower-case repository slug (the last the catalog listed). */
  repositories: Map<string, string>;
  /**
   * Repositories that several entities share or where an entity claims paths:
   * every entity of the slug with its claimed globs (monorepoAttribution.ts).
   */
  repositoryComponents?: RepositoryComponentIndex;
  pagerDutyServices: Map<string, string>;
  gitlabProjects?: GitlabProjectIndex;
  /** Modules' locator keys (lower case) → entity ref. */
  locatorKeys?: Map<string, string>;
}

/** One entity of a shared repository: its ref, name and claimed path globs (none: the repository's root). */
export interface RepositoryComponent {
  entityRef: string;
  name: string;
  paths?: string[];
}

/** Entities by lower-case repository slug, in entity ref order. */
export type RepositoryComponentIndex = Map<string, RepositoryComponent[]>;

/** The entity of the first key an entity answers to; null when none does. */
export function matchLocatorKeys(
  index: Map<string, string> | undefined,
  keys: readonly string[] | null | undefined,
): string | null {
  for (const key of keys ?? []) {
    const match = index?.get(key.toLowerCase());
    if (match) return match;
  }
  return null;
}

/**
 * The entity of a GitLab project: the one whose `gitlab.com/instance` is the
 * event's host, else the one naming no instance; an event naming no host
 * matches the entity naming none, else the only entity with that path.
 */
export function matchGitlabProject(
  index: GitlabProjectIndex | undefined,
  project: string,
  instance: string | null | undefined,
): string | null {
  const candidates = index?.get(project.toLowerCase()) ?? [];
  const host = instance?.toLowerCase();
  const exact = host ? candidates.find(c => c.instance === host) : undefined;
  const anyHost = candidates.find(c => c.instance === undefined);
  const only = !host && candidates.length === 1 ? candidates[0] : undefined;
  return (exact ?? anyHost ?? only)?.entityRef ?? null;
}

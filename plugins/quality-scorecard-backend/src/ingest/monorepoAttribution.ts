/*
 * Monorepos: several catalog entities share one repository and each claims
 * its part by path. Pure: which entities an event of such a repository
 * belongs to (docs/monorepos.md).
 */
import { minimatch } from 'minimatch';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type {
  RepositoryComponent,
  RepositoryComponentIndex,
} from './annotationIndex';

export const PATHS_ANNOTATION = 'shewhart.dev/paths';
export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** A claimed path as globs: a plain folder claims everything under it. */
function globsOf(path: string): string[] {
  const p = path.trim().replace(/^\.?\/+/, '');
  if (!p) return [];
  if (p.endsWith('/')) return [`${p}**`];
  return /[*?[\]{}!]/.test(p) ? [p] : [p, `${p}/**`];
}

/**
 * The sub-path of a `backstage.io/source-location` in repository `slug`
 * (`url:https://github.com/org/repo/tree/main/services/payments/` →
 * `services/payments/`), or undefined when it is the repository root or
 * another repository.
 */
export function sourceLocationSubPath(
  location: string,
  slug: string,
): string | undefined {
  const url = location.replace(/^url:/, '').trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const parts = parsed.pathname.split('/').filter(Boolean);
  const [owner, repo, kind, , ...rest] = parts;
  if (!owner || !repo) return undefined;
  const sameRepo =
    `${owner}/${repo.replace(/\.git$/, '')}`.toLowerCase() ===
    slug.toLowerCase();
  if (!sameRepo || (kind !== 'tree' && kind !== 'blob') || !rest.length) {
    return undefined;
  }
  return `${rest.join('/')}/`;
}

/**
 * The path globs an entity of repository `slug` claims: the
 * `shewhart.dev/paths` annotation (globs separated by commas or new lines),
 * else the sub-path of its source location in that repository; undefined
 * when it claims none (it is the repository's root).
 */
export function claimedPaths(
  annotations: Record<string, string> | undefined,
  slug: string,
): string[] | undefined {
  const explicit = annotations?.[PATHS_ANNOTATION];
  const raw = explicit
    ? explicit.split(/[,\n]/)
    : [
        sourceLocationSubPath(
          annotations?.[SOURCE_LOCATION_ANNOTATION] ?? '',
          slug,
        ) ?? '',
      ];
  const globs = raw.flatMap(globsOf);
  return globs.length ? globs : undefined;
}

/**
 * The components of repositories that need more than one slug → entity
 * lookup: shared by several entities, or with a path claim. Other
 * repositories keep their single entity (AnnotationIndex.repositories).
 */
export function buildRepositoryComponents(
  entities: Array<{
    slug: string;
    entityRef: string;
    name: string;
    annotations?: Record<string, string>;
  }>,
): RepositoryComponentIndex {
  const bySlug = new Map<string, RepositoryComponent[]>();
  const explicit = new Set<string>();
  for (const e of entities) {
    const slug = e.slug.trim().toLowerCase();
    const list = bySlug.get(slug) ?? [];
    if (list.some(c => c.entityRef === e.entityRef)) continue;
    const paths = claimedPaths(e.annotations, slug);
    if (e.annotations?.[PATHS_ANNOTATION]) explicit.add(slug);
    list.push({
      entityRef: e.entityRef,
      name: e.name,
      ...(paths ? { paths } : {}),
    });
    bySlug.set(slug, list);
  }
  const out: RepositoryComponentIndex = new Map();
  for (const [slug, list] of bySlug) {
    // A repository of one entity is a monorepo only when it says so
    // (shewhart.dev/paths): the catalog sets a source location to wherever
    // catalog-info.yaml lies, which is no claim on the rest of the repository.
    if (list.length > 1 || explicit.has(slug)) {
      out.set(
        slug,
        list.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1)),
      );
    }
  }
  return out;
}

const touches = (component: RepositoryComponent, files: string[]) =>
  files.some(file =>
    component.paths!.some(glob => minimatch(file, glob, { dot: true })),
  );

const SEPARATORS = '/:-_.';

/** Whether an environment is the component's name, or starts or ends with it beside a separator. */
function namesComponent(environment: string, name: string): boolean {
  const n = name.toLowerCase();
  if (environment === n) return true;
  const isSeparator = (c: string | undefined) =>
    c !== undefined && c.length === 1 && SEPARATORS.includes(c);
  return (
    (environment.endsWith(n) &&
      isSeparator(environment[environment.length - n.length - 1])) ||
    (environment.startsWith(n) && isSeparator(environment[n.length]))
  );
}

/** What attribution reads of an event of a shared repository. */
export type MonorepoEventFacts =
  | { type: 'pull_request'; files?: string[] | null }
  | { type: 'deployment'; environment: string }
  | { type: 'incident' | 'bug' };

export function monorepoFacts(event: QualityEvent): MonorepoEventFacts {
  if (event.type === 'pull_request') {
    return { type: event.type, files: event.files };
  }
  if (event.type === 'deployment') {
    return { type: event.type, environment: event.environment };
  }
  return { type: event.type };
}

/**
 * The entities of a shared repository an event belongs to, in entity ref
 * order (the first is the stored row's `entity_ref`); empty: unattributed.
 * - A PR: the components whose paths its files touch; touching no claimed
 *   path, the components claiming none (the root); no root, none. A PR
 *   without its file list belongs to none until the list is known, unless no
 *   component claims a path.
 * - A deployment: the components its environment names (`payments`,
 *   `payments-production`, `production/payments`), else every component.
 * - An incident or bug: every component.
 */
export function matchRepositoryComponents(
  components: RepositoryComponent[],
  event: MonorepoEventFacts,
): string[] {
  const refs = (list: RepositoryComponent[]) => list.map(c => c.entityRef);
  const roots = components.filter(c => !c.paths);
  if (event.type === 'pull_request') {
    if (!event.files) {
      return roots.length === components.length ? refs(roots) : [];
    }
    const touched = components.filter(c => c.paths && touches(c, event.files!));
    return refs(touched.length ? touched : roots);
  }
  if (event.type === 'deployment') {
    const env = event.environment.toLowerCase();
    const named = components.filter(c => namesComponent(env, c.name));
    return refs(named.length ? named : components);
  }
  return refs(components);
}

/**
 * Which entities a caller sees: everything, or those a filter keeps. The
 * filter is asynchronous because a condition the plugin cannot evaluate
 * itself is resolved by the catalog.
 */
export type Visibility =
  | { all: true }
  | { all: false; filter(refs: string[]): Promise<string[]> };

/** Everything: service callers, and users whose policy allows every entity. */
export const SEES_ALL: Visibility = { all: true };

/** Keeps the refs a visibility lets through, in their order. */
export async function visibleRefs(
  visibility: Visibility,
  refs: string[],
): Promise<string[]> {
  return visibility.all ? refs : visibility.filter(refs);
}

/** Which entities a caller sees: everything, or those a predicate lets through. */
export type Visibility =
  | { all: true }
  | { all: false; sees(ref: string): boolean };

/** Everything: service callers, and users whose policy allows every entity. */
export const SEES_ALL: Visibility = { all: true };

/** Keeps the refs a visibility lets through, in their order. */
export function visibleRefs(visibility: Visibility, refs: string[]): string[] {
  return visibility.all ? refs : refs.filter(ref => visibility.sees(ref));
}

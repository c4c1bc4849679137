/** The catalog facts that ownership roll-up needs. */
export interface OwnershipGraph {
  /** group ref → direct child group refs */
  children: Map<string, string[]>;
  /** owner ref (group or user) → entity refs it owns directly */
  owned: Map<string, string[]>;
}

/** Every group under `root` (itself included), following child relations transitively. */
export function descendantGroups(graph: OwnershipGraph, root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    for (const child of graph.children.get(next) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/** Entities an owner owns directly or through any of its sub-groups. */
export function ownedEntities(graph: OwnershipGraph, owner: string): string[] {
  const refs = new Set<string>();
  for (const group of descendantGroups(graph, owner)) {
    for (const e of graph.owned.get(group) ?? []) refs.add(e);
  }
  return [...refs].sort();
}

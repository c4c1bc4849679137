/** Rows by their entity, each entity's rows in their order. */
export function groupByEntity<T extends { entityRef: string }>(
  rows: T[],
): Map<string, T[]> {
  const byEntity = new Map<string, T[]>();
  for (const row of rows) {
    const list = byEntity.get(row.entityRef);
    if (list) list.push(row);
    else byEntity.set(row.entityRef, [row]);
  }
  return byEntity;
}

/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight and
 * settles every one (results in order), so that work finished beside a
 * failure is kept.
 */
export async function settleWithConcurrency<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index]) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}

/** The values of the fulfilled results, and the first failure's reason. */
export function partition<R>(results: PromiseSettledResult<R>[]): {
  values: R[];
  failure?: unknown;
} {
  const values: R[] = [];
  let failure: unknown;
  for (const result of results) {
    if (result.status === 'fulfilled') {
      values.push(result.value);
    } else if (failure === undefined) {
      failure = result.reason;
    }
  }
  return { values, failure };
}

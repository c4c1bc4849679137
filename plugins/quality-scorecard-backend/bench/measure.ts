/*
 * Latency measurement of GET requests on the bench's backend.
 */
import type { BenchBackend } from './backend';

/**
 * Latencies in ms of GET `paths` (in the order of `paths`), `concurrency` at
 * a time, until the whole body is received and decoded; `headers`, when
 * given, receives the time until the response headers arrived.
 */
export async function measure(
  backend: BenchBackend,
  paths: string[],
  concurrency: number,
  check?: (path: string, body: string) => void,
  headers?: number[],
  token?: string,
): Promise<number[]> {
  const latencies: number[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next++;
      const p = paths[index];
      const started = performance.now();
      const res = await backend.fetch(p, token);
      if (headers) headers[index] = performance.now() - started;
      const body = await res.text();
      latencies[index] = performance.now() - started;
      if (res.status !== 200)
        throw new Error(`GET ${p}: ${res.status} ${body.slice(0, 300)}`);
      check?.(p, body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

import { createHash } from 'crypto';
import type { QualityStore } from '../database/QualityStore';

/**
 * Scorecards computed from stored snapshots, kept in memory and served again
 * while none of the snapshots they were computed from has been rewritten.
 * Each read checks the snapshot versions of its entities in the database (one
 * small indexed read), so a recompute on any backend instance makes the next
 * read on every instance compute afresh. Values are shared between callers
 * and must not be mutated.
 */
export class SnapshotResultCache {
  private readonly entries = new Map<
    string,
    { signature: string; value: unknown }
  >();

  constructor(
    private readonly store: Pick<QualityStore, 'snapshotVersions'>,
    private readonly maxEntries = 500,
  ) {}

  async get<T>(
    key: string,
    entityRefs: string[],
    compute: () => Promise<T>,
  ): Promise<T> {
    // Versions are read before the snapshots: a rewrite in between makes the
    // stored signature older than the value, so the next read recomputes.
    const versions = await this.store.snapshotVersions(entityRefs);
    const hash = createHash('sha1');
    for (const ref of entityRefs)
      hash.update(`${ref}\u0000${versions.get(ref) ?? 0}\u0000`);
    const signature = hash.digest('base64');
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.signature === signature) {
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    const value = await compute();
    this.entries.set(key, { signature, value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

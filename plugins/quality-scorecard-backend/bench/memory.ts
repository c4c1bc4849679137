/*
 * The plugin's share of the backend's memory: the same backend started a
 * second time without the quality scorecard and what serves only it
 * (SHEWHART_WITHOUT_QUALITY_SCORECARD=1), on a fresh set of databases with
 * the same catalog, read with the same catalog requests; its peak and final
 * RSS are subtracted from those of the backend with the plugin.
 */
import path from 'path';
import { BenchBackend, BackendHeap, freePort } from './backend';
import type { BenchDatabase } from './databases';
import type { SyntheticOrg } from './generate';
import type { Args } from './args';
import { log, round } from './args';
import { startAndWaitForCatalog } from './catalogReady';
import { readCatalogOnly } from './reads';

export interface BackendMemory {
  peakMb: number;
  currentMb: number;
  heap?: BackendHeap;
}

export interface WithoutPlugin {
  memory: BackendMemory;
  catalogReadySeconds: number;
  catalogByName: Record<string, unknown>;
}

export async function measureWithoutPlugin(options: {
  db: BenchDatabase;
  org: SyntheticOrg;
  args: Args;
  workDir: string;
  token: string;
  /** Called with the backend before it starts, for the exit handlers. */
  track: (backend: BenchBackend | undefined) => void;
}): Promise<WithoutPlugin> {
  const { db, org, args, workDir, token, track } = options;
  const port = await freePort();
  const backend = new BenchBackend({
    port,
    token,
    database: db.backendDatabase('without-plugin'),
    catalogFile: path.join(workDir, 'catalog.yaml'),
    workDir,
    withoutPlugin: true,
  });
  track(backend);
  log(
    `starting the backend without the quality scorecard on port ${port} (log: ${backend.logFile})`,
  );
  try {
    const serving = await startAndWaitForCatalog(backend, org);
    const catalogByName = await readCatalogOnly(backend, org, args);
    const memory = backend.memory();
    if (!memory) throw new Error('no memory figures of the backend');
    log(
      `without the plugin: backend peak RSS ${Math.round(
        memory.peakMb,
      )} MB, at end ${Math.round(memory.currentMb)} MB`,
    );
    return {
      memory: { ...memory, heap: backend.heap() },
      catalogReadySeconds: round(serving.catalogReadyS) ?? NaN,
      catalogByName,
    };
  } catch (e) {
    log(`backend (without the plugin) log tail:\n${backend.tail()}`);
    throw e;
  } finally {
    await backend.stop();
    track(undefined);
    log('backend without the plugin stopped');
  }
}

/** The rss section's figures of the plugin's share. */
export function pluginShare(
  withPlugin: BackendMemory | undefined,
  without: WithoutPlugin | undefined,
) {
  if (!withPlugin || !without) {
    return {
      withoutPluginPeakMb: null,
      withoutPluginAtEndMb: null,
      pluginShareMb: null,
    };
  }
  const heapShare =
    withPlugin.heap && without.memory.heap
      ? {
          peakHeapUsedMb:
            withPlugin.heap.peakHeapUsedMb - without.memory.heap.peakHeapUsedMb,
          atEndHeapUsedMb:
            withPlugin.heap.heapUsedMb - without.memory.heap.heapUsedMb,
        }
      : null;
  return {
    withoutPluginPeakMb: round(without.memory.peakMb, 0),
    withoutPluginAtEndMb: round(without.memory.currentMb, 0),
    // With the plugin − without it, the same catalog and catalog reads.
    pluginShareMb: {
      peak: round(withPlugin.peakMb - without.memory.peakMb, 0),
      atEnd: round(withPlugin.currentMb - without.memory.currentMb, 0),
      heap: heapShare,
    },
    withoutPluginHeap: without.memory.heap ?? null,
    withoutPluginCatalogReadySeconds: without.catalogReadySeconds,
    withoutPluginCatalogByName: without.catalogByName,
  };
}

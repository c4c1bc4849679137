/*
 * The ingest measurements: the whole history written through the store in
 * batches of 1,000 beside the raw batched insert of the same rows, and the
 * throughput of one against four concurrent clients on the same store.
 */
import type { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import type { AttributedEvent } from '../src/engine/model';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import { FULL_SIZE, SyntheticOrg } from './generate';
import type { RawBaseline } from './rawInsert';
import { rowsOf } from './rawInsert';
import { log, mb, round } from './args';

export const BATCH = 1000;

export interface IngestStats {
  events: number;
  storeMs: number;
  rawMs: number;
  rawPrepMs: number;
  wallS: number;
  rawDriver: string;
}

const attributed = (batch: QualityEvent[]): AttributedEvent[] =>
  batch.map(e => ({ ...e, resolvedEntityRef: e.entityRef! }));

/** Writes the whole history through the store and, beside it, through the raw baseline. */
export async function ingestAll(
  org: SyntheticOrg,
  store: DatabaseQualityStore,
  raw: RawBaseline,
  now: number,
): Promise<IngestStats> {
  let storeMs = 0;
  let rawMs = 0;
  let rawPrepMs = 0;
  let events = 0;
  const ingestStarted = performance.now();
  let batches = 0;
  for (const batch of org.batches(BATCH)) {
    let t = performance.now();
    const result = await store.writeEvents(attributed(batch), {
      demo: false,
      now,
    });
    storeMs += performance.now() - t;
    if (result.duplicates || result.unattributed) {
      throw new Error(`unexpected write result ${JSON.stringify(result)}`);
    }
    t = performance.now();
    const rows = rowsOf(batch, now);
    rawPrepMs += performance.now() - t;
    t = performance.now();
    await raw.insert(rows);
    rawMs += performance.now() - t;
    events += batch.length;
    batches += 1;
    if (batches % 100 === 0) {
      log(
        `ingested ${events} events: store ${Math.round(
          events / (storeMs / 1000),
        )}/s, raw ${Math.round(events / (rawMs / 1000))}/s, rss ${mb(
          process.memoryUsage().rss,
        )} MB`,
      );
    }
  }
  const ingestWallS = (performance.now() - ingestStarted) / 1000;
  const counts = { ...org.counts };
  const stored = await store.countEvents();
  const rawCount = await raw.count();
  await raw.close();
  for (const type of Object.keys(counts) as Array<keyof typeof counts>) {
    if (stored[type] !== counts[type])
      throw new Error(
        `stored ${stored[type]} ${type} events, generated ${counts[type]}`,
      );
  }
  if (rawCount !== events)
    throw new Error(`raw baseline holds ${rawCount} rows, expected ${events}`);
  log(
    `ingest done: ${events} events in ${ingestWallS.toFixed(
      1,
    )} s wall (store ${(storeMs / 1000).toFixed(1)} s, raw ${(
      rawMs / 1000
    ).toFixed(1)} s)`,
  );
  return {
    events,
    storeMs,
    rawMs,
    rawPrepMs,
    wallS: ingestWallS,
    rawDriver: raw.driver,
  };
}

export function ingestReport(i: IngestStats) {
  const storeRate = i.events / (i.storeMs / 1000);
  const rawRate = i.events / (i.rawMs / 1000);
  return {
    batchSize: BATCH,
    store: {
      seconds: round(i.storeMs / 1000, 2),
      eventsPerSecond: Math.round(storeRate),
    },
    // better-sqlite3 prepared statements, or pg multi-row INSERTs; one
    // transaction per batch, into a second database of the same schema.
    raw: {
      driver: i.rawDriver,
      seconds: round(i.rawMs / 1000, 2),
      eventsPerSecond: Math.round(rawRate),
      rowMappingSeconds: round(i.rawPrepMs / 1000, 2),
    },
    storeVsRaw: round(storeRate / rawRate, 3),
    wallSecondsIncludingGeneration: round(i.wallS, 1),
  };
}

/**
 * The events of the concurrent-ingest measurement: a history of its own
 * (200 services, another seed), its events renamed onto services and ids
 * that nothing else in the store uses, so that neither set meets the other.
 */
function concurrencyBatches(
  events: number,
  end: number,
  seed: number,
  label: string,
): QualityEvent[][] {
  const org = new SyntheticOrg(
    { ...FULL_SIZE, services: 200, pullRequests: events },
    end,
    seed + 1,
  );
  const tag = `${label}-${Date.now().toString(36)}`;
  const out: QualityEvent[][] = [];
  let n = 0;
  for (const batch of org.batches(BATCH)) {
    const take = batch.slice(0, events - n);
    out.push(
      take.map(e => ({
        ...e,
        id: `${e.id}~${tag}`,
        entityRef: e.entityRef!.replace(
          'component:default/',
          `component:default/${label}-`,
        ),
      })),
    );
    n += take.length;
    if (n >= events) break;
  }
  if (n < events) throw new Error(`generated ${n} of ${events} events`);
  return out;
}

/** Events per second of `clients` writeEvents loops in parallel over a shared queue of batches. */
async function ingestWithClients(
  store: DatabaseQualityStore,
  batches: QualityEvent[][],
  clients: number,
  now: number,
) {
  const queue = batches.map(attributed);
  const events = queue.reduce((a, b) => a + b.length, 0);
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < queue.length) {
        const batch = queue[next++];
        const result = await store.writeEvents(batch, { demo: false, now });
        accepted += result.accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (accepted !== events)
    throw new Error(`${clients} clients: ${accepted} of ${events} accepted`);
  return {
    clients,
    events,
    batches: queue.length,
    seconds: round(seconds, 2),
    eventsPerSecond: Math.round(events / seconds),
  };
}

/**
 * One client, then four, each writing the same number of events (the same
 * generated workload on services of its own) into the store that holds the
 * whole history.
 */
export async function ingestConcurrency(
  store: DatabaseQualityStore,
  events: number,
  org: SyntheticOrg,
  seed: number,
  now: number,
) {
  const one = concurrencyBatches(events, org.end, seed, 'c1');
  const four = concurrencyBatches(events, org.end, seed, 'c4');
  log(`concurrent ingest: ${events} events with 1 client, then with 4`);
  const clients1 = await ingestWithClients(store, one, 1, now);
  const clients4 = await ingestWithClients(store, four, 4, now);
  log(
    `concurrent ingest: 1 client ${clients1.eventsPerSecond}/s, 4 clients ${clients4.eventsPerSecond}/s`,
  );
  return {
    batchSize: BATCH,
    clients1,
    clients4,
    fourVsOne: round(clients4.eventsPerSecond / clients1.eventsPerSecond, 2),
  };
}

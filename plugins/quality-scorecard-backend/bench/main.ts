/*
 * `yarn bench --only scorecard`: ingest, recompute and read benchmark of the
 * quality scorecard on one database, SQLite or PostgreSQL (bench/run.js runs
 * it once per database for `--db both`). Progress goes to stderr; one JSON
 * object goes to stdout at the end.
 *
 *   main.ts                  2,000 services, 1,000,000 PRs, 26 weeks, SQLite
 *   main.ts --quick          50 services, 5,000 PRs (CI: checks that the bench works)
 *   options: --db sqlite|postgres   the database (default sqlite here)
 *            --pg URL       PostgreSQL server (default $BENCH_POSTGRES_CONNECTION or
 *                           postgresql://postgres@127.0.0.1:5432/postgres); the run
 *                           creates databases `shewhart_bench_<pid>_<time>_*` and drops them
 *            --services N --prs N   another size
 *            --concurrency N --requests N --rollup-requests N   the reads
 *            --concurrency-events N  events per client count of the 1-vs-4-client
 *                           ingest (default 20,000; --quick 4,000)
 *            --memory / --no-memory  start the backend a second time without the
 *                           plugin for the plugin's share of its RSS (default: on at
 *                           full size, off with --quick)
 *            --no-http     skip the backend and the reads
 *            --timeout-minutes N --seed N
 *            --wal  put the plugin's SQLite file in WAL mode first (an experiment:
 *                   Backstage leaves SQLite in its default rollback-journal mode)
 *            --keep         keep the work directory and databases (path and prefix logged)
 *            --reuse DIR    skip the ingest and reuse the history stored by a --keep
 *                           run of the same size, seed and database (for iterating on
 *                           recompute and reads; new events get run-unique ids)
 *
 * Profiling: node --cpu-prof bench/run.js ... (ingest and recompute, in this
 * process); BENCH_BACKEND_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" passes
 * node options to the backend (written when the bench stops it).
 *
 * Exits non-zero on errors only; missed targets are reported, not failed.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import { FULL_SIZE, QUICK_SIZE, SyntheticOrg } from './generate';
import { createScorecardService } from './service';
import { measureSharedRecompute } from './sharedRecompute';
import { BenchBackend, freePort, writeCatalog } from './backend';
import { log, parseArgs } from './args';
import { BenchDatabase, openBenchDatabase } from './databases';
import { BATCH, IngestStats, ingestAll, ingestConcurrency } from './ingest';
import { startAndWaitForCatalog } from './catalogReady';
import { measureReads } from './reads';
import { BackendMemory, WithoutPlugin, measureWithoutPlugin } from './memory';
import { buildReport } from './report';

const WEEK_MS = 7 * 86_400_000;

/** The Monday 00:00 UTC at or before `t` (1970-01-05 was a Monday). */
function mondayBefore(t: number): number {
  const monday = Date.UTC(1970, 0, 5);
  return monday + Math.floor((t - monday) / WEEK_MS) * WEEK_MS;
}
const NEW_EVENTS = 1000;
const TOKEN = 'bench-static-token-0123456789abcdef';

let backend: BenchBackend | undefined;
let db: BenchDatabase | undefined;
let workDir: string | undefined;
let keepWorkDir = false;

function cleanupSync() {
  backend?.killNow();
  db?.cleanupSync();
  if (workDir && !keepWorkDir)
    fs.rmSync(workDir, { recursive: true, force: true });
}

async function main() {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  keepWorkDir = args.keep || !!args.reuse;
  const size = { ...(args.quick ? QUICK_SIZE : FULL_SIZE) };
  if (args.services) size.services = args.services;
  if (args.prs) size.pullRequests = args.prs;
  const timeoutMinutes = args.timeoutMinutes ?? (args.quick ? 10 : 120);
  setTimeout(() => {
    log(`timed out after ${timeoutMinutes} minutes; stopping`);
    cleanupSync();
    process.exit(2);
  }, timeoutMinutes * 60_000).unref();

  workDir = args.reuse
    ? path.resolve(args.reuse)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'shewhart-bench-'));
  log(`work directory ${workDir}`);

  // The history ends on the Monday (00:00 UTC) before the bench starts, and
  // the bench's clock is the real time: the backend, which serves the default
  // window (the 28 days ending now) by its own clock, then serves the window
  // whose scorecards the bench's recompute rendered. A --reuse run keeps the
  // end of the run that generated the history.
  const metaFile = path.join(workDir, 'bench-meta.json');
  const meta: { end: number; pgPrefix?: string } = args.reuse
    ? JSON.parse(fs.readFileSync(metaFile, 'utf8'))
    : { end: mondayBefore(Date.now()) };
  db = await openBenchDatabase(args, workDir, meta);
  if (!args.reuse) fs.writeFileSync(metaFile, JSON.stringify(meta));
  const org = new SyntheticOrg(size, meta.end, args.seed);
  log(
    `${size.services} services, ${org.groups.length} groups, ${size.pullRequests} PRs over ${size.weeks} weeks on ${args.db}`,
  );

  // The store, as the plugin creates it (the plugin's knex client, its migrations).
  const knex = await db.openPlugin();
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const now = Date.now();
  let ingest: IngestStats | undefined;
  if (args.reuse) {
    // The store already holds this history: replay the generator (without
    // writing) so that the new events continue it, and mark everything dirty.
    for (const batch of org.batches(BATCH)) void batch;
    await store.markDirty(
      (
        await store.listEntityRefs()
      ).map(entityRef => ({ entityRef, since: 0 })),
      now,
    );
    log('reusing the stored history; every entity marked for a full recompute');
  } else {
    ingest = await ingestAll(org, store, await db.openRaw(), now);
    await db.dropRaw();
  }

  // --- Recompute --------------------------------------------------------------
  const scorecards = createScorecardService(store, log);
  log('full recompute of every dirty entity...');
  let t = performance.now();
  const fullEntities = await scorecards.recompute.recomputeDirty(() => now);
  const fullS = (performance.now() - t) / 1000;
  log(`full recompute: ${fullEntities} entities in ${fullS.toFixed(2)} s`);
  if (fullEntities !== size.services)
    throw new Error(
      `recomputed ${fullEntities} entities, expected ${size.services}`,
    );

  const newEvents = org.newEvents(NEW_EVENTS, Math.min(200, size.services));
  if (args.reuse) {
    const tag = Date.now().toString(36);
    newEvents.forEach(e => {
      e.id = `${e.id}~${tag}`;
    });
  }
  const touched = new Set(newEvents.map(e => e.entityRef)).size;
  t = performance.now();
  const newResult = await store.writeEvents(
    newEvents.map(e => ({ ...e, resolvedEntityRef: e.entityRef! })),
    { demo: false, now: now + 1 },
  );
  const newIngestS = (performance.now() - t) / 1000;
  if (newResult.accepted !== newEvents.length)
    throw new Error(`new events: ${JSON.stringify(newResult)}`);
  t = performance.now();
  // The bench's clock stays at `now`, the end of the history, whose default
  // window the reads below ask for: a recompute renders the scorecards of
  // the default window at its own clock.
  const incEntities = await scorecards.recompute.recomputeDirty(() => now);
  const incS = (performance.now() - t) / 1000;
  log(
    `incremental recompute after ${
      newEvents.length
    } events on ${touched} services: ${incEntities} entities in ${incS.toFixed(
      3,
    )} s`,
  );
  // The same full recompute by one backend instance, then by two at once.
  // On PostgreSQL only: instances sharing one SQLite file is not a way to
  // run Backstage (a second writer process meets "database is locked").
  const sharedRecompute =
    args.sharedRecompute ?? db.kind === 'postgres'
      ? await measureSharedRecompute(store, db.pluginKnexConfig(), now)
      : undefined;
  const dbBytes = await db.sizeBytes();
  await db.closePlugin();
  const benchPeakMb = process.resourceUsage().maxRSS / 1024;

  // --- Reads over HTTP -----------------------------------------------------------
  let reads: Record<string, unknown> | undefined;
  let backendMemory: BackendMemory | undefined;
  let withoutPlugin: WithoutPlugin | undefined;
  let rssCheckpoints: Record<string, number | undefined> = {};
  let backendMode: string | null = null;
  if (args.http) {
    const catalogFile = path.join(workDir, 'catalog.yaml');
    await writeCatalog(org, catalogFile);
    const port = await freePort();
    // A member of the first team of the first roll-up group reads as a user
    // whose policy lets them read only what their team owns.
    const ownerTeam = org.groups.find(
      g => g.level === 3 && g.members.length > 0,
    )!;
    const withPlugin = new BenchBackend({
      port,
      token: TOKEN,
      database: db.backendDatabase(),
      catalogFile,
      workDir,
      signInUser: `user:default/${ownerTeam.members[0]}`,
    });
    backend = withPlugin;
    backendMode = withPlugin.mode;
    log(`starting the backend on port ${port} (log: ${withPlugin.logFile})`);
    try {
      const serving = await startAndWaitForCatalog(withPlugin, org);
      rssCheckpoints = serving.rss;
      reads = await measureReads(
        withPlugin,
        org,
        args,
        ownerTeam,
        serving.catalogReadyS,
      );
      const memory = withPlugin.memory();
      if (memory) backendMemory = { ...memory, heap: withPlugin.heap() };
    } catch (e) {
      log(`backend log tail:\n${withPlugin.tail()}`);
      throw e;
    } finally {
      await withPlugin.stop();
      backend = undefined;
      log('backend stopped');
    }
    // The same backend without the plugin, for the plugin's share of its memory.
    if (args.memory ?? !args.quick) {
      withoutPlugin = await measureWithoutPlugin({
        db,
        org,
        args,
        workDir,
        token: TOKEN,
        track: b => {
          backend = b;
        },
      });
    }
  }

  // --- One client against four, on the store holding the history ------------------
  const concurrencyStore = await DatabaseQualityStore.create({
    database: { getClient: async () => db!.openPlugin() },
  });
  const concurrency = await ingestConcurrency(
    concurrencyStore,
    args.concurrencyEvents ?? (args.quick ? 4_000 : 20_000),
    org,
    args.seed,
    Date.now(),
  );
  await db.closePlugin();

  const report = buildReport({
    args,
    started,
    size,
    org,
    database: db.info,
    dbBytes,
    ingest,
    concurrency,
    fullS,
    fullEntities,
    sharedRecompute,
    incremental: {
      newEvents: newEvents.length,
      services: touched,
      ingestS: newIngestS,
      seconds: incS,
      entities: incEntities,
    },
    reads,
    backendMode,
    backendMemory,
    rssCheckpoints,
    withoutPlugin,
    benchPeakMb,
  });
  await db.cleanup();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    cleanupSync();
    process.exit(130);
  });
}

main().then(
  () => {
    cleanupSync();
    process.exit(0);
  },
  error => {
    log(`failed: ${error?.stack ?? error}`);
    cleanupSync();
    process.exit(1);
  },
);

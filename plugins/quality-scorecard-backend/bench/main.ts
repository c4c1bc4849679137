/*
 * `yarn bench`: ingest, recompute and read benchmark of the quality scorecard
 * on SQLite. Progress goes to stderr; one JSON object goes to stdout at the end.
 *
 *   yarn bench                 2,000 services, 1,000,000 PRs, 26 weeks
 *   yarn bench --quick         50 services, 5,000 PRs (CI: checks that the bench works)
 *   options: --services N --prs N   another size
 *            --concurrency N --requests N --rollup-requests N   the reads
 *            --no-http     skip the backend and the reads
 *            --timeout-minutes N --seed N
 *            --wal  put the plugin's SQLite file in WAL mode first (an experiment:
 *                   Backstage leaves SQLite in its default rollback-journal mode)
 *            --keep         keep the work directory (its path is logged)
 *            --reuse DIR    skip the ingest and reuse the history stored in DIR by a
 *                           --keep run of the same size and seed (for iterating on
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
import knexFactory, { Knex } from 'knex';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import type { AttributedEvent } from '../src/engine/model';
import { FULL_SIZE, QUICK_SIZE, SyntheticOrg } from './generate';
import { RawInserter, rowsOf } from './rawInsert';
import { createScorecardService } from './service';
import {
  BenchBackend,
  freePort,
  measure,
  percentile,
  writeCatalog,
} from './backend';

const BATCH = 1000;
const WEEK_MS = 7 * 86_400_000;

/** The Monday 00:00 UTC at or before `t` (1970-01-05 was a Monday). */
function mondayBefore(t: number): number {
  const monday = Date.UTC(1970, 0, 5);
  return monday + Math.floor((t - monday) / WEEK_MS) * WEEK_MS;
}
const NEW_EVENTS = 1000;
const TOKEN = 'bench-static-token-0123456789abcdef';

interface Args {
  quick: boolean;
  services?: number;
  prs?: number;
  concurrency: number;
  requests?: number;
  rollupRequests?: number;
  http: boolean;
  keep: boolean;
  timeoutMinutes?: number;
  seed: number;
  wal: boolean;
  reuse?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    concurrency: 4,
    http: true,
    keep: false,
    seed: 20261124,
    wal: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0)
        throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--services') args.services = value();
    else if (a === '--prs') args.prs = value();
    else if (a === '--concurrency') args.concurrency = value();
    else if (a === '--requests') args.requests = value();
    else if (a === '--rollup-requests') args.rollupRequests = value();
    else if (a === '--no-http') args.http = false;
    else if (a === '--keep') args.keep = true;
    else if (a === '--timeout-minutes') args.timeoutMinutes = value();
    else if (a === '--seed') args.seed = value();
    else if (a === '--wal') args.wal = true;
    else if (a === '--reuse') {
      args.reuse = argv[++i];
      if (!args.reuse)
        throw new Error('--reuse needs the work directory of a --keep run');
    } else throw new Error(`Unknown option ${a}`);
  }
  return args;
}

const log = (...parts: unknown[]) =>
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`,
  );
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const round = (v: number, digits = 1) =>
  Number.isFinite(v) ? Number(v.toFixed(digits)) : null;

function modeOf(args: Args) {
  if (args.quick) return 'quick';
  return args.services || args.prs ? 'custom' : 'full';
}

interface IngestStats {
  events: number;
  storeMs: number;
  rawMs: number;
  rawPrepMs: number;
  wallS: number;
}

/** Writes the whole history through the store and, beside it, through raw better-sqlite3. */
async function ingestAll(
  org: SyntheticOrg,
  store: DatabaseQualityStore,
  rawDb: string,
  now: number,
): Promise<IngestStats> {
  // The baseline file gets the same schema.
  const rawKnex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: rawDb },
    useNullAsDefault: true,
  });
  await rawKnex.migrate.latest({
    directory: DatabaseQualityStore.migrationsDirectory(),
  });
  await rawKnex.destroy();
  const raw = new RawInserter(rawDb);

  // --- Ingest ---------------------------------------------------------------
  let storeMs = 0;
  let rawMs = 0;
  let rawPrepMs = 0;
  let events = 0;
  const ingestStarted = performance.now();
  let batches = 0;
  for (const batch of org.batches(BATCH)) {
    const attributed: AttributedEvent[] = batch.map(e => ({
      ...e,
      resolvedEntityRef: e.entityRef!,
    }));
    let t = performance.now();
    const result = await store.writeEvents(attributed, { demo: false, now });
    storeMs += performance.now() - t;
    if (result.duplicates || result.unattributed) {
      throw new Error(`unexpected write result ${JSON.stringify(result)}`);
    }
    t = performance.now();
    const rows = rowsOf(batch, now);
    rawPrepMs += performance.now() - t;
    t = performance.now();
    raw.insert(rows);
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
  const rawCount = raw.count();
  raw.close();
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
  fs.rmSync(rawDb, { force: true });
  return { events, storeMs, rawMs, rawPrepMs, wallS: ingestWallS };
}

function ingestReport(i: IngestStats) {
  const storeRate = i.events / (i.storeMs / 1000);
  const rawRate = i.events / (i.rawMs / 1000);
  return {
    batchSize: BATCH,
    store: {
      seconds: round(i.storeMs / 1000, 2),
      eventsPerSecond: Math.round(storeRate),
    },
    rawBetterSqlite3: {
      seconds: round(i.rawMs / 1000, 2),
      eventsPerSecond: Math.round(rawRate),
      rowMappingSeconds: round(i.rawPrepMs / 1000, 2),
    },
    storeVsRaw: round(storeRate / rawRate, 3),
    wallSecondsIncludingGeneration: round(i.wallS, 1),
  };
}

let backend: BenchBackend | undefined;
let workDir: string | undefined;
let keepWorkDir = false;

function cleanupSync() {
  backend?.killNow();
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
  const sqliteDir = path.join(workDir, 'sqlite');
  if (!args.reuse) fs.mkdirSync(sqliteDir);
  // Backstage's SQLite directory mode: one `<pluginId>.sqlite` per plugin.
  const pluginDb = path.join(sqliteDir, 'quality-scorecard.sqlite');
  const rawDb = path.join(workDir, 'raw-baseline.sqlite');
  if (args.reuse && !fs.existsSync(pluginDb)) {
    throw new Error(`--reuse: no ${pluginDb}`);
  }
  log(`work directory ${workDir}`);

  // The history ends on the Monday (00:00 UTC) before the bench starts, and
  // the bench's clock is the real time: the backend, which serves the default
  // window (the 28 days ending now) by its own clock, then serves the window
  // whose scorecards the bench's recompute rendered. A --reuse run keeps the
  // end of the run that generated the history.
  const metaFile = path.join(workDir, 'bench-meta.json');
  const end = args.reuse
    ? (JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { end: number }).end
    : mondayBefore(Date.now());
  if (!args.reuse) fs.writeFileSync(metaFile, JSON.stringify({ end }));
  const org = new SyntheticOrg(size, end, args.seed);
  log(
    `${size.services} services, ${org.groups.length} groups, ${size.pullRequests} PRs over ${size.weeks} weeks`,
  );

  // The store, as the plugin creates it (knex on better-sqlite3, plugin migrations).
  const knex: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: pluginDb },
    useNullAsDefault: true,
  });
  if (args.wal) await knex.raw('PRAGMA journal_mode = WAL'); // persists in the file
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
    ingest = await ingestAll(org, store, rawDb, now);
  }
  const counts = { ...org.counts };
  const events = Object.values(counts).reduce((a, b) => a + b, 0);

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
  const dbBytes = fs.statSync(pluginDb).size;
  await knex.destroy();
  const benchPeakMb = process.resourceUsage().maxRSS / 1024;

  // --- Reads over HTTP -----------------------------------------------------------
  let reads: Record<string, unknown> | undefined;
  let backendMemory: { peakMb: number; currentMb: number } | undefined;
  const rssCheckpoints: Record<string, number | undefined> = {};
  if (args.http) {
    const catalogFile = path.join(workDir, 'catalog.yaml');
    await writeCatalog(org, catalogFile);
    const port = await freePort();
    // A member of the first team of the first roll-up group reads as a user
    // whose policy lets them read only what their team owns.
    const ownerTeam = org.groups.find(
      g => g.level === 3 && g.members.length > 0,
    )!;
    backend = new BenchBackend({
      port,
      token: TOKEN,
      sqliteDirectory: sqliteDir,
      catalogFile,
      workDir,
      signInUser: `user:default/${ownerTeam.members[0]}`,
    });
    log(`starting the backend on port ${port} (log: ${backend.logFile})`);
    const bootStarted = Date.now();
    backend.start();
    try {
      await backend.waitUntil(
        'the backend',
        async () =>
          (
            await backend!.fetch('/api/quality-scorecard/health')
          ).ok
            ? true
            : undefined,
        300_000,
        1000,
      );
      log(
        `backend up after ${((Date.now() - bootStarted) / 1000).toFixed(
          1,
        )} s (pid ${backend.pid}); waiting for the catalog`,
      );
      rssCheckpoints.up = backend.memory()?.currentMb;
      const count = async (kind: string) =>
        (
          await backend!.json(
            `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1&fields=metadata.name`,
          )
        ).totalItems as number;
      const users = org.groups.reduce((a, g) => a + g.members.length, 0);
      await backend.waitUntil(
        'the catalog to hold every entity',
        async () => {
          const [c, g, u] = await Promise.all([
            count('component'),
            count('group'),
            count('user'),
          ]);
          log(
            `catalog: ${c}/${size.services} components, ${g}/${
              org.groups.length
            } groups, ${u}/${users} users; backend rss ${Math.round(
              backend!.memory()?.currentMb ?? NaN,
            )} MB`,
          );
          return c >= size.services && g >= org.groups.length && u >= users
            ? true
            : undefined;
        },
        900_000,
        5000,
      );
      // The roll-up group and the services it owns through its teams, as the catalog relates them.
      const rollupGroups = org.groups.filter(g => g.level === 2);
      const expected = new Map(
        rollupGroups.map(g => [g.name, org.ownedServices(g.name).length]),
      );
      await backend.waitUntil(
        'the catalog relations of the roll-up groups',
        async () => {
          const groups = await backend!.json(
            `/api/catalog/entities/by-query?filter=kind=group&limit=1000&fields=metadata.name,relations`,
          );
          const children = new Map<string, string[]>();
          for (const g of groups.items) {
            children.set(
              g.metadata.name,
              (g.relations ?? [])
                .filter((r: any) => r.type === 'parentOf')
                .map((r: any) => r.targetRef.split('/')[1]),
            );
          }
          for (const g of rollupGroups) {
            if ((children.get(g.name) ?? []).length !== g.children.length)
              return undefined;
          }
          const owned = new Map<string, number>();
          let cursor: string | undefined;
          do {
            const page: any = await backend!.json(
              `/api/catalog/entities/by-query?${
                cursor
                  ? `cursor=${encodeURIComponent(cursor)}`
                  : 'filter=kind=component'
              }&limit=1000&fields=metadata.name,relations`,
            );
            for (const e of page.items) {
              for (const r of e.relations ?? []) {
                if (r.type === 'ownedBy')
                  owned.set(r.targetRef, (owned.get(r.targetRef) ?? 0) + 1);
              }
            }
            cursor = page.pageInfo?.nextCursor;
          } while (cursor);
          for (const g of rollupGroups) {
            const n = (children.get(g.name) ?? []).reduce(
              (a, team) => a + (owned.get(`group:default/${team}`) ?? 0),
              0,
            );
            if (n !== expected.get(g.name)) return undefined;
          }
          return true;
        },
        600_000,
        5000,
      );
      const catalogReadyS = (Date.now() - bootStarted) / 1000;
      log(`catalog ready after ${catalogReadyS.toFixed(1)} s`);
      rssCheckpoints.catalogReady = backend.memory()?.currentMb;
      rssCheckpoints.peakBeforeReads = backend.memory()?.peakMb;

      // The reads ask for the default window (the 28 days ending now, by the
      // backend's clock), as the Quality tab and the team scorecard do.
      const names = org.services.map(s => s.name);
      const pick = (i: number) => names[(i * 7919) % names.length];
      const requests = args.requests ?? (args.quick ? 100 : 600);
      const rounds = args.quick ? 2 : 5;
      const perRound = Math.ceil(requests / rounds);
      // A 200-service roll-up is much slower than the other reads.
      const rollupRequests =
        args.rollupRequests ?? Math.min(requests, args.quick ? 100 : 200);
      const rollupPerRound = Math.min(
        perRound,
        Math.ceil(rollupRequests / rounds),
      );
      const entityPath = (i: number) =>
        `/api/quality-scorecard/scorecards/entity/component/default/${pick(
          i,
        )}`;
      const catalogPath = (i: number) =>
        `/api/catalog/entities/by-name/component/default/${pick(i)}`;
      const rollupPath = (i: number) =>
        `/api/quality-scorecard/scorecards/owner/group/default/${
          rollupGroups[i % rollupGroups.length].name
        }`;

      // Sanity of the answers, once per kind.
      const sampleEntity = await backend.json(entityPath(0));
      const metric = (card: any, id: string) =>
        card.metrics.find((m: any) => m.id === id);
      for (const id of [
        'deployment_frequency',
        'lead_time_for_changes',
        'pr_cycle_time',
        'review_coverage',
      ]) {
        if (
          metric(sampleEntity, id)?.value === null ||
          metric(sampleEntity, id) === undefined
        ) {
          throw new Error(
            `entity scorecard of ${pick(0)} has no value for ${id}`,
          );
        }
      }
      // The roll-up of the owner team's department, read by a member of the
      // team under owners-only reads: one conditional decision applied to
      // every service of the department, the team's services kept.
      const ownerDepartment = ownerTeam.parent!;
      const ownerPath = `/api/quality-scorecard/scorecards/owner/group/default/${ownerDepartment}`;
      const userToken = await backend.userToken();
      const ownerScoped = await (
        await backend.fetch(ownerPath, userToken)
      ).json();
      const ownerScopedServices = (ownerScoped.entities ?? []).filter(
        (ref: string) => ref.startsWith('component:'),
      ).length;
      if (ownerScopedServices !== org.ownedServices(ownerTeam.name).length) {
        throw new Error(
          `the owner-scoped roll-up of ${ownerDepartment} has ${ownerScopedServices} services, not the ${
            org.ownedServices(ownerTeam.name).length
          } of ${ownerTeam.name}`,
        );
      }
      const sampleRollup = await backend.json(rollupPath(0));
      // Besides its services, a group owns its teams' systems (no events of their own).
      const rolledUpServices = (sampleRollup.entities ?? []).filter(
        (ref: string) => ref.startsWith('component:'),
      ).length;
      if (rolledUpServices !== expected.get(rollupGroups[0].name)) {
        throw new Error(
          `roll-up of ${
            rollupGroups[0].name
          } covers ${rolledUpServices} services, expected ${expected.get(
            rollupGroups[0].name,
          )}`,
        );
      }

      log(
        `warming up, then ${rounds} rounds of ${perRound} entity and catalog reads and ${rollupPerRound} roll-ups at concurrency ${args.concurrency}`,
      );
      // Other entities than the measured ones (pick is a bijection of 0..1999).
      const warm = Array.from({ length: 30 }, (_, i) => i + 1000);
      await measure(backend, warm.map(entityPath), args.concurrency);
      await measure(backend, warm.map(catalogPath), args.concurrency);
      await measure(
        backend,
        warm.slice(0, 10).map(rollupPath),
        args.concurrency,
      );
      const lat = {
        entity: [] as number[],
        catalog: [] as number[],
        entityHeaders: [] as number[],
        catalogHeaders: [] as number[],
        rollup: [] as number[],
        scoped: [] as number[],
      };
      // A round that overlaps a background job of the backend (the daily
      // full recompute starts 10 minutes after start) is measured again.
      let repeatedRounds = 0;
      let waitedS = 0;
      const running = backend;
      for (let r = 0; r < rounds; r++) {
        const waitStart = Date.now();
        await backend.waitUntil(
          'background jobs of the backend to finish',
          async () => {
            const jobs = running.backgroundJobs().running;
            if (jobs.length === 0) return true;
            log(`waiting for ${jobs.join(', ')} before measuring`);
            return undefined;
          },
          1_800_000,
          10_000,
        );
        waitedS += (Date.now() - waitStart) / 1000;
        const jobsBefore = backend.backgroundJobs().started;
        const ids = Array.from(
          { length: perRound },
          (_, i) => r * perRound + i,
        );
        // Entity and catalog reads interleaved, so that both meet the same
        // garbage collections and background work of the backend.
        const toHeaders: number[] = [];
        const mixed = await measure(
          backend,
          ids.flatMap(i => [entityPath(i), catalogPath(i)]),
          args.concurrency,
          undefined,
          toHeaders,
        );
        const entity = mixed.filter((_, i) => i % 2 === 0);
        const catalog = mixed.filter((_, i) => i % 2 === 1);
        const rollup = await measure(
          backend,
          ids.slice(0, rollupPerRound).map(rollupPath),
          args.concurrency,
        );
        const scoped = await measure(
          backend,
          ids.slice(0, rollupPerRound).map(() => ownerPath),
          args.concurrency,
          undefined,
          undefined,
          userToken,
        );
        if (backend.backgroundJobs().started !== jobsBefore) {
          if (repeatedRounds >= 3) {
            throw new Error('background jobs kept overlapping the reads');
          }
          log(`round ${r + 1} overlapped a background job; measuring it again`);
          repeatedRounds += 1;
          r -= 1;
          continue;
        }
        lat.entity.push(...entity);
        lat.catalog.push(...catalog);
        lat.entityHeaders.push(...toHeaders.filter((_, i) => i % 2 === 0));
        lat.catalogHeaders.push(...toHeaders.filter((_, i) => i % 2 === 1));
        lat.rollup.push(...rollup);
        lat.scoped.push(...scoped);
        log(
          `round ${r + 1}/${rounds}: p95 entity ${percentile(
            lat.entity,
            95,
          ).toFixed(1)} ms, catalog ${percentile(lat.catalog, 95).toFixed(
            1,
          )} ms, roll-up ${percentile(lat.rollup, 95).toFixed(1)} ms`,
        );
      }
      const summary = (values: number[]) => ({
        requests: values.length,
        p50Ms: round(percentile(values, 50), 2),
        p95Ms: round(percentile(values, 95), 2),
        maxMs: round(Math.max(...values), 2),
      });
      reads = {
        concurrency: args.concurrency,
        repeatedRounds,
        waitedForBackgroundJobsSeconds: round(waitedS),
        // The weeks of the default window, as the backend answered.
        window: sampleEntity.window,
        backendStartSeconds: round(catalogReadyS),
        // Until the whole body is received and decoded (the entity
        // scorecard is some 60 kB of JSON, 7 kB gzip; the catalog entity 2 kB).
        entityScorecard: summary(lat.entity),
        catalogByName: summary(lat.catalog),
        // Until the response headers arrived: the backend's own latency.
        toResponseHeaders: {
          entityScorecard: summary(lat.entityHeaders),
          catalogByName: summary(lat.catalogHeaders),
        },
        ownerRollup: {
          ...summary(lat.rollup),
          groups: rollupGroups.length,
          servicesPerGroup: expected.get(rollupGroups[0].name),
        },
        // The same roll-up read by a team member under owners-only reads
        // (permission.shewhartExample.ownersOnlyReads): the permission
        // decision, its conditions applied to every service of the group.
        ownerRollupOwnerScoped: {
          ...summary(lat.scoped),
          group: ownerDepartment,
          servicesInGroup: expected.get(ownerDepartment),
          servicesVisible: ownerScopedServices,
        },
      };
      backendMemory = backend.memory();
    } catch (e) {
      log(`backend log tail:\n${backend.tail()}`);
      throw e;
    } finally {
      await backend.stop();
      log('backend stopped');
    }
  }

  // --- Report -------------------------------------------------------------------
  const targets: Array<{
    name: string;
    target: string;
    value: number | null;
    met: boolean | null;
  }> = [
    {
      name: 'full recompute',
      target: '< 20 s',
      value: round(fullS, 2),
      met: fullS < 20,
    },
    {
      name: 'incremental recompute after 1,000 events',
      target: '< 1 s',
      value: round(incS, 3),
      met: incS < 1,
    },
  ];
  if (reads) {
    const r = reads as any;
    targets.push(
      {
        name: 'entity read p95 vs catalog read p95 (whole body received and decoded)',
        target: `<= catalog p95 (${r.catalogByName.p95Ms} ms)`,
        value: r.entityScorecard.p95Ms,
        met: r.entityScorecard.p95Ms <= r.catalogByName.p95Ms,
      },
      {
        name: 'entity read p95 vs catalog read p95 (until the response headers)',
        target: `<= catalog p95 (${r.toResponseHeaders.catalogByName.p95Ms} ms)`,
        value: r.toResponseHeaders.entityScorecard.p95Ms,
        met:
          r.toResponseHeaders.entityScorecard.p95Ms <=
          r.toResponseHeaders.catalogByName.p95Ms,
      },
      {
        name: 'owner roll-up p95',
        target: '< 50 ms',
        value: r.ownerRollup.p95Ms,
        met: r.ownerRollup.p95Ms < 50,
      },
      {
        name: 'owner roll-up p95, owner-scoped reads (a user, conditional permission)',
        target: '< 50 ms',
        value: r.ownerRollupOwnerScoped.p95Ms,
        met: r.ownerRollupOwnerScoped.p95Ms < 50,
      },
    );
  }
  if (backendMemory) {
    targets.push({
      name: 'backend peak RSS (MB)',
      target: '< 600',
      value: round(backendMemory.peakMb, 0),
      met: backendMemory.peakMb < 600,
    });
  }
  targets.push({
    name: 'bench process peak RSS while ingesting and recomputing (MB)',
    target: '< 600',
    value: round(benchPeakMb, 0),
    met: benchPeakMb < 600,
  });

  const report = {
    benchmark: 'quality-scorecard',
    mode: modeOf(args),
    sqliteJournalMode: args.wal ? 'wal' : 'delete (default)',
    node: process.version,
    cpus: os.cpus().length,
    size: {
      services: size.services,
      groups: org.groups.length,
      weeks: size.weeks,
      historyEnd: new Date(org.end).toISOString(),
      events: { ...counts, total: events },
      pluginDatabaseMb: mb(dbBytes),
    },
    ingest: ingest ? ingestReport(ingest) : null,
    recompute: {
      full: { seconds: round(fullS, 2), entities: fullEntities },
      incremental: {
        newEvents: newEvents.length,
        services: touched,
        ingestSeconds: round(newIngestS, 3),
        seconds: round(incS, 3),
        entities: incEntities,
      },
    },
    reads: reads ?? null,
    rss: {
      backendMode: backend?.mode ?? null,
      backendPeakMb: backendMemory ? round(backendMemory.peakMb, 0) : null,
      backendAtEndMb: backendMemory ? round(backendMemory.currentMb, 0) : null,
      backendAfterStartMb:
        rssCheckpoints.up !== undefined ? round(rssCheckpoints.up, 0) : null,
      backendWhenCatalogReadyMb:
        rssCheckpoints.catalogReady !== undefined
          ? round(rssCheckpoints.catalogReady, 0)
          : null,
      backendPeakBeforeReadsMb:
        rssCheckpoints.peakBeforeReads !== undefined
          ? round(rssCheckpoints.peakBeforeReads, 0)
          : null,
      benchProcessPeakMb: round(benchPeakMb, 0),
    },
    targets,
    allTargetsMet: targets.every(x => x.met),
    durationSeconds: round((Date.now() - started) / 1000),
  };
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

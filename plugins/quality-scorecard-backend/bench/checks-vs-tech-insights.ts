/*
 * Side by side: serving check results from the quality scorecard (evaluated
 * when snapshots change, stored, read in bulk) and from the community
 * tech-insights backend (its json-rules-engine checks evaluated on each
 * request over facts from its built-in retrievers), in one real backend
 * process (packages/backend) for the same catalog.
 *
 *   node bench/checks-vs-tech-insights.js            2,000 services, 20 checks vs 9
 *   node bench/checks-vs-tech-insights.js --quick    100 services (CI)
 *   options: --services N --rounds N --keep --timeout-minutes N
 *
 * Progress goes to stderr; one JSON object goes to stdout at the end.
 * Exits non-zero on errors only; a missed target is reported, not failed.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import { DatabaseChecksStore } from '../src/checks/ChecksStore';
import { ChecksService } from '../src/checks/ChecksService';
import type { OwnershipService } from '../src/scorecards/OwnershipService';
import { readChecksConfig } from '../src/config/checks';
import { MAX_BULK_ENTITIES } from '../src/facts/factsRoutes';
import { FULL_SIZE, SyntheticOrg } from './generate';
import { createScorecardService } from './service';
import { BenchBackend, freePort, measure, percentile, writeCatalog } from './backend';

const TOKEN = 'bench-static-token-0123456789abcdef';
const TECH_INSIGHTS_TARGET = 20;

/** Our 20 checks: every one applies to every service. */
const CHECKS = {
  windowDays: 28,
  definitions: [
    { id: 'deploys-weekly', metric: 'deployment_frequency', band: 'high' },
    { id: 'deploys-daily', metric: 'deployment_frequency', band: 'elite' },
    { id: 'cfr-15', metric: 'change_failure_rate', operator: '<=', threshold: 0.15, minSampleSize: 5 },
    { id: 'cfr-10', metric: 'change_failure_rate', operator: '<=', threshold: 0.1, minSampleSize: 5 },
    { id: 'cfr-5', metric: 'change_failure_rate', operator: '<=', threshold: 0.05, minSampleSize: 5 },
    { id: 'lead-time-week', metric: 'lead_time_for_changes', band: 'high', minSampleSize: 5 },
    { id: 'lead-time-day', metric: 'lead_time_for_changes', band: 'elite', minSampleSize: 5 },
    { id: 'restore-day', metric: 'time_to_restore', band: 'high', minSampleSize: 1 },
    { id: 'recovery-hour', metric: 'failed_deployment_recovery_time', band: 'elite', minSampleSize: 1 },
    { id: 'review-90', metric: 'review_coverage', operator: '>=', threshold: 0.9, minSampleSize: 5 },
    { id: 'review-75', metric: 'review_coverage', operator: '>=', threshold: 0.75, minSampleSize: 5 },
    { id: 'ai-policy-95', metric: 'ai_policy_compliance', operator: '>=', threshold: 0.95, minSampleSize: 3 },
    { id: 'ai-policy-80', metric: 'ai_policy_compliance', operator: '>=', threshold: 0.8, minSampleSize: 3 },
    { id: 'incidents-per-pr', metric: 'incidents_per_pr', operator: '<=', threshold: 0.1, minSampleSize: 5 },
    { id: 'revert-rate', metric: 'revert_rate', operator: '<=', threshold: 0.05, minSampleSize: 5 },
    { id: 'merge-rate', metric: 'pr_merge_rate', operator: '>=', threshold: 0.8, minSampleSize: 5 },
    { id: 'cycle-time', metric: 'pr_cycle_time', operator: '<=', threshold: 172_800, minSampleSize: 5 },
    { id: 'bugs-per-developer', metric: 'bugs_per_developer', operator: '<=', threshold: 1, minSampleSize: 1 },
    { id: 'three-sigma', metric: 'sigma_level', operator: '>=', threshold: 3, minSampleSize: 10 },
    { id: 'dpmo', metric: 'dpmo', operator: '<=', threshold: 100_000, minSampleSize: 10 },
  ],
  levels: [
    { id: 'bronze', checks: ['deploys-weekly', 'cfr-15', 'review-75'] },
    { id: 'silver', checks: ['review-90', 'ai-policy-80', 'incidents-per-pr', 'lead-time-week', 'restore-day'] },
    { id: 'gold', checks: ['cfr-5', 'lead-time-day', 'ai-policy-95', 'three-sigma'] },
  ],
};

/** Nine json-rules-engine checks over the facts of tech-insights' built-in retrievers. */
const TI_RETRIEVERS = ['entityMetadataFactRetriever', 'entityOwnershipFactRetriever', 'techdocsFactRetriever'];
const fact = (name: string) => ({ fact: name, operator: 'equal', value: true });
const tiCheck = (name: string, factIds: string[], conditions: object) => ({
  type: 'json-rules-engine',
  name,
  description: name,
  factIds,
  rule: { conditions },
});
const [META, OWNER, DOCS] = TI_RETRIEVERS;
const TI_CHECKS: Record<string, ReturnType<typeof tiCheck>> = {
  'has-title': tiCheck('Has a title', [META], { all: [fact('hasTitle')] }),
  'has-description': tiCheck('Has a description', [META], { all: [fact('hasDescription')] }),
  'has-tags': tiCheck('Has tags', [META], { all: [fact('hasTags')] }),
  'has-owner': tiCheck('Has an owner', [OWNER], { all: [fact('hasOwner')] }),
  'has-group-owner': tiCheck('Is owned by a group', [OWNER], { all: [fact('hasGroupOwner')] }),
  'has-techdocs': tiCheck('Has TechDocs', [DOCS], { all: [fact('hasAnnotationBackstageIoTechdocsRef')] }),
  'metadata-complete': tiCheck('Title and description', [META], { all: [fact('hasTitle'), fact('hasDescription')] }),
  'owned-and-documented': tiCheck('Group-owned and documented', [OWNER, DOCS], {
    all: [fact('hasGroupOwner'), fact('hasAnnotationBackstageIoTechdocsRef')],
  }),
  discoverable: tiCheck('Tagged or titled', [META], { any: [fact('hasTags'), fact('hasTitle')] }),
};
const TI_CHECK_IDS = Object.keys(TI_CHECKS);

interface Args {
  quick: boolean;
  services?: number;
  rounds?: number;
  keep: boolean;
  timeoutMinutes?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--services') args.services = value();
    else if (a === '--rounds') args.rounds = value();
    else if (a === '--keep') args.keep = true;
    else if (a === '--timeout-minutes') args.timeoutMinutes = value();
    else throw new Error(`Unknown option ${a}`);
  }
  return args;
}

const log = (...parts: unknown[]) =>
  process.stderr.write(`[bench:checks ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
const round = (v: number, digits = 1) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);
const median = (xs: number[]) => percentile(xs, 50);

const quietLogger: LoggerService = {
  error: m => log('error:', m),
  warn: m => log('warn:', m),
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

let backend: BenchBackend | undefined;
let workDir: string | undefined;
let keepWorkDir = false;

function cleanupSync() {
  backend?.killNow();
  if (workDir && !keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
}

async function post<T>(pathname: string, body: unknown): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(`${backend!.baseUrl}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`POST ${pathname}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as T };
}

async function main() {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  keepWorkDir = args.keep;
  const services = args.services ?? (args.quick ? 100 : 2000);
  const rounds = args.rounds ?? (args.quick ? 3 : 5);
  const timeoutMinutes = args.timeoutMinutes ?? (args.quick ? 10 : 40);
  setTimeout(() => {
    log(`timed out after ${timeoutMinutes} minutes; stopping`);
    cleanupSync();
    process.exit(2);
  }, timeoutMinutes * 60_000).unref();

  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shewhart-bench-checks-'));
  const sqliteDir = path.join(workDir, 'sqlite');
  fs.mkdirSync(sqliteDir);
  log(`work directory ${workDir}`);

  // --- Our side: events, snapshots and check results, as the plugin stores them.
  const size = { ...FULL_SIZE, services, pullRequests: services * 15, weeks: 8 };
  const org = new SyntheticOrg(size);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(sqliteDir, 'quality-scorecard.sqlite') },
    useNullAsDefault: true,
  });
  const store = await DatabaseQualityStore.create({ database: { getClient: async () => knex } });
  for (const batch of org.batches(1000)) {
    await store.writeEvents(
      batch.map(e => ({ ...e, resolvedEntityRef: e.entityRef! })),
      { demo: false, now: org.end },
    );
  }
  log(`ingested ${Object.values(org.counts).reduce((a, b) => a + b, 0)} events of ${services} services`);
  const scorecards = createScorecardService(store, log);
  // No check has a catalog filter, so evaluation never reads the catalog.
  const noCatalog = {
    load: async () => {
      throw new Error('the bench evaluates no catalog filters');
    },
  } as unknown as OwnershipService;
  const checksConfig = readChecksConfig(new ConfigReader({ qualityScorecard: { checks: CHECKS } }));
  const checks = new ChecksService(new DatabaseChecksStore(knex), scorecards.reader, noCatalog, checksConfig, quietLogger);
  scorecards.recompute.onRecomputed(async ({ entityRef, now }) => {
    await checks.evaluateEntity(entityRef, now);
  });
  let t = performance.now();
  const recomputed = await scorecards.recompute.recomputeDirty(() => org.end);
  const evaluateS = (performance.now() - t) / 1000;
  log(`recomputed and evaluated ${checksConfig.checks.length} checks of ${recomputed} services in ${evaluateS.toFixed(1)} s`);
  await knex.destroy();

  // --- One real backend with both plugins, for the same catalog.
  const catalogFile = path.join(workDir, 'catalog.yaml');
  await writeCatalog(org, catalogFile);
  const port = await freePort();
  // Environment config (highest priority, arrays replaced): our checks, and
  // tech-insights' built-in retrievers every minute with nine checks. Our own
  // retriever is pushed out of the way so that it does not run during the measurement.
  process.env.APP_CONFIG_qualityScorecard_checks = JSON.stringify(CHECKS);
  process.env.APP_CONFIG_techInsights = JSON.stringify({
    factRetrievers: {
      ...Object.fromEntries(TI_RETRIEVERS.map(id => [id, { cadence: '* * * * *', initialDelay: { seconds: 5 } }])),
      qualityScorecardFactRetriever: { cadence: '0 0 1 1 *', initialDelay: { hours: 24 } },
    },
    factChecker: { checks: TI_CHECKS },
  });
  backend = new BenchBackend({ port, token: TOKEN, sqliteDirectory: sqliteDir, catalogFile, workDir });
  log(`starting the backend on port ${port} (log: ${backend.logFile})`);
  const bootStarted = Date.now();
  backend.start();
  const refs = org.services.map(s => `component:default/${s.name}`);
  const chunks = Array.from({ length: Math.ceil(refs.length / MAX_BULK_ENTITIES) }, (_, i) =>
    refs.slice(i * MAX_BULK_ENTITIES, (i + 1) * MAX_BULK_ENTITIES),
  );
  try {
    await backend.waitUntil(
      'the backend',
      async () => ((await backend!.fetch('/api/quality-scorecard/health')).ok ? true : undefined),
      600_000,
      1000,
    );
    log(`backend up after ${((Date.now() - bootStarted) / 1000).toFixed(1)} s; waiting for the catalog`);
    await backend.waitUntil(
      'the catalog to hold every service',
      async () => {
        const { totalItems } = await backend!.json(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1&fields=metadata.name',
        );
        log(`catalog: ${totalItems}/${services} components`);
        return totalItems >= services ? true : undefined;
      },
      900_000,
      5000,
    );
    const catalogReadyAt = Date.now();

    // Tech-insights evaluates a check only where its facts exist: wait until
    // a run of the retrievers after the catalog was complete stored them all.
    const runTheirs = () =>
      post<Array<{ entity: string; results: Array<{ check: { id: string }; result: boolean }> }>>(
        '/api/tech-insights/checks/run',
        { entities: refs, checks: TI_CHECK_IDS },
      );
    const evaluatedTheirs = (body: Awaited<ReturnType<typeof runTheirs>>['body']) =>
      body.reduce((a, e) => a + e.results.length, 0);
    await backend.waitUntil(
      'tech-insights facts of every service',
      async () => {
        if (Date.now() - catalogReadyAt < 5000) return undefined;
        const { body } = await runTheirs();
        const n = evaluatedTheirs(body);
        log(`tech-insights: ${n}/${refs.length * TI_CHECK_IDS.length} check results`);
        return n === refs.length * TI_CHECK_IDS.length ? true : undefined;
      },
      600_000,
      10_000,
    );
    const readyS = (Date.now() - bootStarted) / 1000;

    // Sanity of our answers: every service has all 20 results.
    const runOurs = async () => {
      let ms = 0;
      let results = 0;
      for (const entityRefs of chunks) {
        const res = await post<{ items: Array<{ results: unknown[] }> }>('/api/quality-scorecard/checks/by-refs', { entityRefs });
        ms += res.ms;
        results += res.body.items.reduce((a, i) => a + i.results.length, 0);
      }
      return { ms, results };
    };
    const ourFirst = await runOurs();
    if (ourFirst.results !== refs.length * CHECKS.definitions.length) {
      throw new Error(`our bulk read answered ${ourFirst.results} results, expected ${refs.length * CHECKS.definitions.length}`);
    }

    // Alternating rounds, so that both sides share the machine's state.
    const ours: number[] = [];
    const theirs: number[] = [];
    const factsMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const o = await runOurs();
      ours.push(o.ms);
      const th = await runTheirs();
      if (evaluatedTheirs(th.body) !== refs.length * TI_CHECK_IDS.length) throw new Error('tech-insights answered fewer results');
      theirs.push(th.ms);
      let f = 0;
      for (const entityRefs of chunks) f += (await post('/api/quality-scorecard/facts/by-refs', { entityRefs })).ms;
      factsMs.push(f);
      log(`round ${r + 1}/${rounds}: ours ${o.ms.toFixed(0)} ms, tech-insights ${th.ms.toFixed(0)} ms, facts ${f.toFixed(0)} ms`);
    }
    // Per entity, as the Quality tab reads it (with history), 4 at a time.
    t = performance.now();
    const perEntity = await measure(
      backend,
      refs.map(ref => `/api/quality-scorecard/checks/entity/${ref.replace(':', '/')}`),
      4,
    );
    const perEntityWallMs = performance.now() - t;

    const ourEvaluations = refs.length * CHECKS.definitions.length;
    const theirEvaluations = refs.length * TI_CHECK_IDS.length;
    const ourUs = (median(ours) * 1000) / ourEvaluations;
    const theirUs = (median(theirs) * 1000) / theirEvaluations;
    const ratio = theirUs / ourUs;
    const report = {
      benchmark: 'checks-vs-tech-insights',
      mode: args.quick ? 'quick' : 'full',
      node: process.version,
      cpus: os.cpus().length,
      services,
      rounds,
      backendReadySeconds: round(readyS),
      qualityScorecard: {
        checks: CHECKS.definitions.length,
        evaluationsPerRead: ourEvaluations,
        evaluatedWhenSnapshotsChange: { services: recomputed, seconds: round(evaluateS, 1) },
        bulkRead: {
          endpoint: 'POST /api/quality-scorecard/checks/by-refs',
          requestsPerRead: chunks.length,
          medianMs: round(median(ours), 1),
          allMs: ours.map(ms => round(ms, 1)),
          microsecondsPerEvaluation: round(ourUs, 2),
        },
        factsBulkRead: {
          endpoint: 'POST /api/quality-scorecard/facts/by-refs (what the tech-insights module reads)',
          medianMs: round(median(factsMs), 1),
        },
        perEntityRead: {
          endpoint: 'GET /api/quality-scorecard/checks/entity/{ref} (with history), concurrency 4',
          requests: perEntity.length,
          wallMs: round(perEntityWallMs, 0),
          p50Ms: round(percentile(perEntity, 50), 2),
          p95Ms: round(percentile(perEntity, 95), 2),
          microsecondsPerEvaluation: round((perEntityWallMs * 1000) / ourEvaluations, 2),
        },
      },
      techInsights: {
        version: require('@backstage-community/plugin-tech-insights-backend/package.json').version,
        checks: TI_CHECK_IDS.length,
        factRetrievers: TI_RETRIEVERS,
        evaluationsPerRead: theirEvaluations,
        bulkRun: {
          endpoint: 'POST /api/tech-insights/checks/run',
          medianMs: round(median(theirs), 1),
          allMs: theirs.map(ms => round(ms, 1)),
          microsecondsPerEvaluation: round(theirUs, 2),
        },
      },
      perEvaluationRatio: round(ratio, 1),
      target: `ours at least ${TECH_INSIGHTS_TARGET}x cheaper per evaluation`,
      targetMet: ratio >= TECH_INSIGHTS_TARGET,
      backendPeakRssMb: round(backend.memory()?.peakMb ?? NaN, 0),
      durationSeconds: round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } catch (e) {
    log(`backend log tail:\n${backend.tail()}`);
    throw e;
  } finally {
    await backend.stop();
    log('backend stopped');
  }
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

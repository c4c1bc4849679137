/*
 * Ingestion throughput: batches of 1,000 events through POST /events of a
 * real backend (packages/backend), on an SQLite file and on PostgreSQL, with
 * one client and with four at once. Every batch must be answered 200 with
 * all of its events accepted; the figure is events per second of wall time
 * from the first request to the last answer.
 *
 *   node test/reliability/throughput.js [--quick] [--db sqlite|pg|both]
 *        [--batches N] [--batch B]
 *
 * Prints a JSON summary; exits non-zero when a batch is not fully accepted.
 */
const crypto = require('crypto');
const lib = require('./lib');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
const BATCHES = Number(option('batches', quick ? 10 : 50));
const BATCH = Number(option('batch', 1000));
const which = option('db', 'both');
const runId = `${Date.now().toString(36)}${process.pid}`;

const TYPES = ['pull_request', 'deployment', 'incident', 'bug'];
const T0 = Date.parse('2026-06-01T00:00:00Z');
const sha = text => crypto.createHash('sha1').update(`${runId}:${text}`).digest('hex');

/** A realistic mix: a quarter each of PRs (with commits and a review), deployments, incidents and bugs. */
function event(seq) {
  const type = TYPES[seq % 4];
  const at = new Date(T0 + seq * 60_000).toISOString();
  const later = new Date(T0 + seq * 60_000 + 3_600_000).toISOString();
  const common = { type, id: `tp-${runId}-${seq}`, source: 'throughput', repository: `acme/svc-${seq % 50}` };
  switch (type) {
    case 'pull_request':
      return {
        ...common,
        number: seq,
        title: `Change ${seq}`,
        author: `dev-${seq % 40}`,
        url: `https://github.com/acme/svc-${seq % 50}/pull/${seq}`,
        createdAt: at,
        mergedAt: later,
        closedAt: later,
        additions: 40,
        deletions: 8,
        changedFiles: 3,
        labels: ['feature'],
        commits: [{ sha: sha(`c${seq}`), authoredAt: at, message: `Change ${seq}\n\nCo-authored-by: Copilot <copilot@github.com>` }],
        reviews: [{ reviewer: `rev-${seq % 7}`, state: 'APPROVED', submittedAt: later }],
        mergeCommitSha: sha(`m${seq}`),
        mergedBy: `rev-${seq % 7}`,
      };
    case 'deployment':
      return { ...common, environment: 'production', status: 'success', finishedAt: later, commitSha: sha(`m${seq - 1}`) };
    case 'incident':
      return { ...common, title: `Incident ${seq}`, createdAt: at, resolvedAt: later, severity: 'SEV2' };
    default:
      return { ...common, title: `Bug ${seq}`, createdAt: at };
  }
}

async function send(api, batch) {
  const res = await lib.authFetch(`${api}/events`, { method: 'POST', body: JSON.stringify({ events: batch }) });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || body.accepted !== batch.length) {
    throw new Error(`batch answered ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

async function measure(api, clients, firstSeq) {
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => event(firstSeq + b * BATCH + i)),
  );
  let next = 0;
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const t = performance.now();
        await send(api, batch);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    batches: BATCHES,
    batchSize: BATCH,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round((BATCHES * BATCH) / seconds),
    batchP50Ms: Math.round(lib.percentile(latencies, 50)),
    batchP95Ms: Math.round(lib.percentile(latencies, 95)),
  };
}

async function runOn(kind) {
  const db = kind === 'sqlite' ? { kind, dir: lib.tmpDir('throughput-sqlite') } : { kind, prefix: lib.pgPrefix('tp') };
  const backend = lib.startBackend({ port: await lib.freePort(), db, name: `throughput-${kind}` });
  lib.cleanupOnExit([backend]);
  try {
    await backend.ready(240_000, { complete: true });
    // Warm up (the first requests compile and load), not measured.
    await send(backend.api, Array.from({ length: 100 }, (_, i) => event(10_000_000 + i)));
    const one = await measure(backend.api, 1, 0);
    const four = await measure(backend.api, 4, BATCHES * BATCH);
    return { database: kind === 'sqlite' ? 'sqlite (file)' : 'postgresql 15', oneClient: one, fourClients: four };
  } finally {
    await backend.stop();
    if (kind === 'pg') await lib.pgDropPrefix(db.prefix);
  }
}

async function main() {
  lib.deadline(quick ? 300 : 900, { test: 'throughput' });
  const kinds = which === 'both' ? ['sqlite', ...((await lib.pgAvailable()) ? ['pg'] : [])] : [which];
  const results = [];
  for (const kind of kinds) results.push(await runOn(kind));
  lib.finish({ test: 'throughput', mode: quick ? 'quick' : 'full', results, ok: true });
}

main().catch(e => {
  lib.finish({ test: 'throughput', ok: false, error: String(e && e.stack ? e.stack : e) });
});

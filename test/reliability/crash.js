/*
 * Crash safety: a client sends N events in batches to POST /events, retrying
 * every batch that was not acknowledged; the backend is killed with SIGKILL
 * several times mid-stream and restarted on the same database. Afterwards
 * every event is stored exactly once: counted through the API (sending all
 * of them again answers N duplicates, 0 accepted) and in the database (rows
 * and distinct ids of this run, SQLite file read-only or PostgreSQL).
 *
 *   node test/reliability/crash.js --db sqlite|pg [--quick] [--events N]
 *        [--batch B] [--kills K] [--senders C] [--drop-acks 0.05]
 *
 * Prints a JSON summary; exits non-zero when a check fails.
 */
const lib = require('./lib');

const args = process.argv.slice(2);
const flag = name => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = flag('quick');
const dbKind = option('db', 'sqlite');
const N = Number(option('events', quick ? 10_000 : 100_000));
const BATCH = Number(option('batch', 500));
const KILLS = Number(option('kills', quick ? 1 : 4));
const SENDERS = Number(option('senders', 4));
// Acknowledgements the client throws away on purpose, as if the connection
// broke after the backend committed: those batches must come back as duplicates.
const DROP_ACKS = Number(option('drop-acks', 0.05));
const runId = `${Date.now().toString(36)}${process.pid}`;

const summary = {
  test: 'crash-safety',
  database: dbKind,
  mode: quick ? 'quick' : 'full',
  events: N,
  batchSize: BATCH,
  senders: SENDERS,
  kills: [],
  checks: {},
};
lib.deadline(Number(option('deadline', quick ? 600 : 2400)), summary);

const DAY = 86_400_000;
const now = Date.now();
const at = ms => new Date(ms).toISOString();

/** Event i of this run: the four types, most attributed by entityRef, some by an unknown repository. */
function event(i) {
  const id = `crash-${runId}-${i}`;
  const t = now - ((i * 7919) % (60 * DAY)) - DAY;
  const locator =
    i % 5 === 4
      ? { repository: `reliability/unknown-${runId}` }
      : { entityRef: `component:default/reliability-svc-${i % 16}` };
  const common = { id, source: 'reliability', ...locator };
  switch (i % 4) {
    case 0:
      return { ...common, type: 'deployment', environment: 'production', status: i % 9 ? 'success' : 'failure', startedAt: at(t - 600_000), finishedAt: at(t) };
    case 1:
      return {
        ...common,
        type: 'pull_request',
        number: i,
        title: `Change ${i}`,
        author: `dev${i % 13}`,
        url: `https://example.invalid/pr/${i}`,
        createdAt: at(t - DAY),
        mergedAt: at(t),
        closedAt: at(t),
        additions: i % 300,
        deletions: i % 50,
        changedFiles: 1 + (i % 9),
        labels: [],
        commits: [{ sha: `c0ffee${i.toString(16)}`, authoredAt: at(t - DAY - 3600_000), message: `Change ${i}` }],
        reviews: [{ reviewer: `rev${i % 7}`, state: 'APPROVED', submittedAt: at(t - 3600_000) }],
      };
    case 2:
      return { ...common, type: 'incident', title: `Incident ${i}`, createdAt: at(t), resolvedAt: at(t + 3600_000) };
    default:
      return { ...common, type: 'bug', title: `Bug ${i}`, createdAt: at(t) };
  }
}

async function main() {
  if (dbKind === 'pg' && !(await lib.pgAvailable())) {
    summary.skipped = 'no PostgreSQL answers on 127.0.0.1:5432';
    summary.checks.postgresAvailable = false;
    return lib.finish(summary);
  }
  const dir = lib.tmpDir(`crash-${dbKind}`);
  const db = dbKind === 'pg' ? { kind: 'pg', prefix: lib.pgPrefix('crash') } : { kind: 'sqlite', dir };
  summary.logDir = dir;
  const port = await lib.freePort();
  const backends = [];
  lib.cleanupOnExit(backends);
  const start = async () => {
    const b = lib.startBackend({ port, db, name: `crash-${dbKind}`, logDir: dir, logLevel: 'warn' });
    backends.push(b);
    const seconds = await b.ready();
    return { b, seconds };
  };

  let { b: backend, seconds } = await start();
  summary.startSeconds = [seconds];

  const batches = [];
  for (let i = 0; i < N; i += BATCH) {
    batches.push({ index: batches.length, from: i, to: Math.min(N, i + BATCH), attempts: 0, acked: null });
  }
  let acked = 0;
  let next = 0;
  let down = false;
  const stats = { requests: 0, failedAttempts: 0, retriedBatches: 0, duplicatesOnRetry: 0, unexpected: [], droppedAcks: [] };

  async function send(batch) {
    const events = [];
    for (let i = batch.from; i < batch.to; i++) events.push(event(i));
    for (;;) {
      while (down) await lib.sleep(200);
      batch.attempts += 1;
      stats.requests += 1;
      try {
        const res = await lib.authFetch(`${backend.api}/events`, {
          method: 'POST',
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(60_000),
        });
        const body = await res.json().catch(() => ({}));
        if (res.status === 200 && batch.attempts === 1 && Math.random() < DROP_ACKS) {
          stats.droppedAcks.push(batch);
          continue;
        }
        if (res.status === 200) {
          batch.acked = body;
          if (batch.attempts > 1) {
            stats.retriedBatches += 1;
            stats.duplicatesOnRetry += body.duplicates;
          }
          if (body.accepted + body.duplicates !== events.length) {
            stats.unexpected.push(`batch ${batch.index}: ${JSON.stringify(body)}`);
          }
          acked += events.length;
          return;
        }
        if (res.status < 500) {
          stats.unexpected.push(`batch ${batch.index}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
          return;
        }
        stats.failedAttempts += 1;
      } catch {
        // Connection refused or reset: the backend is down. Retry.
        stats.failedAttempts += 1;
      }
      await lib.sleep(250);
    }
  }

  async function sender() {
    while (next < batches.length) {
      const batch = batches[next++];
      await send(batch);
    }
  }

  // Kills at evenly spaced fractions of the stream, while requests are in flight.
  async function killer() {
    for (let k = 1; k <= KILLS; k++) {
      const threshold = Math.floor((N * k) / (KILLS + 1));
      while (acked < threshold) await lib.sleep(20);
      // A random moment inside the next request or so.
      await lib.sleep(Math.random() * 150);
      const inFlight = batches.filter(b => b.attempts > 0 && !b.acked).length;
      const killedAt = acked;
      down = true;
      await backend.kill();
      ({ b: backend, seconds } = await start());
      down = false;
      summary.kills.push({ afterAcknowledged: killedAt, inFlightBatches: inFlight, restartSeconds: seconds });
    }
  }

  const t0 = Date.now();
  await Promise.all([killer(), ...Array.from({ length: SENDERS }, sender)]);
  summary.streamSeconds = (Date.now() - t0) / 1000;
  summary.requests = stats.requests;
  summary.failedAttempts = stats.failedAttempts;
  summary.retriedBatches = stats.retriedBatches;
  summary.duplicatesOnRetry = stats.duplicatesOnRetry;
  summary.unexpectedResponses = stats.unexpected.slice(0, 10);
  summary.acknowledgementsDroppedOnPurpose = stats.droppedAcks.length;
  summary.checks.retriesAfterALostAckAreAllDuplicates = stats.droppedAcks.every(
    b => b.acked && b.acked.accepted === 0 && b.acked.duplicates === b.to - b.from,
  );
  summary.acknowledged = batches.filter(b => b.acked).reduce((n, b) => n + (b.to - b.from), 0);
  summary.checks.everyBatchAcknowledged = summary.acknowledged === N;
  summary.checks.noUnexpectedResponses = stats.unexpected.length === 0;
  summary.checks.killedAsPlanned = summary.kills.length === KILLS;

  // Through the API: every event is stored, with its content: all duplicates.
  let resend = { accepted: 0, duplicates: 0 };
  for (const batch of batches) {
    const events = [];
    for (let i = batch.from; i < batch.to; i++) events.push(event(i));
    const res = await lib.authFetch(`${backend.api}/events`, { method: 'POST', body: JSON.stringify({ events }) });
    const body = await res.json();
    resend = { accepted: resend.accepted + (body.accepted ?? NaN), duplicates: resend.duplicates + (body.duplicates ?? NaN) };
  }
  summary.apiResend = resend;
  summary.checks.apiCountsEveryEventOnce = resend.accepted === 0 && resend.duplicates === N;

  await backend.stop();
  const perTable = {};
  let rows = 0;
  let distinct = 0;
  for (const table of lib.EVENT_TABLES) {
    const [r] = await lib.countRows(
      db,
      `SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS d FROM ${table} WHERE source = 'reliability' AND external_id LIKE 'crash-${runId}-%'`,
    );
    perTable[table] = Number(r.n);
    rows += Number(r.n);
    distinct += Number(r.d);
  }
  summary.database_rows = { total: rows, distinctIds: distinct, perTable };
  summary.checks.databaseHoldsEachEventOnce = rows === N && distinct === N;
  // 503 answers the readiness probe while a restarted backend starts up.
  summary.checks.backendLogHasNo5xx = !/Request failed with status 5(?!03)\d\d/.test(backend.log());

  if (db.kind === 'pg' && !flag('keep')) await lib.pgDropPrefix(db.prefix);
  lib.finish(summary);
}

main().catch(e => {
  summary.error = String(e?.stack ?? e);
  lib.finish(summary);
});

/*
 * Load: concurrent senders to POST /events and to the GitHub webhook endpoint
 * (signed deliveries), and concurrent readers of entity and owner scorecards,
 * all at once against one real backend, with autocannon on loopback.
 * Full: 200 senders (100 + 100) and 50 readers for 60 s; --quick: 50 senders
 * and 20 readers for 10 s.
 *
 * Checks: zero errors and zero non-2xx answers; every event sent is stored
 * exactly once (half of the event ids are sent twice, by two connections at
 * about the same moment); every webhook delivery is stored once; the backend
 * stays alive, its RSS is recorded before and after; neither its log nor its
 * answers show a configured secret. Figures: requests, throughput, p50/p95/p99.
 *
 *   node test/reliability/load.js [--quick] [--db pg|sqlite] [--duration S]
 *        [--senders N] [--readers N]
 */
const crypto = require('crypto');
const path = require('path');
const lib = require('./lib');

const autocannon = require(require.resolve('autocannon', { paths: [lib.root] }));

const args = process.argv.slice(2);
const flag = name => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const quick = flag('quick');
const DURATION = Number(option('duration', quick ? 10 : 60));
const SENDERS = Number(option('senders', quick ? 50 : 200));
const READERS = Number(option('readers', quick ? 20 : 50));
const EVENTS_PER_REQUEST = Number(option('batch', 10));
const runId = `${Date.now().toString(36)}${process.pid}`;

const summary = {
  test: 'load',
  mode: quick ? 'quick' : 'full',
  durationSeconds: DURATION,
  senders: { events: Math.ceil(SENDERS / 2), githubWebhook: Math.floor(SENDERS / 2) },
  readers: READERS,
  eventsPerRequest: EVENTS_PER_REQUEST,
  checks: {},
};
lib.deadline(DURATION + 420, summary);

const COMPONENTS = ['payments-api', 'ledger', 'fraud-scoring', 'checkout-web', 'catalog-search', 'recommendations', 'deploy-pipeline', 'identity'];
const GROUPS = ['payments-team', 'fraud-team', 'storefront-team', 'platform-team', 'engineering'];
const DAY = 86_400_000;

function percentiles(times) {
  const sorted = Float64Array.from(times).sort();
  const p = q => lib.percentile(sorted, q);
  return { p50: p(50), p95: p(95), p99: p(99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

/** Runs autocannon and keeps every response time (autocannon reports no p95). */
function cannon(name, options) {
  return new Promise((resolve, reject) => {
    const times = [];
    const statuses = {};
    const instance = autocannon(
      { ...options, duration: DURATION, timeout: 30, excludeErrorStats: false },
      (err, result) => (err ? reject(err) : resolve({ name, result, times, statuses })),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

function figures({ name, result, times, statuses }) {
  const lat = percentiles(times);
  return {
    name,
    connections: result.connections,
    requests: result.requests.total,
    throughputPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  const usePg = option('db', (await lib.pgAvailable()) ? 'pg' : 'sqlite') === 'pg';
  const dir = lib.tmpDir('load');
  const db = usePg ? { kind: 'pg', prefix: lib.pgPrefix('load') } : { kind: 'sqlite', dir };
  summary.database = db.kind;
  summary.logDir = dir;
  const port = await lib.freePort();
  const backends = [];
  lib.cleanupOnExit(backends);
  const backend = lib.startBackend({
    port,
    db,
    name: 'load',
    logDir: dir,
    logLevel: 'warn',
    qualityScorecard: { recompute: { intervalSeconds: 5 } },
  });
  backends.push(backend);
  summary.startSeconds = await backend.ready();

  // Owner scorecards need the example catalog.
  const until = Date.now() + 120_000;
  for (;;) {
    const res = await lib.authFetch(`${backend.base}/api/catalog/entities/by-name/group/default/payments-team`);
    if (res.ok) break;
    if (Date.now() > until) throw new Error('catalog never served the example groups');
    await lib.sleep(500);
  }
  const rssBeforeKb = backend.rssKb();

  // Events: ids advance by request; request k and k+1 carry the same ids, so
  // half of all events reach the backend twice, about at once.
  let eventRequest = 0;
  const sentEventIds = new Set();
  const now = Date.now();
  function eventsBody() {
    const k = eventRequest++;
    const base = Math.floor(k / 2) * EVENTS_PER_REQUEST;
    const events = [];
    for (let j = 0; j < EVENTS_PER_REQUEST; j++) {
      const n = base + j;
      const id = `load-${runId}-${n}`;
      sentEventIds.add(id);
      const finishedAt = new Date(now - (n % (28 * 24)) * 3_600_000).toISOString();
      events.push({
        type: 'deployment',
        id,
        source: 'reliability',
        entityRef: `component:default/${COMPONENTS[n % COMPONENTS.length]}`,
        environment: 'production',
        status: n % 7 === 0 ? 'failure' : 'success',
        finishedAt,
      });
    }
    return JSON.stringify({ events });
  }

  let delivery = 0;
  const deliveryIds = new Set();
  function githubRequest(req) {
    const k = delivery++;
    const repo = `shewhart-demo/${COMPONENTS[k % COMPONENTS.length]}`;
    const number = 100_000 + Math.floor(k / 3);
    const created = new Date(now - ((k % 20) + 1) * DAY).toISOString();
    const body = JSON.stringify({
      action: k % 3 === 2 ? 'closed' : 'opened',
      number,
      pull_request: {
        number,
        title: `Load ${runId} ${k}`,
        user: { login: `dev${k % 17}`, type: 'User' },
        html_url: `https://github.com/${repo}/pull/${number}`,
        created_at: created,
        updated_at: new Date(Date.parse(created) + 3_600_000 * (1 + (k % 3))).toISOString(),
        closed_at: k % 3 === 2 ? new Date(Date.parse(created) + 7_200_000).toISOString() : null,
        merged_at: k % 3 === 2 ? new Date(Date.parse(created) + 7_200_000).toISOString() : null,
        merge_commit_sha: k % 3 === 2 ? crypto.createHash('sha1').update(String(k)).digest('hex') : null,
        additions: k % 100,
        deletions: k % 10,
        changed_files: 1 + (k % 5),
        labels: [],
        body: null,
        head: { ref: `load-${number}`, sha: crypto.createHash('sha1').update(`h${k}`).digest('hex') },
      },
      repository: { full_name: repo },
      sender: { login: `dev${k % 17}` },
    });
    const id = `load-${runId}-${k}`;
    deliveryIds.add(id);
    return {
      ...req,
      body,
      headers: {
        ...req.headers,
        'x-github-delivery': id,
        'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', lib.GITHUB_SECRET).update(body).digest('hex')}`,
      },
    };
  }

  let read = 0;
  const from = new Date(now - 28 * DAY).toISOString();
  const to = new Date(now + 60_000).toISOString();
  function readRequest(req) {
    const k = read++;
    const p =
      k % 2 === 0
        ? `/api/quality-scorecard/scorecards/entity/component/default/${COMPONENTS[k % COMPONENTS.length]}`
        : `/api/quality-scorecard/scorecards/owner/group/default/${GROUPS[k % GROUPS.length]}`;
    return { ...req, path: `${p}?from=${from}&to=${to}` };
  }

  const auth = { authorization: `Bearer ${lib.TOKEN}`, 'content-type': 'application/json' };
  const t0 = Date.now();
  // Half-way through, the heap has grown to what this concurrency needs;
  // growth after that would be a leak.
  let rssHalfKb = rssBeforeKb;
  const half = setTimeout(() => {
    rssHalfKb = backend.rssKb();
  }, (DURATION * 1000) / 2);
  const runs = await Promise.all([
    cannon('POST /events', {
      url: `${backend.api}/events`,
      connections: summary.senders.events,
      requests: [{ method: 'POST', headers: auth, setupRequest: req => ({ ...req, body: eventsBody() }) }],
    }),
    cannon('POST /webhooks/github', {
      url: `${backend.api}/webhooks/github`,
      connections: summary.senders.githubWebhook,
      requests: [
        { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' }, setupRequest: githubRequest },
      ],
    }),
    cannon('GET scorecards (entity and owner)', {
      url: backend.api,
      connections: READERS,
      requests: [{ method: 'GET', headers: auth, setupRequest: readRequest }],
    }),
  ]);
  summary.wallSeconds = (Date.now() - t0) / 1000;
  summary.results = runs.map(figures);
  summary.checks.zeroErrors = summary.results.every(r => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0);
  summary.checks.backendAlive = backend.alive;
  clearTimeout(half);
  const rssAtEndKb = backend.rssKb();
  // Webhook deliveries answered 202 wait in memory for their turn (their raw
  // log rows are durable): memory is measured once that backlog has drained.
  const drainStarted = Date.now();
  for (;;) {
    const [left] = await lib.countRows(
      db,
      `SELECT COUNT(*) AS n FROM qs_raw_deliveries WHERE source = 'github' AND processed_at IS NULL AND delivery_id LIKE 'load-${runId}-%'`,
    );
    if (Number(left.n) === 0 || Date.now() - drainStarted > 120_000) break;
    await lib.sleep(1000);
  }
  summary.backlogDrainSeconds = Math.round((Date.now() - drainStarted) / 100) / 10;
  await lib.sleep(3000);
  summary.rssMb = {
    before: Math.round(rssBeforeKb / 1024),
    halfWay: Math.round(rssHalfKb / 1024),
    atEnd: Math.round(rssAtEndKb / 1024),
    afterBacklog: Math.round(backend.rssKb() / 1024),
  };
  // What the load leaves behind, once the backlog is processed, is bounded.
  // Asserted at full size only: in the 10 s of --quick the heap is still
  // growing to its working set (CI measured +312 to +430 MB in some quick
  // runs and +30 in others; V8 keeps what it grew); the plugin's own heap
  // after a full GC is bounded by the hostile-input test in every run.
  if (!quick) {
    summary.checks.rssGrowthAfterBacklogUnder300Mb = summary.rssMb.afterBacklog - summary.rssMb.before < 300;
  }

  const ackedEventRequests = runs[0].result.requests.total - runs[0].result.non2xx;
  summary.eventsSent = { requests: eventRequest, acknowledgedRequests: ackedEventRequests, distinctIds: sentEventIds.size };
  // Requests in flight when autocannon stopped still finish on the server:
  // count once the counts stop moving.
  const count = async () => {
    const [events] = await lib.countRows(
      db,
      `SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS d FROM qs_deployments WHERE source = 'reliability' AND external_id LIKE 'load-${runId}-%'`,
    );
    const [deliveries] = await lib.countRows(
      db,
      `SELECT COUNT(*) AS n, COUNT(DISTINCT delivery_id) AS d FROM qs_raw_deliveries WHERE source = 'github' AND delivery_id LIKE 'load-${runId}-%'`,
    );
    return { events, deliveries, key: `${events.n}/${deliveries.n}` };
  };
  let counted = await count();
  for (let settled = Date.now(); Date.now() - settled < 3000; ) {
    await lib.sleep(1000);
    const again = await count();
    if (again.key !== counted.key) settled = Date.now();
    counted = again;
  }
  const { events: stored, deliveries: raw } = counted;
  summary.stored = { events: Number(stored.n), distinctEventIds: Number(stored.d), deliveries: Number(raw.n), distinctDeliveries: Number(raw.d) };
  // Autocannon may have a request in flight when the time is up: what is
  // stored lies between what was acknowledged and what was sent.
  summary.checks.eachEventStoredOnce =
    Number(stored.n) === Number(stored.d) && Number(stored.n) <= sentEventIds.size && Number(stored.n) >= sentEventIds.size - 2 * summary.senders.events * EVENTS_PER_REQUEST;
  summary.checks.eachDeliveryStoredOnce =
    Number(raw.n) === Number(raw.d) && Number(raw.n) <= deliveryIds.size && Number(raw.n) >= runs[1].result.requests.total - runs[1].result.non2xx;

  // Through the API: resending every event id acknowledged so far stores nothing new.
  let resend = { accepted: 0, duplicates: 0 };
  const ids = [...sentEventIds];
  eventRequest = 0;
  for (let i = 0; i < ids.length; i += 2000) {
    // Rebuild the same events in order: eventsBody() is deterministic in its counter.
    const batch = [];
    while (batch.length < Math.min(2000, ids.length - i)) {
      const body = JSON.parse(eventsBody());
      eventRequest++; // skip the twin request
      batch.push(...body.events);
    }
    const res = await lib.authFetch(`${backend.api}/events`, { method: 'POST', body: JSON.stringify({ events: batch }) });
    const answer = await res.json();
    resend = { accepted: resend.accepted + answer.accepted, duplicates: resend.duplicates + answer.duplicates };
  }
  summary.apiResend = resend;
  summary.checks.apiSeesEveryStoredEventOnce = resend.duplicates === Number(stored.n) && resend.accepted === sentEventIds.size - Number(stored.n);

  // Secrets: not in the log, not in an answer.
  const log = backend.log();
  const answers = await Promise.all(
    ['/health', '/metrics', '/openapi.json', '/scorecards/entity/component/default/payments-api', '/checks'].map(async p =>
      (await lib.authFetch(`${backend.api}${p}`)).text(),
    ),
  );
  const secrets = [lib.TOKEN, lib.GITHUB_SECRET, lib.PAGERDUTY_SECRET];
  summary.checks.noSecretInLogOrAnswers = secrets.every(s => !log.includes(s) && answers.every(a => !a.includes(s)));
  summary.checks.backendLogHasNo5xx = !/Request failed with status 5(?!03)\d\d/.test(log);
  summary.log5xx = (log.match(/Request failed with status 5\d\d[^\n]{0,200}/g) ?? []).slice(0, 3);

  await backend.stop();
  if (db.kind === 'pg' && !flag('keep')) await lib.pgDropPrefix(db.prefix);
  lib.finish(summary);
}

main().catch(e => {
  summary.error = String(e?.stack ?? e);
  lib.finish(summary);
});

/*
 * Several instances: two backend processes (packages/backend) on one fresh
 * PostgreSQL database prefix, the way users scale Backstage past one machine.
 *
 * - The scheduled recompute (quality-scorecard-recompute) runs once per
 *   interval across both: its runs, read from the scheduler's task row, are
 *   about (observed time / interval), not twice that; and every entity that
 *   events touched is recomputed exactly once per round (the "Recomputed
 *   snapshots of N entities" lines of both logs add up to the entities
 *   touched).
 * - Reads from either instance agree: the same scorecard request answers the
 *   same JSON on both.
 * - Deliveries about one pull request sent to both instances at once keep
 *   every review.
 * - Killing (SIGKILL) the instance that is running a recompute: the other
 *   completes the work on a later run, once the dead run's lease
 *   (recompute.timeoutSeconds) has expired.
 *
 *   node test/reliability/instances.js [--quick]
 */
const crypto = require('crypto');
const lib = require('./lib');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const INTERVAL = 3;
const LEASE = 15;
const OBSERVE_SECONDS = quick ? 15 : 45;
const ROUNDS = quick ? 2 : 4;
const BIG_ENTITIES = quick ? 80 : 200;
const runId = `${Date.now().toString(36)}${process.pid}`;

const summary = {
  test: 'several-instances',
  mode: quick ? 'quick' : 'full',
  database: 'pg',
  recompute: { intervalSeconds: INTERVAL, timeoutSeconds: LEASE },
  checks: {},
};
lib.deadline(quick ? 480 : 900, summary);

const DAY = 86_400_000;
const now = Date.now();

function cpuTicks(pid) {
  try {
    const fields = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function deployments(entityRef, count, tag) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'deployment',
    id: `mi-${runId}-${tag}-${entityRef}-${i}`,
    source: 'reliability',
    entityRef,
    environment: 'production',
    status: i % 5 === 0 ? 'failure' : 'success',
    finishedAt: new Date(now - ((i * 37) % (120 * 24)) * 3_600_000).toISOString(),
  }));
}

async function post(b, events) {
  for (let i = 0; i < events.length; i += 2000) {
    const res = await lib.authFetch(`${b.api}/events`, { method: 'POST', body: JSON.stringify({ events: events.slice(i, i + 2000) }) });
    if (res.status !== 200) throw new Error(`POST /events on ${b.name}: ${res.status} ${await res.text()}`);
  }
}

async function main() {
  if (!(await lib.pgAvailable())) {
    summary.skipped = 'no PostgreSQL answers on 127.0.0.1:5432';
    summary.checks.postgresAvailable = false;
    return lib.finish(summary);
  }
  const prefix = lib.pgPrefix('mi');
  const db = { kind: 'pg', prefix };
  const dir = lib.tmpDir('instances');
  summary.logDir = dir;
  const backends = [];
  lib.cleanupOnExit(backends);
  const portA = await lib.freePort();
  const portB = await lib.freePort([portA]);
  const config = { recompute: { intervalSeconds: INTERVAL, timeoutSeconds: LEASE } };
  // The first start creates and migrates the databases; the second joins
  // them, as an instance added to scale out. (Started together on a fresh
  // database, the catalog of one fails: knex does not wait for another's
  // migration lock. The quality scorecard waits for it.)
  const a = lib.startBackend({ port: portA, db, name: 'A', logDir: dir, qualityScorecard: config });
  backends.push(a);
  summary.startSeconds = [await a.ready(240_000, { complete: true })];
  const b = lib.startBackend({ port: portB, db, name: 'B', logDir: dir, qualityScorecard: config });
  backends.push(b);
  summary.startSeconds.push(await b.ready(240_000, { complete: true }));
  const pg = await lib.pgPluginClient(prefix);
  const task = async () =>
    (await pg.query(`SELECT * FROM backstage_backend_tasks__tasks WHERE id = 'quality-scorecard-recompute'`)).rows;
  const dirty = async refs =>
    Number((await pg.query('SELECT COUNT(*) AS n FROM qs_dirty_entities WHERE entity_ref = ANY($1)', [refs])).rows[0].n);
  const recomputedLines = backend =>
    [...backend.log().matchAll(/Recomputed snapshots of (\d+) entities/g)].map(m => Number(m[1]));
  const waitClean = async (refs, seconds) => {
    const until = Date.now() + seconds * 1000;
    while ((await dirty(refs)) > 0) {
      if (Date.now() > until) return false;
      await lib.sleep(250);
    }
    return true;
  };

  try {
    summary.checks.oneTaskRow = (await task()).length === 1;

    // 1. Rounds: each touches fresh entities through one instance or the other.
    summary.rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const refs = Array.from({ length: 6 }, (_, i) => `component:default/mi-${runId}-r${r}-${i}`);
      const linesBefore = [recomputedLines(a).length, recomputedLines(b).length];
      await post(r % 2 ? b : a, refs.flatMap(ref => deployments(ref, 20, `r${r}`)));
      const clean = await waitClean(refs, 60);
      await lib.sleep(500);
      const added = [recomputedLines(a).slice(linesBefore[0]), recomputedLines(b).slice(linesBefore[1])];
      summary.rounds.push({ entities: refs.length, clean, recomputedByA: added[0], recomputedByB: added[1] });
    }
    summary.checks.eachEntityRecomputedOncePerRound = summary.rounds.every(
      r => r.clean && [...r.recomputedByA, ...r.recomputedByB].reduce((x, y) => x + y, 0) === r.entities,
    );

    // 2. Runs of the task over a while: once per interval, not once per instance.
    const seen = new Set();
    const observeUntil = Date.now() + OBSERVE_SECONDS * 1000;
    while (Date.now() < observeUntil) {
      const [row] = await task();
      if (row?.last_run_ended_at) seen.add(new Date(row.last_run_ended_at).toISOString());
      await lib.sleep(200);
    }
    summary.observedRuns = { seconds: OBSERVE_SECONDS, runs: seen.size, atMostOncePerInterval: Math.ceil(OBSERVE_SECONDS / INTERVAL) + 1 };
    summary.checks.runsOncePerInterval = seen.size >= 1 && seen.size <= summary.observedRuns.atMostOncePerInterval;

    // 3. Reads agree.
    const from = new Date(now - 28 * DAY).toISOString();
    const to = new Date(now + 60_000).toISOString();
    const reads = [
      `/scorecards/entity/component/default/mi-${runId}-r0-0?from=${from}&to=${to}`,
      `/scorecards/owner/group/default/payments-team?from=${from}&to=${to}`,
      `/overview?from=${from}&to=${to}`,
      `/checks/entity/component/default/mi-${runId}-r0-0`,
    ];
    const agree = [];
    for (const p of reads) {
      const [x, y] = await Promise.all([a, b].map(async s => (await lib.authFetch(`${s.api}${p}`)).text()));
      agree.push({ path: p.split('?')[0], same: x === y, bytes: x.length });
    }
    summary.reads = agree;
    summary.checks.readsAgree = agree.every(r => r.same);

    // 4. Deliveries about one PR, to both instances at once.
    const repo = `reliability/mi-${runId}`;
    const prNumber = 7;
    const created = new Date(now - 2 * DAY).toISOString();
    const pr = {
      number: prNumber,
      title: 'Concurrent reviews',
      user: { login: 'ada', type: 'User' },
      html_url: `https://github.com/${repo}/pull/${prNumber}`,
      created_at: created,
      updated_at: created,
      additions: 1,
      deletions: 1,
      changed_files: 1,
      labels: [],
      head: { ref: 'feature' },
    };
    const deliver = (s, eventName, payload, id) => {
      const body = JSON.stringify(payload);
      return fetch(`${s.api}/webhooks/github`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': eventName,
          'x-github-delivery': id,
          'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', lib.GITHUB_SECRET).update(body).digest('hex')}`,
        },
      }).then(res => res.status);
    };
    await deliver(a, 'pull_request', { action: 'opened', number: prNumber, pull_request: pr, repository: { full_name: repo } }, `mi-${runId}-open`);
    const REVIEWERS = 12;
    const statuses = await Promise.all(
      Array.from({ length: REVIEWERS }, (_, i) =>
        deliver(
          i % 2 ? b : a,
          'pull_request_review',
          {
            action: 'submitted',
            review: { id: 1000 + i, user: { login: `reviewer${i}`, type: 'User' }, state: 'approved', submitted_at: new Date(now - DAY + i * 60_000).toISOString() },
            pull_request: pr,
            repository: { full_name: repo },
          },
          `mi-${runId}-review-${i}`,
        ),
      ),
    );
    await lib.sleep(6000); // deliveries answered as queued finish in the background
    const stored = (await pg.query(`SELECT reviews FROM qs_pull_requests WHERE source = 'github' AND external_id = $1`, [`${repo.toLowerCase()}#${prNumber}`])).rows;
    const reviewers = stored.length ? JSON.parse(stored[0].reviews).map(r => r.reviewer) : [];
    summary.concurrentDeliveries = { reviews: REVIEWERS, statuses, reviewsKept: new Set(reviewers).size };
    summary.checks.concurrentDeliveriesAcrossInstancesKeepEveryReview = new Set(reviewers).size === REVIEWERS;

    // 5. Kill the instance running a recompute; the other finishes the work.
    const bigRefs = Array.from({ length: BIG_ENTITIES }, (_, i) => `component:default/mi-${runId}-big-${i}`);
    await post(a, bigRefs.flatMap(ref => deployments(ref, 40, 'big')));
    let victim;
    let dirtyAtKill = 0;
    const until = Date.now() + 60_000;
    while (!victim && Date.now() < until) {
      const [row] = await task();
      if (row?.current_run_ticket) {
        const pids = [a.backendPid(), b.backendPid()];
        const before = pids.map(cpuTicks);
        await lib.sleep(400);
        const delta = [cpuTicks(pids[0]) - before[0], cpuTicks(pids[1]) - before[1]];
        dirtyAtKill = await dirty(bigRefs);
        if (dirtyAtKill > 0 && dirtyAtKill < bigRefs.length) {
          victim = delta[0] >= delta[1] ? a : b;
          summary.kill = { instance: victim.name, cpuTicksDuring400ms: { A: delta[0], B: delta[1] } };
        }
      }
      if (!victim) await lib.sleep(100);
    }
    if (!victim) throw new Error('never saw a recompute run in progress with work left');
    const linesBeforeKill = recomputedLines(victim).length;
    const killedAt = Date.now();
    await victim.kill();
    const survivor = victim === a ? b : a;
    const survivorLinesBefore = recomputedLines(survivor).length;
    summary.kill.dirtyEntitiesLeft = dirtyAtKill;
    summary.kill.victimFinishedRunBeforeKill = recomputedLines(victim).length > linesBeforeKill;
    const drained = await waitClean(bigRefs, LEASE + 60 + 6 * INTERVAL + 60);
    summary.kill.takeoverSeconds = Math.round((Date.now() - killedAt) / 100) / 10;
    summary.kill.survivorRecomputed = recomputedLines(survivor).slice(survivorLinesBefore);
    const withSnapshots = Number(
      (await pg.query('SELECT COUNT(DISTINCT entity_ref) AS n FROM qs_snapshots WHERE entity_ref = ANY($1)', [bigRefs])).rows[0].n,
    );
    summary.kill.entitiesWithSnapshots = `${withSnapshots}/${bigRefs.length}`;
    summary.checks.survivorCompletesTheWork = drained && withSnapshots === bigRefs.length && survivor.alive;
    summary.checks.noSecretInLogs = [a, b].every(s => ![lib.TOKEN, lib.GITHUB_SECRET, lib.PAGERDUTY_SECRET].some(x => s.log().includes(x)));
    summary.checks.logsHaveNo5xx = [a, b].every(s => !/Request failed with status 5(?!03)\d\d/.test(s.log()));
  } finally {
    await pg.end();
    await Promise.all(backends.map(s => s.stop()));
    if (!args.includes('--keep')) await lib.pgDropPrefix(prefix);
  }
  lib.finish(summary);
}

main().catch(e => {
  summary.error = String(e?.stack ?? e);
  lib.finish(summary);
});

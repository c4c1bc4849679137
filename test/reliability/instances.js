/*
 * Several instances: two backend processes (packages/backend) on one fresh
 * PostgreSQL database prefix, the way users scale Backstage past one machine.
 *
 * - The recompute (quality-scorecard-recompute) runs on both (scope local)
 *   and shares the work through claims on dirty entities: every entity that
 *   events touched is recomputed exactly once per round (the "Recomputed
 *   snapshots of N entities" lines of both logs add up to the entities
 *   touched, and each one's snapshot version is 1), and a large recompute is
 *   done by both instances.
 * - Reads from either instance agree: the same scorecard request answers the
 *   same JSON on both.
 * - Deliveries about one pull request sent to both instances at once keep
 *   every review.
 * - Killing (SIGKILL) one instance in the middle of a large recompute: the
 *   other completes the work, taking over the dead one's claims once they
 *   lapse (recompute.timeoutSeconds); every entity is committed once, but
 *   for those the dead one had committed and not yet cleared (at most one
 *   write batch, 20), which are computed again.
 *
 *   node test/reliability/instances.js [--quick]
 */
const crypto = require('crypto');
const lib = require('./lib');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const INTERVAL = 3;
const LEASE = 15;
const ROUNDS = quick ? 2 : 4;
const BIG_ENTITIES = quick ? 80 : 200;
// Enough work for several recompute intervals, so that both instances take part.
const SHARED_ENTITIES = quick ? 400 : 1000;
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
  const dirty = async refs =>
    Number((await pg.query('SELECT COUNT(*) AS n FROM qs_dirty_entities WHERE entity_ref = ANY($1)', [refs])).rows[0].n);
  const recomputedLines = backend =>
    [...backend.log().matchAll(/Recomputed snapshots of (\d+) entities/g)].map(m => Number(m[1]));
  const versions = async refs =>
    (await pg.query('SELECT entity_ref, version FROM qs_snapshot_versions WHERE entity_ref = ANY($1)', [refs])).rows.map(r => Number(r.version));
  const waitClean = async (refs, seconds) => {
    const until = Date.now() + seconds * 1000;
    while ((await dirty(refs)) > 0) {
      if (Date.now() > until) return false;
      await lib.sleep(250);
    }
    return true;
  };

  try {
    // 1. Rounds: each touches fresh entities through one instance or the other.
    summary.rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const refs = Array.from({ length: 6 }, (_, i) => `component:default/mi-${runId}-r${r}-${i}`);
      const linesBefore = [recomputedLines(a).length, recomputedLines(b).length];
      await post(r % 2 ? b : a, refs.flatMap(ref => deployments(ref, 20, `r${r}`)));
      const clean = await waitClean(refs, 60);
      await lib.sleep(500);
      const added = [recomputedLines(a).slice(linesBefore[0]), recomputedLines(b).slice(linesBefore[1])];
      const v = await versions(refs);
      summary.rounds.push({ entities: refs.length, clean, recomputedByA: added[0], recomputedByB: added[1], versionOne: v.filter(x => x === 1).length });
    }
    summary.checks.eachEntityRecomputedOncePerRound = summary.rounds.every(
      r => r.clean && r.versionOne === r.entities && [...r.recomputedByA, ...r.recomputedByB].reduce((x, y) => x + y, 0) === r.entities,
    );

    // 2. Reads agree.
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

    // 3. Deliveries about one PR, to both instances at once.
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

    // 4. A large recompute, shared: both instances take claims.
    const sharedRefs = Array.from({ length: SHARED_ENTITIES }, (_, i) => `component:default/mi-${runId}-shared-${i}`);
    const sharedBefore = [recomputedLines(a).length, recomputedLines(b).length];
    const sharedStarted = Date.now();
    await post(a, sharedRefs.flatMap(ref => deployments(ref, 20, 'shared')));
    const sharedClean = await waitClean(sharedRefs, 240);
    const sharedSeconds = Math.round((Date.now() - sharedStarted) / 100) / 10;
    await lib.sleep(500);
    const sum = xs => xs.reduce((x, y) => x + y, 0);
    const sharedBy = { A: sum(recomputedLines(a).slice(sharedBefore[0])), B: sum(recomputedLines(b).slice(sharedBefore[1])) };
    const sharedVersions = await versions(sharedRefs);
    summary.shared = { entities: sharedRefs.length, seconds: sharedSeconds, clean: sharedClean, recomputedBy: sharedBy, versionOne: sharedVersions.filter(x => x === 1).length };
    summary.checks.bothInstancesShareALargeRecompute = sharedClean && sharedBy.A > 0 && sharedBy.B > 0;
    summary.checks.sharedRecomputeCommitsEachEntityOnce = sharedClean && sharedBy.A + sharedBy.B === sharedRefs.length && summary.shared.versionOne === sharedRefs.length;

    // 5. Kill (SIGKILL) one instance in the middle of a large recompute.
    const bigRefs = Array.from({ length: BIG_ENTITIES }, (_, i) => `component:default/mi-${runId}-big-${i}`);
    await post(a, bigRefs.flatMap(ref => deployments(ref, 40, 'big')));
    let victim;
    let dirtyAtKill = 0;
    const until = Date.now() + 60_000;
    while (!victim && Date.now() < until) {
      const claims = (await pg.query('SELECT claimed_by FROM qs_dirty_entities WHERE entity_ref = ANY($1) AND claimed_by IS NOT NULL', [bigRefs])).rows;
      dirtyAtKill = await dirty(bigRefs);
      if (claims.length > 0 && dirtyAtKill > 0 && dirtyAtKill < bigRefs.length * 0.8) {
        const pids = [a.backendPid(), b.backendPid()];
        const before = pids.map(cpuTicks);
        await lib.sleep(200);
        const delta = [cpuTicks(pids[0]) - before[0], cpuTicks(pids[1]) - before[1]];
        victim = delta[0] >= delta[1] ? a : b;
        summary.kill = { instance: victim.name, claimsHeld: claims.length, cpuTicksDuring200ms: { A: delta[0], B: delta[1] } };
      }
      if (!victim) await lib.sleep(50);
    }
    if (!victim) throw new Error('never saw a recompute in progress with work left');
    const linesBeforeKill = recomputedLines(victim).length;
    const killedAt = Date.now();
    await victim.kill();
    const survivor = victim === a ? b : a;
    const survivorLinesBefore = recomputedLines(survivor).length;
    summary.kill.dirtyEntitiesLeft = dirtyAtKill;
    summary.kill.victimFinishedRunBeforeKill = recomputedLines(victim).length > linesBeforeKill;
    summary.kill.claimsOfTheDeadAtKill = Number(
      (await pg.query('SELECT COUNT(*) AS n FROM qs_dirty_entities WHERE entity_ref = ANY($1) AND claimed_by IS NOT NULL', [bigRefs])).rows[0].n,
    );
    const drained = await waitClean(bigRefs, LEASE + 60 + 6 * INTERVAL + 60);
    summary.kill.takeoverSeconds = Math.round((Date.now() - killedAt) / 100) / 10;
    summary.kill.survivorRecomputed = recomputedLines(survivor).slice(survivorLinesBefore);
    const withSnapshots = Number(
      (await pg.query('SELECT COUNT(DISTINCT entity_ref) AS n FROM qs_snapshots WHERE entity_ref = ANY($1)', [bigRefs])).rows[0].n,
    );
    summary.kill.entitiesWithSnapshots = `${withSnapshots}/${bigRefs.length}`;
    const bigVersions = await versions(bigRefs);
    summary.kill.versions = { one: bigVersions.filter(x => x === 1).length, two: bigVersions.filter(x => x === 2).length, more: bigVersions.filter(x => x > 2).length };
    summary.checks.survivorCompletesTheWork = drained && withSnapshots === bigRefs.length && survivor.alive;
    // Committed once, but for the dead one's batch in flight between its commit and its clear.
    summary.checks.killedRecomputeCommitsEachEntityOnce =
      bigVersions.length === bigRefs.length && summary.kill.versions.more === 0 && summary.kill.versions.two <= 20;
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

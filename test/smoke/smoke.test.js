/*
 * Smoke test: starts the real backend with the default config (plus a free
 * port and in-memory SQLite), waits for it, checks that the catalog serves the
 * example entities and that the quality scorecard answers /health, then stops
 * it by its process group. Prints "N passed, N failed".
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { CatalogClient } = require('@backstage/catalog-client');

const root = path.resolve(__dirname, '../..');
const port = Number(process.env.SMOKE_PORT || 7127);
const base = `http://127.0.0.1:${port}`;
const token = 'smoke-test-static-token-0123456789';

const overrides = path.join(os.tmpdir(), `shewhart-smoke-${process.pid}.yaml`);
fs.writeFileSync(
  overrides,
  [
    'backend:',
    `  baseUrl: ${base}`,
    `  listen: { port: ${port}, host: 127.0.0.1 }`,
    "  database: { client: better-sqlite3, connection: ':memory:' }",
    '  auth:',
    '    externalAccess:',
    `      - { type: static, options: { token: ${token}, subject: smoke } }`,
  ].join('\n'),
);

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`not ok - ${name}: ${e.message}`);
  }
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitFor(fn, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(1000);
  }
  throw new Error(`timed out${last ? `: ${last.message}` : ''}`);
}

async function main() {
  const yarn = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');
  const child = spawn(
    process.execPath,
    [yarn, 'start', '--config', '../../app-config.yaml', '--config', overrides],
    { cwd: path.join(root, 'packages/backend'), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  const started = Date.now();
  try {
    await check('backend answers /api/quality-scorecard/health without credentials', async () => {
      await waitFor(async () => (await fetch(`${base}/api/quality-scorecard/health`)).ok, 180_000);
      console.log(`  backend up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
    const catalog = new CatalogClient({
      discoveryApi: { getBaseUrl: async id => `${base}/api/${id}` },
    });
    await check('catalog serves the example components and groups', async () => {
      const items = await waitFor(async () => {
        const res = await catalog.getEntities(
          { filter: { kind: ['Component', 'Group'] } },
          { token },
        );
        return res.items.length >= 13 ? res.items : undefined;
      }, 60_000);
      const names = items.map(e => e.metadata.name);
      for (const n of ['payments-api', 'checkout-web', 'identity', 'fraud-team', 'engineering']) {
        if (!names.includes(n)) throw new Error(`missing ${n}`);
      }
    });
    await check('events API refuses a request without credentials', async () => {
      const res = await fetch(`${base}/api/quality-scorecard/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"events":[]}',
      });
      if (res.status !== 401) throw new Error(`status ${res.status}`);
    });
    await check('CI gate: payments-api fails silver, passes after approved exemptions (examples/ci-gate.sh)', async () => {
      const { spawnSync } = require('child_process');
      // The demo's checks are evaluated once its snapshots are computed.
      await waitFor(async () => {
        const res = await fetch(`${base}/api/quality-scorecard/checks/entity/component/default/payments-api`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return res.ok && (await res.json()).results.length > 0;
      }, 60_000);
      const run = spawnSync('bash', [path.join(root, 'examples/ci-gate.sh')], {
        env: { ...process.env, BACKSTAGE_URL: base, SHEWHART_TOKEN: token },
        encoding: 'utf8',
        timeout: 60_000,
      });
      console.log(run.stdout.replace(/^/gm, '  | '));
      if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
      if (!/^FAIL component:default\/payments-api does not hold silver/m.test(run.stdout)) throw new Error('the gate did not fail first');
      if (!/^== the requester cannot approve it: 403/m.test(run.stdout)) throw new Error('the requester approved their own exemption');
      if (!/^== user:default\/ken approved exemption \d+ requested by user:default\/guest/m.test(run.stdout)) throw new Error('Ken did not approve the guest\'s request');
      if (!/^PASS component:default\/payments-api holds silver/m.test(run.stdout)) throw new Error('the gate did not pass after the exemptions');
    });
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await sleep(1500);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    fs.rmSync(overrides, { force: true });
  }
  const failed = results.filter(r => !r[1]).length;
  if (failed) console.log(log.split('\n').slice(-30).join('\n'));
  console.log(`smoke: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

/*
 * Shared helpers of the reliability tests: start the real example backend
 * (packages/backend) as a child process with an override config, wait for it,
 * kill it (SIGKILL, a crash) or stop it; make and drop PostgreSQL databases;
 * count stored events. Traffic stays on 127.0.0.1.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const backendDir = path.join(root, 'packages/backend');
const PG_URL = process.env.RELIABILITY_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const TOKEN = 'reliability-static-token-4f1c9a77e2d04b6b';
const GITHUB_SECRET = 'reliability-github-secret-9d2e71c0';
const PAGERDUTY_SECRET = 'reliability-pagerduty-secret-b83f55aa';
const BASE_PATH = '/api/quality-scorecard';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A free TCP port on loopback in 7300-7399 (the range kept for these tests). */
async function freePort(avoid = []) {
  const start = 7300 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 7300 + ((start - 7300 + i) % 100);
    if (avoid.includes(port)) continue;
    const ok = await new Promise(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port in 7300-7399');
}

function tmpDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `shewhart-${name}-`));
}

/** The database part of the backend config. */
function databaseConfig(db) {
  if (db.kind === 'sqlite') {
    return { client: 'better-sqlite3', connection: { directory: db.dir } };
  }
  // A connection string replaces app-config.yaml's connection object.
  return { client: 'pg', connection: PG_URL, prefix: db.prefix };
}

/**
 * Starts packages/backend the way `backstage-cli package start` runs it (its
 * node transform, NODE_ENV=development), but as one process of its own group,
 * so SIGKILL is a crash of the backend and nothing else.
 */
function startBackend(options) {
  const { port, db, name = 'backend', logDir } = options;
  const base = `http://127.0.0.1:${port}`;
  const config = {
    // The app bundle's assets need not be copied into the database at each start.
    app: { disableStaticFallbackCache: true },
    backend: {
      baseUrl: base,
      listen: { port, host: '127.0.0.1' },
      database: databaseConfig(db),
      auth: { externalAccess: [{ type: 'static', options: { token: TOKEN, subject: 'reliability' } }] },
    },
    qualityScorecard: {
      demoData: { enabled: false },
      github: { webhookSecret: GITHUB_SECRET },
      pagerduty: { webhookSecrets: [PAGERDUTY_SECRET] },
      ...(options.qualityScorecard ?? {}),
    },
  };
  const dir = logDir ?? tmpDir(name);
  const configFile = path.join(dir, `${name}-${port}.config.yaml`);
  // JSON is YAML.
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(dir, `${name}-${port}.log`);
  const out = fs.openSync(logFile, 'a');
  const configArgs = ['--config', '../../app-config.yaml', '--config', configFile];
  // Where the CLI's transform cannot be found, `yarn start` itself (its file
  // watcher then runs in the same process group).
  let transform;
  try {
    transform = require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [backendDir, root] });
  } catch {
    transform = undefined;
  }
  const child = spawn(
    process.execPath,
    transform
      ? ['--enable-source-maps', '--require', transform, 'src/index.ts', ...configArgs]
      : [path.join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'start', ...configArgs],
    {
      cwd: backendDir,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: options.logLevel ?? 'info',
        ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
      },
    },
  );
  fs.closeSync(out);
  let exited = false;
  const exit = new Promise(resolve =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const startedAt = Date.now();
  return {
    name,
    pid: child.pid,
    port,
    base,
    api: base + BASE_PATH,
    logFile,
    configFile,
    startedAt,
    get alive() {
      return !exited;
    },
    log: () => fs.readFileSync(logFile, 'utf8'),
    /**
     * Resolves when /health answers (with `complete`, once every plugin has
     * started); throws if the process exits or a plugin fails first.
     */
    async ready(timeoutMs = 240_000, { complete = false } = {}) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (exited) throw new Error(`${name} exited during startup; log tail:\n${tail(logFile)}`);
        const log = fs.readFileSync(logFile, 'utf8');
        if (/Backend startup failed|threw an error during startup/.test(log)) {
          throw new Error(`${name} failed to start; log tail:\n${tail(logFile)}`);
        }
        if (complete && !log.includes('Plugin initialization complete')) {
          await sleep(300);
          continue;
        }
        try {
          const res = await fetch(`${base}${BASE_PATH}/health`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) return (Date.now() - startedAt) / 1000;
        } catch {
          // not yet listening
        }
        await sleep(300);
      }
      throw new Error(`${name} not ready after ${timeoutMs / 1000} s; log tail:\n${tail(logFile)}`);
    },
    /** A crash: SIGKILL to the whole process group, no shutdown hooks. */
    async kill() {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      await Promise.race([exit, sleep(10_000)]);
    },
    /** A clean stop: SIGTERM, then SIGKILL after a grace period. */
    async stop(graceMs = 5000) {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      await Promise.race([exit, sleep(graceMs)]);
      if (!exited) await this.kill();
    },
    /** Resident set size of the backend process in kB (from /proc): the largest of its group. */
    rssKb() {
      return Math.max(0, ...groupPids(child.pid).map(rssOf));
    },
    /** The pid of the backend process (the largest of its group). */
    backendPid() {
      const pids = groupPids(child.pid);
      return pids.reduce((best, pid) => (rssOf(pid) > rssOf(best) ? pid : best), pids[0] ?? child.pid);
    },
  };
}

/** Processes of a process group, from /proc. */
function groupPids(pgid) {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A fresh database prefix for one run; drop() removes its databases. */
function pgPrefix(label) {
  return `shewhart_rel_${label}_${process.pid}_${Date.now().toString(36)}_`;
}

async function pgAdmin() {
  const { Client } = require(require.resolve('pg', { paths: [backendDir] }));
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  return client;
}

async function pgAvailable() {
  return new Promise(resolve => {
    const socket = net.connect(5432, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function pgDropPrefix(prefix) {
  const admin = await pgAdmin();
  try {
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix.replace(/_/g, '\\_')}%`,
    ]);
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** A client on the plugin's own database (PostgreSQL). */
async function pgPluginClient(prefix) {
  const { Client } = require(require.resolve('pg', { paths: [backendDir] }));
  const url = new URL(PG_URL);
  url.pathname = `/${prefix}quality-scorecard`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Counts rows per event table: SQLite read-only file, or PostgreSQL. */
const EVENT_TABLES = ['qs_pull_requests', 'qs_deployments', 'qs_incidents', 'qs_bugs'];

async function countRows(db, sql) {
  if (db.kind === 'sqlite') {
    const Database = require(require.resolve('better-sqlite3', { paths: [backendDir] }));
    const conn = new Database(path.join(db.dir, 'quality-scorecard.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return conn.prepare(sql).all();
    } finally {
      conn.close();
    }
  }
  const client = await pgPluginClient(db.prefix);
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function authFetch(url, init = {}) {
  return fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
}

/** Percentile of a sorted array of numbers. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Prints the JSON summary and exits 0 when every check passed. */
function finish(summary) {
  const failed = Object.entries(summary.checks ?? {}).filter(([, ok]) => !ok);
  summary.ok = failed.length === 0 && !summary.error;
  console.log(JSON.stringify(summary, null, 2));
  process.exit(summary.ok ? 0 : 1);
}

/** Kills every backend started by this script on any exit. */
function cleanupOnExit(backends) {
  const killAll = () => {
    for (const b of backends) {
      try {
        process.kill(-b.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Exits the script after a hard deadline, whatever it is doing. */
function deadline(seconds, summary) {
  const timer = setTimeout(() => {
    summary.error = `deadline of ${seconds} s exceeded`;
    finish(summary);
  }, seconds * 1000);
  timer.unref();
}

module.exports = {
  root,
  TOKEN,
  GITHUB_SECRET,
  PAGERDUTY_SECRET,
  BASE_PATH,
  EVENT_TABLES,
  sleep,
  freePort,
  tmpDir,
  startBackend,
  pgPrefix,
  pgAvailable,
  pgDropPrefix,
  pgPluginClient,
  countRows,
  authFetch,
  percentile,
  finish,
  cleanupOnExit,
  deadline,
  tail,
};

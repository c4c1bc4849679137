/*
 * Starts the real example backend (packages/backend) on a given SQLite
 * directory or PostgreSQL database config and catalog file, as a Backstage backend runs in production
 * (NODE_ENV=production, no source maps), from source through the CLI's
 * TypeScript transform (what `backstage-cli package start` loads) since the
 * workspace is not built; BENCH_BACKEND_MODE=development starts it as
 * `backstage-cli package start` does. In its own process group, so that it
 * can always be stopped with everything it started. `withoutPlugin` starts
 * it without the quality scorecard and what depends on it
 * (SHEWHART_WITHOUT_QUALITY_SCORECARD=1, packages/backend/src/index.ts), to
 * measure the plugin's share of its memory; bench/memoryProbe.js, preloaded,
 * samples the backend's own process.memoryUsage().
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';

const repoRoot = path.resolve(__dirname, '../../..');
const backendDir = path.join(repoRoot, 'packages/backend');

// Kept importable from here (checks-vs-tech-insights.ts and main.ts use them).
export { writeCatalog } from './catalogFile';
export { measure, percentile } from './measure';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const BACKGROUND_JOBS = [
  {
    name: 'quality-scorecard full recompute',
    start: /Marked \d+ entities for a full recompute/g,
    end: /Recomputed snapshots of \d+ entities/g,
  },
  {
    name: 'quality-scorecard rendering of stored scorecards',
    start: /Rendering stored scorecards that are not current/g,
    end: /Rendered \d+ stored scorecards/g,
  },
  {
    name: 'tech-insights fact retriever',
    start: /Retrieving facts for fact retriever/g,
    end: /Stored \d+ facts for fact retriever/g,
  },
];

const REAPER = `
const [bench, group] = process.argv.slice(1).map(Number);
const alive = pid => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(-group)) process.exit(0);
  if (!alive(bench)) { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); }
}, 1000);
`;

export interface BackendOptions {
  port: number;
  token: string;
  /** The SQLite directory (Backstage's directory mode), unless `database` is given. */
  sqliteDirectory?: string;
  /** backend.database, e.g. { client: 'pg', connection, prefix }. */
  database?: Record<string, unknown>;
  /** Without the quality scorecard plugin and its modules. */
  withoutPlugin?: boolean;
  catalogFile: string;
  workDir: string;
  /**
   * A catalog user who signs in through the guest provider (allowed outside
   * development for the bench), under the example policy's owners-only reads.
   */
  signInUser?: string;
}

export interface BackendHeap {
  /** Sampled once a second inside the backend (its main thread's V8 heap). */
  peakHeapUsedMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export class BenchBackend {
  private child?: ChildProcess;
  readonly baseUrl: string;
  readonly logFile: string;
  private readonly memoryFile: string;
  private exited = false;

  constructor(private readonly options: BackendOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    const name = options.withoutPlugin ? 'backend-without-plugin' : 'backend';
    this.logFile = path.join(options.workDir, `${name}.log`);
    this.memoryFile = path.join(options.workDir, `${name}-memory.json`);
  }

  /** A path that answers 200 once the backend serves. */
  get readyPath() {
    return this.options.withoutPlugin
      ? '/.backstage/health/v1/readiness'
      : '/api/quality-scorecard/health';
  }

  /** How the backend is started (BENCH_BACKEND_MODE). */
  get mode(): 'production' | 'development' {
    return process.env.BENCH_BACKEND_MODE === 'development'
      ? 'development'
      : 'production';
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    const { port, token, sqliteDirectory, catalogFile, workDir } = this.options;
    const database = this.options.database ?? {
      client: 'better-sqlite3',
      connection: { directory: sqliteDirectory },
    };
    const override = path.join(workDir, 'bench-config.yaml');
    // JSON is YAML; the arrays replace those of app-config.yaml.
    const config = {
      backend: {
        baseUrl: this.baseUrl,
        listen: { port, host: '127.0.0.1' },
        database,
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'bench' } },
          ],
        },
      },
      catalog: {
        rules: [
          { allow: ['Component', 'Group', 'User', 'System', 'Location'] },
        ],
        locations: [{ type: 'file', target: catalogFile }],
      },
      qualityScorecard: { demoData: { enabled: false } },
      ...(this.options.signInUser
        ? {
            auth: {
              providers: {
                guest: {
                  userEntityRef: this.options.signInUser,
                  dangerouslyAllowOutsideDevelopment: true,
                },
              },
            },
            permission: {
              enabled: true,
              shewhartExample: { ownersOnlyReads: true },
            },
          }
        : {}),
    };
    fs.writeFileSync(override, JSON.stringify(config, null, 2));
    const log = fs.openSync(this.logFile, 'a');
    const development = this.mode === 'development';
    // What `backstage-cli package start` runs, without its watcher parent,
    // so that this pid is the backend itself (for its peak RSS).
    const transform = require.resolve(
      '@backstage/cli-node/config/nodeTransform.cjs',
      {
        paths: [require.resolve('@backstage/cli/package.json')],
      },
    );
    this.child = spawn(
      process.execPath,
      [
        ...(development ? ['--enable-source-maps'] : []),
        // e.g. BENCH_BACKEND_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
        ...(process.env.BENCH_BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ??
          []),
        '--require',
        transform,
        '--require',
        path.join(__dirname, 'memoryProbe.js'),
        'src/index',
        '--config',
        '../../app-config.yaml',
        '--config',
        override,
      ],
      {
        cwd: backendDir,
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          NODE_ENV: development ? 'development' : 'production',
          BENCH_MEMORY_FILE: this.memoryFile,
          ...(this.options.withoutPlugin
            ? { SHEWHART_WITHOUT_QUALITY_SCORECARD: '1' }
            : {}),
        },
      },
    );
    fs.closeSync(log);
    this.child.on('exit', () => {
      this.exited = true;
    });
    // Should the bench itself be killed (SIGKILL runs no handler), a small
    // reaper in its own process group stops the backend's group.
    if (this.child.pid) {
      spawn(
        process.execPath,
        ['-e', REAPER, String(process.pid), String(this.child.pid)],
        {
          detached: true,
          stdio: 'ignore',
        },
      ).unref();
    }
  }

  get running() {
    return !!this.child && !this.exited;
  }

  /** GET with the static token, or with a user's token where given. */
  async fetch(pathname: string, token?: string): Promise<Response> {
    return fetch(`${this.baseUrl}${pathname}`, {
      headers: { authorization: `Bearer ${token ?? this.options.token}` },
    });
  }

  /** A user token of `signInUser`, through the guest provider. */
  async userToken(): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok)
      throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
    return ((await res.json()) as any).backstageIdentity.token;
  }

  async json<T = any>(pathname: string): Promise<T> {
    const res = await this.fetch(pathname);
    if (!res.ok)
      throw new Error(
        `GET ${pathname}: ${res.status} ${(await res.text()).slice(0, 300)}`,
      );
    return (await res.json()) as T;
  }

  async waitUntil<T>(
    what: string,
    fn: () => Promise<T | undefined>,
    timeoutMs: number,
    everyMs = 2000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < until) {
      if (!this.running)
        throw new Error(`the backend exited while waiting for ${what}`);
      try {
        const v = await fn();
        if (v !== undefined) return v;
      } catch (e) {
        last = e;
      }
      await sleep(everyMs);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
  }

  /** VmHWM and VmRSS of the backend process, in MB. */
  memory(): { peakMb: number; currentMb: number } | undefined {
    if (!this.child?.pid) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (key: string) =>
        Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
      return { peakMb: kb('VmHWM') / 1024, currentMb: kb('VmRSS') / 1024 };
    } catch {
      return undefined;
    }
  }

  /** The backend's own V8 heap figures, from bench/memoryProbe.js. */
  heap(): BackendHeap | undefined {
    try {
      const { now, peak } = JSON.parse(
        fs.readFileSync(this.memoryFile, 'utf8'),
      );
      const mb = (b: number) => Math.round(b / 1024 / 1024);
      return {
        peakHeapUsedMb: mb(peak.heapUsed),
        heapUsedMb: mb(now.heapUsed),
        heapTotalMb: mb(now.heapTotal),
        externalMb: mb(now.external),
      };
    } catch {
      return undefined;
    }
  }

  /** Stops the backend's process group: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000) {
    const pid = this.child?.pid;
    if (!pid || this.exited) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const until = Date.now() + graceMs;
    while (!this.exited && Date.now() < until) await sleep(200);
    this.killNow();
  }

  /** Synchronous last resort (process exit handlers). */
  killNow() {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /**
   * Background jobs of the backend that would distort read latencies, from
   * its log: the daily full recompute (first run 10 minutes after start) and
   * the tech-insights fact retriever. `started` counts every start seen.
   */
  backgroundJobs(): { running: string[]; started: number } {
    let text = '';
    try {
      text = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return { running: [], started: 0 };
    }
    // eslint-disable-next-line no-control-regex
    text = text.replace(/\u001b\[[0-9;]*m/g, '');
    const running: string[] = [];
    let started = 0;
    for (const job of BACKGROUND_JOBS) {
      const starts = text.match(job.start)?.length ?? 0;
      const ends = text.match(job.end)?.length ?? 0;
      started += starts;
      if (starts > ends) running.push(job.name);
    }
    return { running, started };
  }

  tail(lines = 40): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }
}

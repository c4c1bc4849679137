/*
 * Starts the real example backend (packages/backend) on a given SQLite
 * directory and catalog file, as a Backstage backend runs in production
 * (NODE_ENV=production, no source maps), from source through the CLI's
 * TypeScript transform (what `backstage-cli package start` loads) since the
 * workspace is not built; BENCH_BACKEND_MODE=development starts it as
 * `backstage-cli package start` does. In its own process group, so that it
 * can always be stopped with everything it started.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Group, SyntheticOrg } from './generate';

const repoRoot = path.resolve(__dirname, '../../..');
const backendDir = path.join(repoRoot, 'packages/backend');

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

const GROUP_TYPES = { 1: 'division', 2: 'department', 3: 'team' } as const;

/** The catalog of the synthetic organisation as one multi-document YAML file. */
export function writeCatalog(org: SyntheticOrg, file: string) {
  const out = fs.createWriteStream(file);
  const lines: string[] = [];
  const flush = () => {
    out.write(lines.join('\n'));
    lines.length = 0;
  };
  const group = (g: Group) => {
    lines.push(
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata:',
      `  name: ${g.name}`,
      'spec:',
      `  type: ${GROUP_TYPES[g.level]}`,
      `  profile: { displayName: ${JSON.stringify(g.name.replace('-', ' '))} }`,
      ...(g.parent ? [`  parent: group:default/${g.parent}`] : []),
      `  children: [${g.children.map(c => `group:default/${c}`).join(', ')}]`,
      '',
    );
  };
  for (const g of org.groups) group(g);
  for (const g of org.groups) {
    for (const m of g.members) {
      lines.push(
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: User',
        'metadata:',
        `  name: ${m}`,
        'spec:',
        `  memberOf: [group:default/${g.name}]`,
        '',
      );
    }
    if (g.level === 3) {
      lines.push(
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: System',
        'metadata:',
        `  name: ${g.name}-system`,
        'spec:',
        `  owner: group:default/${g.name}`,
        '',
      );
    }
  }
  flush();
  for (const s of org.services) {
    lines.push(
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${s.name}`,
      '  annotations:',
      `    github.com/project-slug: ${s.slug}`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      `  owner: group:default/${s.team}`,
      `  system: ${s.team}-system`,
      '',
    );
    if (lines.length > 5000) flush();
  }
  flush();
  return new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
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
  sqliteDirectory: string;
  catalogFile: string;
  workDir: string;
  /**
   * A catalog user who signs in through the guest provider (allowed outside
   * development for the bench), under the example policy's owners-only reads.
   */
  signInUser?: string;
}

export class BenchBackend {
  private child?: ChildProcess;
  readonly baseUrl: string;
  readonly logFile: string;
  private exited = false;

  constructor(private readonly options: BackendOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.logFile = path.join(options.workDir, 'backend.log');
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
    const override = path.join(workDir, 'bench-config.yaml');
    // JSON is YAML; the arrays replace those of app-config.yaml.
    const config = {
      backend: {
        baseUrl: this.baseUrl,
        listen: { port, host: '127.0.0.1' },
        database: {
          client: 'better-sqlite3',
          connection: { directory: sqliteDirectory },
        },
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

/**
 * Latencies in ms of GET `paths` (in the order of `paths`), `concurrency` at
 * a time, until the whole body is received and decoded; `headers`, when
 * given, receives the time until the response headers arrived.
 */
export async function measure(
  backend: BenchBackend,
  paths: string[],
  concurrency: number,
  check?: (path: string, body: string) => void,
  headers?: number[],
  token?: string,
): Promise<number[]> {
  const latencies: number[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next++;
      const p = paths[index];
      const started = performance.now();
      const res = await backend.fetch(p, token);
      if (headers) headers[index] = performance.now() - started;
      const body = await res.text();
      latencies[index] = performance.now() - started;
      if (res.status !== 200)
        throw new Error(`GET ${p}: ${res.status} ${body.slice(0, 300)}`);
      check?.(p, body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/*
 * The bench on PostgreSQL: every database of a run carries one prefix
 * (`shewhart_bench_<pid>_<time>_`), as Backstage names plugin databases
 * `${backend.database.prefix}${pluginId}` in its default pluginDivisionMode
 * 'database'. The plugin's database is `<prefix>quality-scorecard`, created and
 * connected to by Backstage's own DatabaseManager (knex client 'pg', as the
 * plugin gets it); the raw baseline writes into `<prefix>raw-baseline`. At
 * the end every database with the prefix is dropped: asynchronously on the
 * normal path, by a synchronous child process in exit handlers, and by a
 * detached reaper should the bench be killed with SIGKILL.
 */
import { spawn, spawnSync } from 'child_process';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';

export const PLUGIN_ID = 'quality-scorecard';

/** The parts of a connection string the backend config takes. */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
}

export function parsePgConnection(connectionString: string): PgConnection {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error(`--pg: not a connection string: ${connectionString}`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
    throw new Error(`--pg: not a postgresql:// URL: ${connectionString}`);
  return {
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** A prefix no other run uses: only [a-z0-9_], well under PostgreSQL's 63 bytes with a plugin id. */
export function runPrefix(): string {
  return `shewhart_bench_${process.pid}_${Date.now().toString(36)}_`;
}

// The parts of the `pg` driver (a devDependency, without bundled types) used here.
export interface PgClient {
  connect(): Promise<void>;
  query(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: Array<Record<string, any>>; rowCount: number | null }>;
  end(): Promise<void>;
}
const pgModulePath = require.resolve('pg');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require(pgModulePath) as {
  Client: new (config: PgConnection & { database: string }) => PgClient;
};

export async function pgClient(
  connection: PgConnection,
  database: string,
): Promise<PgClient> {
  const client = new Client({ ...connection, database });
  await client.connect();
  return client;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs `fn` on a client of the server's maintenance database `postgres`. */
async function withAdmin<T>(
  connection: PgConnection,
  fn: (admin: PgClient) => Promise<T>,
): Promise<T> {
  const admin = await pgClient(connection, 'postgres');
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Fails early, and plainly, when no PostgreSQL answers. */
export async function serverInfo(connection: PgConnection) {
  try {
    return await withAdmin(connection, async admin => {
      const version = (await admin.query('SHOW server_version')).rows[0]
        .server_version as string;
      const synchronousCommit = (await admin.query('SHOW synchronous_commit'))
        .rows[0].synchronous_commit as string;
      return { serverVersion: version, synchronousCommit };
    });
  } catch (e) {
    throw new Error(
      `no PostgreSQL at ${connection.host}:${connection.port} as ${
        connection.user
      } (${
        (e as Error).message
      }); pass --pg <connection string>, or --db sqlite`,
    );
  }
}

export async function createDatabase(connection: PgConnection, name: string) {
  await withAdmin(connection, admin =>
    admin.query(`CREATE DATABASE ${quoteIdent(name)}`),
  );
}

export async function databaseSizeBytes(
  connection: PgConnection,
  name: string,
): Promise<number> {
  return withAdmin(connection, async admin =>
    Number(
      (await admin.query('SELECT pg_database_size($1) AS bytes', [name]))
        .rows[0].bytes,
    ),
  );
}

const LIKE_PREFIX = (prefix: string) => `${prefix.replace(/_/g, '\\_')}%`;

/**
 * Drops every database of the run (connections forced out); returns their
 * names. Each DROP DATABASE waits for a checkpoint (about 2 s here): issued
 * together, from a connection each, they share checkpoints.
 */
export async function dropPrefix(
  connection: PgConnection,
  prefix: string,
): Promise<string[]> {
  const names = await withAdmin(connection, async admin =>
    (
      await admin.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [LIKE_PREFIX(prefix)],
      )
    ).rows.map(r => r.datname as string),
  );
  await Promise.all(
    names.map(name =>
      withAdmin(connection, admin =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      ),
    ),
  );
  return names;
}

// The same drop, in plain JS for a child process: node -e DROP_SCRIPT <pg> <connection> <prefix> [<bench pid>].
// With a bench pid it waits, as a reaper, until that process is gone.
const DROP_SCRIPT = `
const [pgPath, conn, prefix, benchPid] = process.argv.slice(1);
const { Client } = require(pgPath);
const alive = pid => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function admin(fn) {
  const client = new Client({ ...JSON.parse(conn), database: 'postgres' });
  await client.connect();
  try { return await fn(client); } finally { await client.end(); }
}
async function drop() {
  const { rows } = await admin(c => c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [prefix.replace(/_/g, '\\\\_') + '%']));
  await Promise.all(rows.map(({ datname }) => admin(c => c.query('DROP DATABASE IF EXISTS "' + datname + '" WITH (FORCE)'))));
}
if (benchPid) {
  const timer = setInterval(() => {
    if (alive(Number(benchPid))) return;
    clearInterval(timer);
    drop().then(() => process.exit(0), () => process.exit(1));
  }, 2000);
} else drop().then(() => process.exit(0), e => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
`;

/** For exit handlers, which cannot await: drops the run's databases in a child process. */
export function dropPrefixSync(connection: PgConnection, prefix: string) {
  const result = spawnSync(
    process.execPath,
    ['-e', DROP_SCRIPT, pgModulePath, JSON.stringify(connection), prefix],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
  );
  if (result.status !== 0) {
    process.stderr.write(
      `[bench] could not drop the databases ${prefix}*: ${
        result.stderr?.toString() || result.error || result.signal
      }\n`,
    );
  }
}

/** Should the bench be killed (SIGKILL runs no handler), a detached reaper drops its databases. */
export function startDropReaper(connection: PgConnection, prefix: string) {
  spawn(
    process.execPath,
    [
      '-e',
      DROP_SCRIPT,
      pgModulePath,
      JSON.stringify(connection),
      prefix,
      String(process.pid),
    ],
    { detached: true, stdio: 'ignore', cwd: path.dirname(pgModulePath) },
  ).unref();
}

const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** The backend.database config of a backend serving from the run's databases. */
export function backendDatabaseConfig(
  connection: PgConnection,
  prefix: string,
) {
  return { client: 'pg', connection, prefix };
}

/**
 * The plugin's knex client as a backend hands it to the plugin: Backstage's
 * DatabaseManager from the same backend.database config (it creates
 * `<prefix>quality-scorecard` when missing).
 */
export async function openPluginDatabase(
  connection: PgConnection,
  prefix: string,
): Promise<{ knex: Knex; close: () => Promise<void> }> {
  const manager = DatabaseManager.fromConfig(
    new ConfigReader({
      backend: { database: backendDatabaseConfig(connection, prefix) },
    }),
  );
  const service = manager.forPlugin(PLUGIN_ID, {
    logger: quietLogger,
    lifecycle: {
      addStartupHook() {},
      addBeforeShutdownHook() {},
      addShutdownHook() {},
    },
    pluginMetadata: { getId: () => PLUGIN_ID },
  } as any);
  const knex = await service.getClient();
  return {
    knex,
    close: async () => {
      await (manager as any).impl?.shutdown?.();
      await knex.destroy();
    },
  };
}

/** A second database with the plugin's schema, for the raw baseline. */
export async function createMigratedDatabase(
  connection: PgConnection,
  name: string,
) {
  await createDatabase(connection, name);
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database: name },
  });
  try {
    await knex.migrate.latest({
      directory: DatabaseQualityStore.migrationsDirectory(),
    });
  } finally {
    await knex.destroy();
  }
}

/*
 * The database a bench run stands on, SQLite or PostgreSQL: the plugin's
 * knex client as the plugin gets it, the raw baseline beside it, the
 * database's size, the backend.database config of a backend serving from
 * it, and the cleanup (also synchronous, for exit handlers).
 */
import fs from 'fs';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import type { Args, DatabaseKind } from './args';
import { log } from './args';
import { PgRawInserter, RawBaseline, RawInserter } from './rawInsert';
import {
  PLUGIN_ID,
  PgConnection,
  backendDatabaseConfig,
  createMigratedDatabase,
  databaseSizeBytes,
  dropPrefix,
  dropPrefixSync,
  openPluginDatabase,
  parsePgConnection,
  pgClient,
  runPrefix,
  serverInfo,
  startDropReaper,
} from './postgres';

export interface BenchDatabase {
  readonly kind: DatabaseKind;
  /** What the report says of the database. */
  readonly info: Record<string, unknown>;
  /** The plugin's knex client (opened once; closed by closePlugin). */
  openPlugin(): Promise<Knex>;
  closePlugin(): Promise<void>;
  /** A second database with the plugin's schema, for the raw baseline. */
  openRaw(): Promise<RawBaseline>;
  /** Removes the raw baseline's database. */
  dropRaw(): Promise<void>;
  /** The plugin database's size on disk, in bytes. */
  sizeBytes(): Promise<number>;
  /** A knex config of the plugin's database, for other processes. */
  pluginKnexConfig(): Knex.Config;
  /**
   * backend.database of a backend serving from the plugin's database, or,
   * with `variant`, from a fresh set of databases of its own.
   */
  backendDatabase(variant?: string): Record<string, unknown>;
  /** Drops what the run created (unless kept); the normal path. */
  cleanup(): Promise<void>;
  /** The same from an exit handler, which cannot await. */
  cleanupSync(): void;
}

/** Backstage's SQLite directory mode: one `<pluginId>.sqlite` per plugin. */
class SqliteBenchDatabase implements BenchDatabase {
  readonly kind = 'sqlite';
  readonly info: Record<string, unknown>;
  private readonly dir: string;
  private readonly pluginFile: string;
  private readonly rawFile: string;
  private knex?: Knex;

  constructor(private readonly workDir: string, private readonly args: Args) {
    this.dir = path.join(workDir, 'sqlite');
    this.pluginFile = path.join(this.dir, `${PLUGIN_ID}.sqlite`);
    this.rawFile = path.join(workDir, 'raw-baseline.sqlite');
    this.info = {
      database: 'sqlite',
      sqliteJournalMode: args.wal ? 'wal' : 'delete (default)',
    };
    if (args.reuse) {
      if (!fs.existsSync(this.pluginFile))
        throw new Error(`--reuse: no ${this.pluginFile}`);
    } else fs.mkdirSync(this.dir, { recursive: true });
  }

  async openPlugin() {
    if (!this.knex) {
      this.knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: this.pluginFile },
        useNullAsDefault: true,
      });
      if (this.args.wal) await this.knex.raw('PRAGMA journal_mode = WAL'); // persists in the file
    }
    return this.knex;
  }

  async closePlugin() {
    await this.knex?.destroy();
    this.knex = undefined;
  }

  async openRaw() {
    const rawKnex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: this.rawFile },
      useNullAsDefault: true,
    });
    await rawKnex.migrate.latest({
      directory: DatabaseQualityStore.migrationsDirectory(),
    });
    await rawKnex.destroy();
    return new RawInserter(this.rawFile);
  }

  async dropRaw() {
    fs.rmSync(this.rawFile, { force: true });
  }

  async sizeBytes() {
    return fs.statSync(this.pluginFile).size;
  }

  pluginKnexConfig(): Knex.Config {
    return {
      client: 'better-sqlite3',
      connection: { filename: this.pluginFile },
      useNullAsDefault: true,
    };
  }

  backendDatabase(variant?: string) {
    let directory = this.dir;
    if (variant) {
      directory = path.join(this.workDir, `sqlite-${variant}`);
      fs.rmSync(directory, { recursive: true, force: true });
      fs.mkdirSync(directory);
    }
    return { client: 'better-sqlite3', connection: { directory } };
  }

  // The work directory, removed by main.ts, holds every file.
  async cleanup() {}
  cleanupSync() {}
}

class PostgresBenchDatabase implements BenchDatabase {
  readonly kind = 'postgres';
  readonly info: Record<string, unknown>;
  private plugin?: { knex: Knex; close: () => Promise<void> };
  private dropped = false;

  constructor(
    private readonly connection: PgConnection,
    private readonly prefix: string,
    private readonly keep: boolean,
    server: { serverVersion: string; synchronousCommit: string },
  ) {
    this.info = {
      database: 'postgres',
      postgres: {
        serverVersion: server.serverVersion,
        // Read with SHOW: the bench changes nothing of the server's durability.
        synchronousCommit: server.synchronousCommit,
        host: `${connection.host}:${connection.port}`,
        databasePrefix: prefix,
        pluginDatabase: `${prefix}${PLUGIN_ID}`,
      },
    };
  }

  async openPlugin() {
    if (!this.plugin)
      this.plugin = await openPluginDatabase(this.connection, this.prefix);
    return this.plugin.knex;
  }

  async closePlugin() {
    await this.plugin?.close();
    this.plugin = undefined;
  }

  private get rawName() {
    return `${this.prefix}raw-baseline`;
  }

  async openRaw() {
    await createMigratedDatabase(this.connection, this.rawName);
    return new PgRawInserter(await pgClient(this.connection, this.rawName));
  }

  async dropRaw() {
    await dropPrefix(this.connection, this.rawName);
  }

  async sizeBytes() {
    return databaseSizeBytes(this.connection, `${this.prefix}${PLUGIN_ID}`);
  }

  pluginKnexConfig(): Knex.Config {
    return {
      client: 'pg',
      connection: {
        ...this.connection,
        database: `${this.prefix}${PLUGIN_ID}`,
      },
    };
  }

  backendDatabase(variant?: string) {
    // Another prefix under the run's prefix: its own catalog and the rest.
    const prefix = variant
      ? `${this.prefix}${variant.replace(/\W/g, '_')}_`
      : this.prefix;
    return backendDatabaseConfig(this.connection, prefix);
  }

  async cleanup() {
    if (this.keep || this.dropped) return;
    await this.closePlugin();
    const names = await dropPrefix(this.connection, this.prefix);
    this.dropped = true;
    log(`dropped ${names.length} databases ${this.prefix}*`);
  }

  cleanupSync() {
    if (this.keep || this.dropped) return;
    this.dropped = true;
    dropPrefixSync(this.connection, this.prefix);
  }
}

/** The run's database; on PostgreSQL a fresh set of databases (or, with --reuse, the kept run's). */
export async function openBenchDatabase(
  args: Args,
  workDir: string,
  meta: { pgPrefix?: string },
): Promise<BenchDatabase> {
  if (args.db === 'sqlite') return new SqliteBenchDatabase(workDir, args);
  const connection = parsePgConnection(args.pg);
  const server = await serverInfo(connection);
  const keep = args.keep || !!args.reuse;
  let prefix: string;
  if (args.reuse) {
    if (!meta.pgPrefix)
      throw new Error(`--reuse: ${workDir} holds no PostgreSQL run`);
    prefix = meta.pgPrefix;
  } else {
    prefix = runPrefix();
    meta.pgPrefix = prefix;
    if (!keep) startDropReaper(connection, prefix);
  }
  log(
    `PostgreSQL ${server.serverVersion} at ${connection.host}:${
      connection.port
    }, synchronous_commit ${server.synchronousCommit}, databases ${prefix}*${
      keep ? ' (kept)' : ''
    }`,
  );
  return new PostgresBenchDatabase(connection, prefix, keep, server);
}

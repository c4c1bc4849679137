/*
 * The scorecard bench's command line (see main.ts for the options) and the
 * small helpers every part of it uses: the progress log, MB and rounding.
 */

export type DatabaseKind = 'sqlite' | 'postgres';

export const DEFAULT_PG_CONNECTION =
  'postgresql://postgres@127.0.0.1:5432/postgres';

export interface Args {
  quick: boolean;
  services?: number;
  prs?: number;
  concurrency: number;
  requests?: number;
  rollupRequests?: number;
  http: boolean;
  keep: boolean;
  timeoutMinutes?: number;
  seed: number;
  wal: boolean;
  reuse?: string;
  db: DatabaseKind;
  pg: string;
  /** Events of the concurrent-ingest measurement, per client count. */
  concurrencyEvents?: number;
  /** The backend a second time without the plugin (default: full size only). */
  memory?: boolean;
  sharedRecompute?: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    concurrency: 4,
    http: true,
    keep: false,
    seed: 20261124,
    wal: false,
    db: 'sqlite',
    pg: process.env.BENCH_POSTGRES_CONNECTION || DEFAULT_PG_CONNECTION,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0)
        throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--services') args.services = value();
    else if (a === '--prs') args.prs = value();
    else if (a === '--concurrency') args.concurrency = value();
    else if (a === '--requests') args.requests = value();
    else if (a === '--rollup-requests') args.rollupRequests = value();
    else if (a === '--no-http') args.http = false;
    else if (a === '--keep') args.keep = true;
    else if (a === '--timeout-minutes') args.timeoutMinutes = value();
    else if (a === '--seed') args.seed = value();
    else if (a === '--wal') args.wal = true;
    else if (a === '--concurrency-events') args.concurrencyEvents = value();
    else if (a === '--memory') args.memory = true;
    else if (a === '--no-memory') args.memory = false;
    else if (a === '--no-shared-recompute') args.sharedRecompute = false;
    else if (a === '--db') {
      const db = argv[++i];
      if (db !== 'sqlite' && db !== 'postgres')
        throw new Error(
          '--db takes sqlite or postgres here (bench/run.js runs both)',
        );
      args.db = db;
    } else if (a === '--pg') {
      args.pg = argv[++i];
      if (!args.pg) throw new Error('--pg needs a connection string');
    } else if (a === '--reuse') {
      args.reuse = argv[++i];
      if (!args.reuse)
        throw new Error('--reuse needs the work directory of a --keep run');
    } else throw new Error(`Unknown option ${a}`);
  }
  if (args.wal && args.db !== 'sqlite')
    throw new Error('--wal is an option of the SQLite file (--db sqlite)');
  return args;
}

export function modeOf(args: Args) {
  if (args.quick) return 'quick';
  return args.services || args.prs ? 'custom' : 'full';
}

export const log = (...parts: unknown[]) =>
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`,
  );

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const round = (v: number, digits = 1) =>
  Number.isFinite(v) ? Number(v.toFixed(digits)) : null;

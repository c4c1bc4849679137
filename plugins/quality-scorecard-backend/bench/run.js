#!/usr/bin/env node
/*
 * Entry point of `yarn bench`: runs, one after the other and each in its own
 * process (so neither's memory or JIT state colours the other's figures),
 *   1. bench/main.ts: ingest, recompute and HTTP reads of a synthetic
 *      organisation (2,000 services, 1,000,000 PRs; --quick: 50 services), on
 *      SQLite and on PostgreSQL (one process each), and
 *   2. bench/checks-vs-tech-insights.ts: check results from the quality
 *      scorecard beside the community tech-insights backend's checks/run
 *      (2,000 services; --quick: 100),
 * and prints one JSON object with the reports. Progress goes to stderr.
 *
 *   yarn bench                     all, full size, the scorecard on both databases
 *   yarn bench --quick             all, CI size (checks that the bench works)
 *   yarn bench --db sqlite         the scorecard on SQLite only (or --db postgres; --db both
 *                                  is the default: report.scorecard.{sqlite,postgres} and
 *                                  report.scorecard.sideBySide)
 *   yarn bench --pg URL            the PostgreSQL server (default $BENCH_POSTGRES_CONNECTION
 *                                  or postgresql://postgres@127.0.0.1:5432/postgres)
 *   yarn bench --only scorecard    just the first (its options: see main.ts)
 *   yarn bench --only checks       just the second (its options: see that file)
 *
 * --quick, --keep and --timeout-minutes go to every part; --db and --pg to the
 * scorecard bench; any other option goes to the part named with --only (or to
 * the scorecard bench when all run).
 * Exits non-zero when a part fails; missed targets are reported, not failed.
 */
const { spawn } = require('child_process');
const path = require('path');
const { sideBySide } = require('./sideBySide');

const PARTS = {
  scorecard: 'main.ts',
  checks: 'checks-vs-tech-insights.ts',
};
const SHARED = new Set(['--quick', '--keep']);
const SHARED_WITH_VALUE = new Set(['--timeout-minutes']);

const DATABASES = ['sqlite', 'postgres', 'both'];

function parse(argv) {
  let only;
  let db = 'both';
  const shared = [];
  const own = [];
  const scorecard = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') {
      db = argv[++i];
      if (!DATABASES.includes(db)) {
        throw new Error(`--db takes one of: ${DATABASES.join(', ')}`);
      }
    } else if (a === '--pg') {
      if (!argv[i + 1]) throw new Error('--pg needs a connection string');
      scorecard.push(a, argv[++i]);
    } else if (a === '--only') {
      only = argv[++i];
      if (!PARTS[only]) {
        throw new Error(
          `--only takes one of: ${Object.keys(PARTS).join(', ')}`,
        );
      }
    } else if (SHARED.has(a)) shared.push(a);
    else if (SHARED_WITH_VALUE.has(a)) shared.push(a, argv[++i]);
    else own.push(a);
  }
  return { only, db, shared, own, scorecard };
}

function runPart(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@backstage/cli/config/nodeTransform.cjs',
        path.join(__dirname, file),
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.join(__dirname, '..') },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    const forward = signal => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code !== 0) {
        reject(new Error(`${file} exited with ${signal ?? code}`));
        return;
      }
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(new Error(`${file} printed no JSON report: ${e.message}`));
      }
    });
  });
}

async function main() {
  const { only, db, shared, own, scorecard } = parse(process.argv.slice(2));
  const started = Date.now();
  const report = {};
  if (!only || only === 'scorecard') {
    const args = [...shared, ...own, ...scorecard];
    if (db === 'both') {
      // One process per database, SQLite first; then the two side by side.
      const sqlite = await runPart(PARTS.scorecard, [
        ...args,
        '--db',
        'sqlite',
      ]);
      const postgres = await runPart(PARTS.scorecard, [
        ...args,
        '--db',
        'postgres',
      ]);
      report.scorecard = {
        sideBySide: sideBySide(sqlite, postgres),
        sqlite,
        postgres,
        allTargetsMet: sqlite.allTargetsMet && postgres.allTargetsMet,
      };
    } else {
      report.scorecard = await runPart(PARTS.scorecard, [...args, '--db', db]);
    }
  }
  if (!only || only === 'checks') {
    report.checksVsTechInsights = await runPart(PARTS.checks, [
      ...shared,
      ...(only ? own : []),
    ]);
  }
  const met = [];
  if (report.scorecard) met.push(report.scorecard.allTargetsMet);
  if (report.checksVsTechInsights)
    met.push(report.checksVsTechInsights.targetMet);
  report.allTargetsMet = met.every(Boolean);
  report.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error.message}\n`);
  process.exit(1);
});

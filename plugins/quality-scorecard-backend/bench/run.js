#!/usr/bin/env node
/*
 * Entry point of `yarn bench`: runs, one after the other and each in its own
 * process (so neither's memory or JIT state colours the other's figures),
 *   1. bench/main.ts: ingest, recompute and HTTP reads of a synthetic
 *      organisation (2,000 services, 1,000,000 PRs; --quick: 50 services), and
 *   2. bench/checks-vs-tech-insights.ts: check results from the quality
 *      scorecard beside the community tech-insights backend's checks/run
 *      (2,000 services; --quick: 100),
 * and prints one JSON object with both reports. Progress goes to stderr.
 *
 *   yarn bench                     both, full size
 *   yarn bench --quick             both, CI size (checks that the bench works)
 *   yarn bench --only scorecard    just the first (its options: see main.ts)
 *   yarn bench --only checks       just the second (its options: see that file)
 *
 * --quick, --keep and --timeout-minutes go to both; any other option goes to
 * the part named with --only (or to the scorecard bench when both run).
 * Exits non-zero when a part fails; missed targets are reported, not failed.
 */
const { spawn } = require('child_process');
const path = require('path');

const PARTS = {
  scorecard: 'main.ts',
  checks: 'checks-vs-tech-insights.ts',
};
const SHARED = new Set(['--quick', '--keep']);
const SHARED_WITH_VALUE = new Set(['--timeout-minutes']);

function parse(argv) {
  let only;
  const shared = [];
  const own = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') {
      only = argv[++i];
      if (!PARTS[only]) {
        throw new Error(`--only takes one of: ${Object.keys(PARTS).join(', ')}`);
      }
    } else if (SHARED.has(a)) shared.push(a);
    else if (SHARED_WITH_VALUE.has(a)) shared.push(a, argv[++i]);
    else own.push(a);
  }
  return { only, shared, own };
}

function runPart(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@backstage/cli/config/nodeTransform.cjs', path.join(__dirname, file), ...args],
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
  const { only, shared, own } = parse(process.argv.slice(2));
  const started = Date.now();
  const report = {};
  if (!only || only === 'scorecard') {
    report.scorecard = await runPart(PARTS.scorecard, [...shared, ...own]);
  }
  if (!only || only === 'checks') {
    report.checksVsTechInsights = await runPart(PARTS.checks, [
      ...shared,
      ...(only ? own : []),
    ]);
  }
  const met = [];
  if (report.scorecard) met.push(report.scorecard.allTargetsMet);
  if (report.checksVsTechInsights) met.push(report.checksVsTechInsights.targetMet);
  report.allTargetsMet = met.every(Boolean);
  report.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error.message}\n`);
  process.exit(1);
});

/*
 * Runs the reliability tests and prints one JSON summary (also written to
 * test/output/reliability-<mode>.json). Exits non-zero if any failed.
 *
 *   node test/reliability/run.js --quick   what CI affords (scripts/test.sh):
 *       crash safety with 10,000 events and one SIGKILL on SQLite and on
 *       PostgreSQL, the several-instances test, and 10 s of load with 50
 *       senders and 20 readers. The first three run side by side; the load
 *       starts when the crash tests are done. The hostile-input and access
 *       tests run in the plugin's jest suite (2,000 fuzzed requests per
 *       database), which the test script runs before.
 *   node test/reliability/run.js           the full size, one at a time:
 *       100,000 events and four SIGKILLs per database, longer observation of
 *       several instances, 200 senders and 50 readers for 60 s, ingestion
 *       throughput (batches of 1,000 through POST /events, SQLite and
 *       PostgreSQL), and the plugin's hostile-input (10,000 requests per
 *       database) and access tests.
 *
 * PostgreSQL tests need one on 127.0.0.1:5432 (user postgres, trust); without
 * it they say so and fail.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./lib');

const quick = process.argv.includes('--quick');
const mode = quick ? 'quick' : 'full';
const started = Date.now();
const node = process.execPath;
const here = __dirname;

function run(name, command, args, options = {}) {
  return new Promise(resolve => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd: lib.root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    process.stderr.write(`reliability: ${name} started\n`);
    child.on('exit', code => {
      const seconds = Math.round((Date.now() - t0) / 100) / 10;
      let summary;
      try {
        summary = JSON.parse(out.slice(out.indexOf('{')));
      } catch {
        summary = { output: out.slice(-2000), stderr: err.slice(-2000) };
      }
      process.stderr.write(`reliability: ${name} ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
      resolve({ name, ok: code === 0, seconds, summary });
    });
  });
}

const script = (name, ...args) => run(name, node, [path.join(here, `${name.split(' ')[0]}.js`), ...args]);

async function jestReliability() {
  const figures = path.join(os.tmpdir(), `shewhart-reliability-${process.pid}.jsonl`);
  const env = {
    ...process.env,
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
    SHEWHART_FUZZ_RUNS: '10000',
    SHEWHART_RELIABILITY_OUT: figures,
  };
  if (!env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING && (await lib.pgAvailable())) {
    env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING = 'postgresql://postgres@127.0.0.1:5432/postgres';
  }
  const result = await run(
    'hostile input and access (plugin jest suite)',
    node,
    [path.join(lib.root, '.yarn/releases/yarn-4.13.0.cjs'), 'backstage-cli', 'package', 'test', '--watchAll=false', 'src/reliability'],
    { cwd: path.join(lib.root, 'plugins/quality-scorecard-backend'), env },
  );
  const tail = `${result.summary.output ?? ''}${result.summary.stderr ?? ''}`;
  result.summary = {
    figures: fs.existsSync(figures) ? fs.readFileSync(figures, 'utf8').trim().split('\n').map(l => JSON.parse(l)) : [],
    tests: /Tests:[^\n]*/.exec(tail)?.[0],
    ...(result.ok ? {} : { tail: tail.slice(-3000) }),
  };
  fs.rmSync(figures, { force: true });
  return result;
}

async function main() {
  const hard = setTimeout(() => {
    console.log(JSON.stringify({ mode, ok: false, error: 'the runner exceeded its deadline' }));
    process.exit(1);
  }, (quick ? 600 : 5400) * 1000);
  hard.unref();

  let results;
  if (quick) {
    const crashes = Promise.all([script('crash sqlite', '--quick', '--db', 'sqlite'), script('crash pg', '--quick', '--db', 'pg')]);
    const instances = script('instances', '--quick');
    // The instances test waits out a lease for a minute and more: load runs then.
    const load = crashes.then(() => script('load', '--quick'));
    results = [...(await crashes), await instances, await load];
  } else {
    results = [];
    results.push(await script('crash sqlite', '--db', 'sqlite'));
    results.push(await script('crash pg', '--db', 'pg'));
    results.push(await script('instances'));
    results.push(await script('load'));
    results.push(await script('throughput'));
    results.push(await jestReliability());
  }
  const report = {
    mode,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    ok: results.every(r => r.ok),
    results,
  };
  const out = path.join(lib.root, 'test/output');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `reliability-${mode}.json`), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  process.stderr.write(`reliability (${mode}): ${results.filter(r => r.ok).length} passed, ${results.filter(r => !r.ok).length} failed, ${report.seconds} s\n`);
  process.exit(report.ok ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

#!/usr/bin/env bash
# Installs the workspace and runs every test: unit and storage tests (on SQLite,
# and on PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
# is set or one answers on 127.0.0.1:5432), then the smoke test of the real backend,
# the reliability tests at their CI size and the benchmark at its CI size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/yarn.sh install --immutable
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ] &&
  node -e "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432/postgres
fi
if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  echo "storage tests run on SQLite and on PostgreSQL 15"
else
  echo "storage tests run on SQLite only: no PostgreSQL answered on 127.0.0.1:5432"
fi
CI=true bash scripts/yarn.sh backstage-cli repo test --maxWorkers=2
bash scripts/yarn.sh test:smoke
node test/reliability/run.js --quick
# The control-chart calibration at its CI size: proves that `yarn calibrate` works (figures are reported, not asserted).
mkdir -p test/output
bash scripts/yarn.sh calibrate --quick > test/output/calibrate-quick.json
node -e "const r=require('./test/output/calibrate-quick.json'); if (!r.designs || !r.designs.calibrated || !r.designs.classic) process.exit(1); console.log('calibrate --quick: report written to test/output/calibrate-quick.json, false alarms per service-year', r.designs.calibrated.stable.alarmsPerServiceYear, 'calibrated vs', r.designs.classic.stable.alarmsPerServiceYear, 'classic')"
# The benchmark at its CI size: proves that `yarn bench` works (figures are reported, not asserted),
# the scorecard part on SQLite and on PostgreSQL (on SQLite only when none answered).
mkdir -p test/output
bench_db=(--db sqlite)
if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  bench_db=(--db both --pg "$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING")
fi
bash scripts/yarn.sh bench --quick "${bench_db[@]}" > test/output/bench-quick.json
node -e "const r=require('./test/output/bench-quick.json'); if (!r.scorecard || !r.checksVsTechInsights) process.exit(1); console.log('bench --quick: report written to test/output/bench-quick.json, all targets met:', r.allTargetsMet)"

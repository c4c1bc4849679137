/*
 * `yarn calibrate`: Monte-Carlo calibration of the control charts. Stable and
 * shifted delivery processes (bench/calibration/simulate.ts) go through the
 * real engine week by week (bench/calibration/evaluate.ts), once with the
 * calibrated design and once with the design before it ('classic': 3σ limits
 * and four Western Electric rules), and one JSON report says, per chart and
 * per service: false alarms per year and the average run length to a false
 * alarm on a stable process, signals on the partial current week, and weeks
 * from a shift to its first signal. docs/spc.md records a full run.
 *
 *   yarn calibrate                 full size (about 15 minutes on 2 cores)
 *   yarn calibrate --quick         CI size (checks that it works; figures are rough)
 *   yarn calibrate --services N    stable service-years (default 300; quick 20)
 *   yarn calibrate --runs N        runs per shift scenario (default 100; quick 10)
 *   yarn calibrate --only stable|shifts
 *   yarn calibrate --designs calibrated --scenarios joint-3x,joint-2x
 */
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import { METRIC_IDS } from '@shewhart/plugin-quality-scorecard-common';
import {
  SCENARIOS,
  TARGETS,
  runJob,
  type Job,
  type JobResult,
} from './calibration/jobs';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const services = Number(argValue('--services') ?? (quick ? 20 : 300));
const runs = Number(argValue('--runs') ?? (quick ? 10 : 100));
const only = argValue('--only');
const threads = Number(argValue('--threads') ?? Math.max(1, os.cpus().length));
const DESIGNS = (argValue('--designs')?.split(',') ?? [
  'calibrated',
  'classic',
]) as Array<'calibrated' | 'classic'>;
const onlyScenarios = argValue('--scenarios')?.split(',');

const log = (s: string) => process.stderr.write(`[calibrate] ${s}\n`);

function jobs(): Job[] {
  const out: Job[] = [];
  for (const design of DESIGNS) {
    if (only !== 'shifts') {
      for (let i = 0; i < services; i++) {
        out.push({ kind: 'stable', design, seed: 1_000 + i, variant: 'stable' });
      }
      // The variants at a third of the size: how far the figures move off the model.
      for (const variant of ['overdispersed', 'young'] as const) {
        for (let i = 0; i < Math.ceil(services / 3); i++) {
          out.push({ kind: 'stable', design, seed: 50_000 + i, variant });
        }
      }
    }
    if (only !== 'stable') {
      for (const scenario of SCENARIOS.filter(
        x => !onlyScenarios || onlyScenarios.includes(x.id),
      )) {
        for (let i = 0; i < runs; i++) {
          out.push({
            kind: 'shift',
            design,
            scenario: scenario.id,
            seed: 500_000 + i,
          });
        }
      }
    }
  }
  return out;
}

/** Runs the jobs on worker threads (the engine is CPU-bound). */
async function runAll(all: Job[]): Promise<JobResult[]> {
  if (threads <= 1) return all.map(runJob);
  const results: JobResult[] = [];
  const chunks: Job[][] = Array.from({ length: threads }, () => []);
  all.forEach((job, i) => chunks[i % threads].push(job));
  let done = 0;
  await Promise.all(
    chunks.map(
      chunk =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(
            path.join(__dirname, 'calibration/worker.js'),
            {
              workerData: { jobs: chunk },
            },
          );
          worker.on('message', (m: { result?: JobResult; done?: boolean }) => {
            if (m.result) {
              results.push(m.result);
              done++;
              if (done % 200 === 0) log(`${done} of ${all.length} jobs`);
            }
            if (m.done) resolve();
          });
          worker.on('error', reject);
          worker.on('exit', code =>
            code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)),
          );
        }),
    ),
  );
  return results;
}

const round = (x: number, digits = 3) =>
  Math.round(x * 10 ** digits) / 10 ** digits;

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function stableReport(results: JobResult[], design: string, variant = 'stable') {
  const mine = results.filter(
    r => r.kind === 'stable' && r.design === design && r.variant === variant,
  );
  if (mine.length === 0) return undefined;
  const years = mine.reduce((a, r) => a + r.years, 0);
  const byRule: Record<string, number> = {};
  for (const r of mine) {
    for (const [rule, n] of Object.entries(r.alarmsByRule))
      byRule[rule] = (byRule[rule] ?? 0) + n;
  }
  const perChart: Record<string, unknown> = {};
  for (const id of METRIC_IDS) {
    const n = mine.reduce((a, r) => a + (r.alarmsByMetric[id] ?? 0), 0);
    const rules = Object.entries(byRule)
      .filter(([k]) => k.startsWith(`${id}:`))
      .map(([k, c]) => [k.slice(id.length + 1), round(c / years)]);
    perChart[id] = {
      alarmsPerChartYear: round(n / years),
      arlWeeks: n > 0 ? Math.round((years * 52) / n) : null,
      byRule: Object.fromEntries(rules),
    };
  }
  for (const k of Object.keys(byRule)) if (k.includes(':')) delete byRule[k];
  const total = mine.reduce((a, r) => a + r.alarms, 0);
  const firsts = mine
    .map(r => r.firstAlarmWeek)
    .filter((x): x is number => x !== null);
  return {
    serviceYears: round(years, 1),
    alarmsPerServiceYear: round(total / years),
    serviceArlWeeks: total > 0 ? round((years * 52) / total, 1) : null,
    servicesWithoutFalseAlarmInAYear: round(1 - firsts.length / mine.length),
    partialWeekSignals: mine.reduce((a, r) => a + r.partialWeekSignals, 0),
    signalsOnTheLastChart: round(
      mine.reduce((a, r) => a + r.finalChartSignals, 0) / mine.length,
      1,
    ),
    alarmsPerServiceYearByRule: Object.fromEntries(
      Object.entries(byRule).map(([k, n]) => [k, round(n / years)]),
    ),
    perChart,
  };
}

function shiftReport(results: JobResult[], design: string) {
  const out: Record<string, unknown> = {};
  for (const scenario of SCENARIOS) {
    const mine = results.filter(
      r =>
        r.kind === 'shift' && r.design === design && r.scenario === scenario.id,
    );
    if (mine.length === 0) continue;
    const horizon = mine[0].horizon;
    // Runs not detected within the horizon count as beyond it (censored).
    const delays = mine
      .map(r => r.detectionWeeks ?? Infinity)
      .sort((a, b) => a - b);
    const q = (p: number) => {
      const v = quantile(delays, p);
      return v === null || v === Infinity ? `>${horizon}` : v;
    };
    out[scenario.id] = {
      description: scenario.description,
      runs: mine.length,
      detectedWithinHorizon: round(
        delays.filter(d => d !== Infinity).length / mine.length,
      ),
      horizonWeeks: horizon,
      medianWeeks: q(0.5),
      p90Weeks: q(0.9),
    };
  }
  return out;
}

function meets(value: number | string, limit: number) {
  return typeof value === 'number' && value <= limit;
}

async function main() {
  const started = Date.now();
  const all = jobs();
  log(`${all.length} jobs on ${threads} threads`);
  const results = await runAll(all);
  const report: Record<string, any> = {
    kind: 'calibration',
    quick,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(),
    stableProcess: 'STABLE in bench/calibration/simulate.ts',
    designs: {},
  };
  for (const design of DESIGNS) {
    report.designs[design] = {
      ...(only !== 'shifts'
        ? {
            stable: stableReport(results, design),
            stableOverdispersed: stableReport(results, design, 'overdispersed'),
            stableYoung: stableReport(results, design, 'young'),
          }
        : {}),
      ...(only !== 'stable' ? { shifts: shiftReport(results, design) } : {}),
    };
  }
  const cal = report.designs.calibrated ?? {};
  const targets: Record<
    string,
    { target: string; value: unknown; met: boolean }
  > = {};
  if (cal.stable) {
    targets.falseAlarms = {
      target: `≤ ${TARGETS.alarmsPerServiceYear} signal per service-year`,
      value: cal.stable.alarmsPerServiceYear,
      met: cal.stable.alarmsPerServiceYear <= TARGETS.alarmsPerServiceYear,
    };
    targets.partialWeek = {
      target: '0 signals on the partial current week',
      value: cal.stable.partialWeekSignals,
      met: cal.stable.partialWeekSignals === 0,
    };
  }
  if (cal.shifts?.['joint-3x']) {
    const s = cal.shifts['joint-3x'];
    targets.joint3x = {
      target: 'k = 3: median ≤ 3 weeks, 90th percentile ≤ 6',
      value: { median: s.medianWeeks, p90: s.p90Weeks },
      met: meets(s.medianWeeks, 3) && meets(s.p90Weeks, 6),
    };
  }
  if (cal.shifts?.['joint-2x']) {
    const s = cal.shifts['joint-2x'];
    targets.joint2x = {
      target: 'k = 2: median ≤ 10 weeks',
      value: { median: s.medianWeeks },
      met: meets(s.medianWeeks, 10),
    };
  }
  report.targets = targets;
  report.allTargetsMet = Object.values(targets).every(t => t.met);
  report.durationSeconds = round((Date.now() - started) / 1000, 1);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch(error => {
  process.stderr.write(`[calibrate] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});

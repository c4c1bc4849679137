#!/usr/bin/env node
/*
 * A sizing from a `yarn bench` report (docs/scaling.md): the measured cost
 * per event, per PR and per service on each database, projected to an
 * organisation of a given size.
 *
 *   node bench/sizing.js REPORT.json [--services 20000] [--prs 50000000]
 *        [--weeks 104] [--instances 1,2,4,8]
 *
 * Assumptions (each printed with the figures):
 * - storage, ingest and recompute grow with the number of events; the
 *   generated history's mix of events per PR (deployments, incidents, bugs)
 *   holds at the larger size;
 * - a full recompute reads each entity's whole history, so its cost per
 *   event is the bench's (full recompute seconds ÷ events);
 * - N instances, each on its own 2 cores, share a recompute evenly (the
 *   claims make that possible; this 2-core machine cannot measure it: its
 *   two instances share the same 2 cores);
 * - the plugin's memory grows with the services it serves (its share of the
 *   backend's RSS ÷ services measured, an upper bound: it includes the
 *   plugin's fixed cost).
 */
const fs = require('fs');

function parse(argv) {
  const out = {
    services: 20_000,
    prs: 50_000_000,
    weeks: 104,
    instances: [1, 2, 4, 8],
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (a === '--services') out.services = Number(v);
    else if (a === '--prs') out.prs = Number(v);
    else if (a === '--weeks') out.weeks = Number(v);
    else if (a === '--instances') out.instances = v.split(',').map(Number);
    else throw new Error(`Unknown option ${a}`);
  }
  out.report = argv[0];
  return out;
}

const round = (v, digits = 2) =>
  typeof v === 'number' && Number.isFinite(v)
    ? Number(v.toPrecision(digits + 1))
    : null;

/** Costs measured by one database's run of the scorecard bench. */
function unitCosts(r) {
  const events = r.size.events.total;
  const prs = r.size.events.pull_request;
  const services = r.size.services;
  const share = r.rss?.pluginShareMb?.peak ?? null;
  return {
    database: r.database ?? r.postgres?.serverVersion ?? 'sqlite',
    measuredAt: {
      services,
      pullRequests: prs,
      events,
      weeks: r.size.weeks,
    },
    eventsPerPr: round(events / prs, 3),
    databaseBytesPerEvent: round((r.size.pluginDatabaseMb * 1048576) / events),
    ingestMicrosecondsPerEvent: r.ingest?.store
      ? round(1e6 / r.ingest.store.eventsPerSecond)
      : null,
    ingestEventsPerSecond4Clients:
      r.ingest?.concurrency?.clients4?.eventsPerSecond ?? null,
    fullRecomputeMicrosecondsPerEvent: round(
      (r.recompute.full.seconds * 1e6) / events,
    ),
    fullRecomputeMillisecondsPerService: round(
      (r.recompute.full.seconds * 1e3) / services,
    ),
    twoInstancesOverOne: r.recompute.shared?.twoOverOne ?? null,
    incrementalSecondsPer1000Events: r.recompute.incremental.seconds,
    pluginMemoryMbPerService: share !== null ? round(share / services) : null,
    reads: r.reads
      ? {
          entitySummaryP95Ms: r.reads.entitySummary?.p95Ms ?? null,
          entityFullP95Ms: r.reads.entityScorecard?.p95Ms ?? null,
          catalogByNameP95Ms: r.reads.catalogByName?.p95Ms ?? null,
          ownerRollupP95Ms: r.reads.ownerRollup?.p95Ms ?? null,
          servicesPerRollup: r.reads.ownerRollup?.servicesPerGroup ?? null,
          overviewP95Ms: r.reads.overview?.p95Ms ?? null,
          groups: r.reads.overview?.groups ?? null,
        }
      : null,
  };
}

function project(unit, target) {
  const events = target.prs * unit.eventsPerPr;
  const fullSeconds = (events * unit.fullRecomputeMicrosecondsPerEvent) / 1e6;
  const eventsPerDay = events / (target.weeks * 7);
  return {
    events: Math.round(events),
    databaseGb: round((events * unit.databaseBytesPerEvent) / 1024 ** 3),
    backfillHours1Client: unit.ingestMicrosecondsPerEvent
      ? round((events * unit.ingestMicrosecondsPerEvent) / 1e6 / 3600)
      : null,
    steadyEventsPerDay: Math.round(eventsPerDay),
    fullRecomputeMinutesByInstances: Object.fromEntries(
      target.instances.map(n => [n, round(fullSeconds / n / 60)]),
    ),
    pluginMemoryMbPerInstance:
      unit.pluginMemoryMbPerService !== null
        ? round(unit.pluginMemoryMbPerService * target.services)
        : null,
  };
}

function main() {
  const args = parse(process.argv.slice(2));
  const report = JSON.parse(fs.readFileSync(args.report, 'utf8'));
  const scorecard = report.scorecard ?? report;
  const runs =
    scorecard.sqlite || scorecard.postgres
      ? { sqlite: scorecard.sqlite, postgres: scorecard.postgres }
      : { [scorecard.database ?? 'sqlite']: scorecard };
  const target = {
    services: args.services,
    pullRequests: args.prs,
    weeks: args.weeks,
    instances: args.instances,
  };
  const out = { target, assumptions: [], databases: {} };
  out.assumptions.push(
    'storage, ingest and recompute grow with the events; the bench mix of events per PR holds',
    'a full recompute costs per event what the bench measured (every entity reads its whole history)',
    'N instances on their own 2 cores each share a recompute evenly (not measurable on one 2-core machine)',
    'plugin memory per service = its share of the backend RSS ÷ services at the bench (an upper bound)',
  );
  for (const [db, run] of Object.entries(runs)) {
    if (!run) continue;
    const unit = unitCosts(run);
    out.databases[db] = {
      measured: unit,
      projected: project(unit, { ...target, prs: args.prs }),
    };
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();

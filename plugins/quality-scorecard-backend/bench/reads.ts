/*
 * The reads over HTTP, measured on the real backend: entity scorecards and
 * the catalog's `by-name` entity interleaved, 200-service owner roll-ups,
 * and the roll-up of one department read by a user under owners-only reads;
 * p50/p95/max until the whole body is received and decoded, and until the
 * response headers. The backend without the plugin answers the same catalog
 * requests (readCatalogOnly), so that both backends did the same catalog work.
 */
import type { BenchBackend } from './backend';
import { measure, percentile } from './backend';
import type { Group, SyntheticOrg } from './generate';
import type { Args } from './args';
import { log, round } from './args';
import { rollupGroupsOf } from './catalogReady';

/** The requests of a run: which paths, how many, in how many rounds. */
export function readPlan(org: SyntheticOrg, args: Args) {
  // The reads ask for the default window (the 28 days ending now, by the
  // backend's clock), as the Quality tab and the team scorecard do.
  const names = org.services.map(s => s.name);
  const pick = (i: number) => names[(i * 7919) % names.length];
  const requests = args.requests ?? (args.quick ? 100 : 600);
  const rounds = args.quick ? 2 : 5;
  const perRound = Math.ceil(requests / rounds);
  // A 200-service roll-up is much slower than the other reads.
  const rollupRequests =
    args.rollupRequests ?? Math.min(requests, args.quick ? 100 : 200);
  const rollupPerRound = Math.min(perRound, Math.ceil(rollupRequests / rounds));
  const entityPath = (i: number) =>
    `/api/quality-scorecard/scorecards/entity/component/default/${pick(i)}`;
  // What the Quality tab asks for first: tiles, signals and checks, without
  // the weekly series and chart limits (loaded when a chart opens).
  const summaryPath = (i: number) => `${entityPath(i)}?view=summary`;
  // Every group's row, as the platform team's overview page asks.
  const overviewPath = '/api/quality-scorecard/overview';
  const overviewPerRound = args.quick ? 5 : 10;
  const catalogPath = (i: number) =>
    `/api/catalog/entities/by-name/component/default/${pick(i)}`;
  const { rollupGroups, expected } = rollupGroupsOf(org);
  const rollupPath = (i: number) =>
    `/api/quality-scorecard/scorecards/owner/group/default/${
      rollupGroups[i % rollupGroups.length].name
    }`;

  return {
    pick,
    summaryPath,
    overviewPath,
    overviewPerRound,
    requests,
    rounds,
    perRound,
    rollupPerRound,
    entityPath,
    catalogPath,
    rollupPath,
    rollupGroups,
    expected,
  };
}

const summary = (values: number[]) => ({
  requests: values.length,
  p50Ms: round(percentile(values, 50), 2),
  p95Ms: round(percentile(values, 95), 2),
  maxMs: round(Math.max(...values), 2),
});

/** Waits until no background job of the backend runs; returns the seconds waited. */
async function waitForBackgroundJobs(backend: BenchBackend): Promise<number> {
  const waitStart = Date.now();
  await backend.waitUntil(
    'background jobs of the backend to finish',
    async () => {
      const jobs = backend.backgroundJobs().running;
      if (jobs.length === 0) return true;
      log(`waiting for ${jobs.join(', ')} before measuring`);
      return undefined;
    },
    1_800_000,
    10_000,
  );
  return (Date.now() - waitStart) / 1000;
}

/**
 * The reads' latencies. `ownerTeam`: a member of it reads its department's
 * roll-up as a user (the backend signs them in through the guest provider).
 */
export async function measureReads(
  backend: BenchBackend,
  org: SyntheticOrg,
  args: Args,
  ownerTeam: Group,
  catalogReadyS: number,
): Promise<Record<string, unknown>> {
  const {
    pick,
    summaryPath,
    overviewPath,
    overviewPerRound,
    rounds,
    perRound,
    rollupPerRound,
    entityPath,
    catalogPath,
    rollupPath,
    rollupGroups,
    expected,
  } = readPlan(org, args);
  // Sanity of the answers, once per kind.
  const sampleEntity = await backend.json(entityPath(0));
  const metric = (card: any, id: string) =>
    card.metrics.find((m: any) => m.id === id);
  for (const id of [
    'deployment_frequency',
    'lead_time_for_changes',
    'pr_cycle_time',
    'review_coverage',
  ]) {
    if (
      metric(sampleEntity, id)?.value === null ||
      metric(sampleEntity, id) === undefined
    ) {
      throw new Error(`entity scorecard of ${pick(0)} has no value for ${id}`);
    }
  }
  // The roll-up of the owner team's department, read by a member of the
  // team under owners-only reads: one conditional decision applied to
  // every service of the department, the team's services kept.
  const ownerDepartment = ownerTeam.parent!;
  const ownerPath = `/api/quality-scorecard/scorecards/owner/group/default/${ownerDepartment}`;
  const userToken = await backend.userToken();
  const ownerScoped = await (await backend.fetch(ownerPath, userToken)).json();
  const ownerScopedServices = (ownerScoped.entities ?? []).filter(
    (ref: string) => ref.startsWith('component:'),
  ).length;
  if (ownerScopedServices !== org.ownedServices(ownerTeam.name).length) {
    throw new Error(
      `the owner-scoped roll-up of ${ownerDepartment} has ${ownerScopedServices} services, not the ${
        org.ownedServices(ownerTeam.name).length
      } of ${ownerTeam.name}`,
    );
  }
  // The summary keeps the tiles and drops the weekly series.
  const fullBody = JSON.stringify(sampleEntity);
  const sampleSummary = await backend.json(summaryPath(0));
  const summaryBody = JSON.stringify(sampleSummary);
  if (
    sampleSummary.metrics?.length !== sampleEntity.metrics.length ||
    summaryBody.length >= fullBody.length
  ) {
    throw new Error(
      `the summary of ${pick(0)} (${
        summaryBody.length
      } bytes) is not a smaller scorecard than the full one (${
        fullBody.length
      } bytes)`,
    );
  }
  const sampleOverview = await backend.json(overviewPath);
  const sampleRollup = await backend.json(rollupPath(0));
  // Besides its services, a group owns its teams' systems (no events of their own).
  const rolledUpServices = (sampleRollup.entities ?? []).filter((ref: string) =>
    ref.startsWith('component:'),
  ).length;
  if (rolledUpServices !== expected.get(rollupGroups[0].name)) {
    throw new Error(
      `roll-up of ${
        rollupGroups[0].name
      } covers ${rolledUpServices} services, expected ${expected.get(
        rollupGroups[0].name,
      )}`,
    );
  }

  log(
    `warming up, then ${rounds} rounds of ${perRound} entity and catalog reads and ${rollupPerRound} roll-ups at concurrency ${args.concurrency}`,
  );
  // Other entities than the measured ones (pick is a bijection of 0..1999).
  const warm = Array.from({ length: 30 }, (_, i) => i + 1000);
  await measure(backend, warm.map(entityPath), args.concurrency);
  await measure(backend, warm.map(catalogPath), args.concurrency);
  await measure(backend, warm.slice(0, 10).map(rollupPath), args.concurrency);
  await measure(backend, warm.map(summaryPath), args.concurrency);
  await measure(backend, [overviewPath, overviewPath], args.concurrency);
  const lat = {
    summary: [] as number[],
    catalogBesideSummary: [] as number[],
    overview: [] as number[],
    entity: [] as number[],
    catalog: [] as number[],
    entityHeaders: [] as number[],
    catalogHeaders: [] as number[],
    rollup: [] as number[],
    scoped: [] as number[],
  };
  // A round that overlaps a background job of the backend (the daily
  // full recompute starts 10 minutes after start) is measured again.
  let repeatedRounds = 0;
  let waitedS = 0;
  for (let r = 0; r < rounds; r++) {
    waitedS += await waitForBackgroundJobs(backend);
    const jobsBefore = backend.backgroundJobs().started;
    const ids = Array.from({ length: perRound }, (_, i) => r * perRound + i);
    // Entity and catalog reads interleaved, so that both meet the same
    // garbage collections and background work of the backend.
    const toHeaders: number[] = [];
    const mixed = await measure(
      backend,
      ids.flatMap(i => [entityPath(i), catalogPath(i)]),
      args.concurrency,
      undefined,
      toHeaders,
    );
    const entity = mixed.filter((_, i) => i % 2 === 0);
    const catalog = mixed.filter((_, i) => i % 2 === 1);
    // The summary read, interleaved with the same catalog reads.
    const mixedSummary = await measure(
      backend,
      ids.flatMap(i => [summaryPath(i), catalogPath(i)]),
      args.concurrency,
    );
    const overview = await measure(
      backend,
      ids.slice(0, overviewPerRound).map(() => overviewPath),
      args.concurrency,
    );
    const rollup = await measure(
      backend,
      ids.slice(0, rollupPerRound).map(rollupPath),
      args.concurrency,
    );
    const scoped = await measure(
      backend,
      ids.slice(0, rollupPerRound).map(() => ownerPath),
      args.concurrency,
      undefined,
      undefined,
      userToken,
    );
    if (backend.backgroundJobs().started !== jobsBefore) {
      if (repeatedRounds >= 3) {
        throw new Error('background jobs kept overlapping the reads');
      }
      log(`round ${r + 1} overlapped a background job; measuring it again`);
      repeatedRounds += 1;
      r -= 1;
      continue;
    }
    lat.entity.push(...entity);
    lat.catalog.push(...catalog);
    lat.summary.push(...mixedSummary.filter((_, i) => i % 2 === 0));
    lat.catalogBesideSummary.push(
      ...mixedSummary.filter((_, i) => i % 2 === 1),
    );
    lat.overview.push(...overview);
    lat.entityHeaders.push(...toHeaders.filter((_, i) => i % 2 === 0));
    lat.catalogHeaders.push(...toHeaders.filter((_, i) => i % 2 === 1));
    lat.rollup.push(...rollup);
    lat.scoped.push(...scoped);
    log(
      `round ${r + 1}/${rounds}: p95 entity ${percentile(
        lat.entity,
        95,
      ).toFixed(1)} ms, catalog ${percentile(lat.catalog, 95).toFixed(
        1,
      )} ms, roll-up ${percentile(lat.rollup, 95).toFixed(1)} ms`,
    );
  }
  return {
    concurrency: args.concurrency,
    repeatedRounds,
    waitedForBackgroundJobsSeconds: round(waitedS),
    // The weeks of the default window, as the backend answered.
    window: sampleEntity.window,
    backendStartSeconds: round(catalogReadyS),
    // Until the whole body is received and decoded (the entity
    // scorecard is some 60 kB of JSON, 7 kB gzip; the catalog entity 2 kB).
    entityScorecard: summary(lat.entity),
    catalogByName: summary(lat.catalog),
    // ?view=summary, beside catalog reads of the same entities.
    entitySummary: {
      ...summary(lat.summary),
      bytes: summaryBody.length,
      fullBytes: fullBody.length,
    },
    catalogByNameBesideSummary: summary(lat.catalogBesideSummary),
    overview: {
      ...summary(lat.overview),
      groups: (sampleOverview.groups ?? sampleOverview.rows ?? []).length,
      bytes: JSON.stringify(sampleOverview).length,
    },
    // Until the response headers arrived: the backend's own latency.
    toResponseHeaders: {
      entityScorecard: summary(lat.entityHeaders),
      catalogByName: summary(lat.catalogHeaders),
    },
    ownerRollup: {
      ...summary(lat.rollup),
      groups: rollupGroups.length,
      servicesPerGroup: expected.get(rollupGroups[0].name),
    },
    // The same roll-up read by a team member under owners-only reads
    // (permission.shewhartExample.ownersOnlyReads): the permission
    // decision, its conditions applied to every service of the group.
    ownerRollupOwnerScoped: {
      ...summary(lat.scoped),
      group: ownerDepartment,
      servicesInGroup: expected.get(ownerDepartment),
      servicesVisible: ownerScopedServices,
    },
  };
}

/**
 * The catalog requests of measureReads, on a backend without the plugin:
 * the same warm-up and `rounds × perRound` by-name reads at the same
 * concurrency, so that its catalog did the same work when its memory is read.
 */
export async function readCatalogOnly(
  backend: BenchBackend,
  org: SyntheticOrg,
  args: Args,
) {
  const { rounds, perRound, catalogPath } = readPlan(org, args);
  const warm = Array.from({ length: 30 }, (_, i) => i + 1000);
  await measure(backend, warm.map(catalogPath), args.concurrency);
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await waitForBackgroundJobs(backend);
    const ids = Array.from({ length: perRound }, (_, i) => r * perRound + i);
    latencies.push(
      ...(await measure(backend, ids.map(catalogPath), args.concurrency)),
    );
  }
  return summary(latencies);
}

/**
 * A delivery process as stored events, drawn week by week from distributions
 * like real delivery data: Poisson counts of PRs, deployments and bugs,
 * deployments that fail (and raise an incident) with a small probability,
 * half of the failures fixed by an unplanned (rework) deployment,
 * lognormal coding, review, deploy-wait and restore times, weeks without a
 * deployment, a pool of authors. Deterministic for a seed.
 */
import type {
  EntityEvents,
  StoredDeployment,
  StoredIncident,
  StoredPullRequest,
} from '../../src/engine/model';
import { storedPullRequest } from '../../src/__fixtures__/stored';
import { DAY_MS, WEEK_MS } from '../../src/engine/time';
import { prng } from '../generate';

export interface ProcessParams {
  prsPerWeek: number;
  /** Share of closed PRs that are merged. */
  mergeShare: number;
  deploymentsPerWeek: number;
  /** Probability that a production deployment fails (and raises an incident). */
  failureProbability: number;
  /** Incidents raised per failed deployment. */
  incidentsPerFailure: number;
  /**
   * Share of failed deployments fixed by an unplanned (rework) deployment
   * when the last incident is resolved; the others recover by a rollback
   * outside the deployment record or a configuration change.
   */
  hotfixShare: number;
  /** Probability that a merged PR is later reverted. */
  revertProbability: number;
  bugsPerWeek: number;
  /** Share of merged PRs with an independent approval. */
  reviewShare: number;
  /** Share of PRs with an AI co-author trailer. */
  aiShare: number;
  /** Lognormal medians (hours) and log-sd of the lead-time parts. */
  codingHours: number;
  reviewHours: number;
  durationSigma: number;
  restoreHours: number;
  restoreSigma: number;
  authors: number;
  /**
   * Week-to-week variation of every rate beyond Poisson/binomial noise (a
   * lognormal factor with this coefficient of variation; 0: none), as real
   * teams have busy weeks, holidays and release cycles.
   */
  rateCv?: number;
}

/** The stable process of the issue: ~20 PRs, ~5 deployments with 12% failing, ~1.5 bugs a week. */
export const STABLE: ProcessParams = {
  prsPerWeek: 20,
  mergeShare: 0.9,
  deploymentsPerWeek: 5,
  failureProbability: 0.12,
  incidentsPerFailure: 1,
  hotfixShare: 0.5,
  revertProbability: 0.03,
  bugsPerWeek: 1.5,
  reviewShare: 0.9,
  aiShare: 0.3,
  codingHours: 6,
  reviewHours: 20,
  durationSigma: 1,
  restoreHours: 2,
  restoreSigma: 1.2,
  authors: 8,
};

/** The bench's seeded PRNG (mulberry32). */
export const rng = prng;

export type Random = () => number;

export function poisson(random: Random, mean: number): number {
  // Knuth's method: the means here are small.
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const lognormalMs = (random: Random, medianHours: number, sigma: number) =>
  medianHours * 3_600_000 * Math.exp(sigma * normal(random));

/** A weekday time in the week starting at `weekStart` (Monday 00:00 UTC). */
const workTime = (random: Random, weekStart: number) =>
  weekStart +
  Math.floor(random() * 5) * DAY_MS +
  (8 + random() * 10) * 3_600_000;

/** This week's rates, each times its own lognormal factor of mean 1 (rateCv). */
function varied(p: ProcessParams, random: Random): ProcessParams {
  if (!p.rateCv) return p;
  const sigma = Math.sqrt(Math.log(1 + p.rateCv ** 2));
  const factor = () => Math.exp(sigma * normal(random) - sigma ** 2 / 2);
  return {
    ...p,
    prsPerWeek: p.prsPerWeek * factor(),
    deploymentsPerWeek: p.deploymentsPerWeek * factor(),
    failureProbability: Math.min(1, p.failureProbability * factor()),
    revertProbability: Math.min(1, p.revertProbability * factor()),
    bugsPerWeek: p.bugsPerWeek * factor(),
  };
}

/**
 * Events of `weeks` weeks from `firstWeek`; `paramsAt(i)` gives the process of
 * week i (a shift changes it from some week on).
 */
export function simulateEvents(options: {
  seed: number;
  firstWeek: number;
  weeks: number;
  paramsAt: (week: number) => ProcessParams;
}): EntityEvents {
  const random = rng(options.seed);
  const pullRequests: StoredPullRequest[] = [];
  const deployments: StoredDeployment[] = [];
  const incidents: StoredIncident[] = [];
  const bugs: EntityEvents['bugs'] = [];
  let number = 0;
  const waiting: Array<{ number: number; mergedAt: number }> = [];
  const toRevert: Array<{ at: number; number: number }> = [];
  const hotfixes: StoredDeployment[] = [];
  for (let i = 0; i < options.weeks; i++) {
    const p = varied(options.paramsAt(i), random);
    const weekStart = options.firstWeek + i * WEEK_MS;
    // Pull requests opened this week.
    const opened = poisson(random, p.prsPerWeek);
    for (let k = 0; k < opened; k++) {
      const createdAt = workTime(random, weekStart);
      const firstCommit =
        createdAt - lognormalMs(random, p.codingHours, p.durationSigma);
      const closeAt =
        createdAt + lognormalMs(random, p.reviewHours, p.durationSigma);
      const merged = random() < p.mergeShare;
      const author = `dev${Math.floor(random() * p.authors)}`;
      const n = ++number;
      const reviewer = `dev${(Number(author.slice(3)) + 1) % p.authors}`;
      const ai = random() < p.aiShare;
      pullRequests.push(
        storedPullRequest({
          number: n,
          id: `pr${n}`,
          author,
          createdAt,
          mergedAt: merged ? closeAt : null,
          closedAt: closeAt,
          mergeCommitSha: merged ? `m${n.toString(16).padStart(7, '0')}` : null,
          mergedBy: merged ? reviewer : null,
          commits: [
            {
              sha: `c${n.toString(16).padStart(7, '0')}`,
              authoredAt: firstCommit,
              message: ai
                ? 'change\n\nCo-authored-by: Claude <noreply@anthropic.com>'
                : 'change',
            },
          ],
          reviews:
            random() < p.reviewShare
              ? [{ reviewer, state: 'APPROVED', submittedAt: closeAt - 60_000 }]
              : [],
        }),
      );
      if (merged) {
        waiting.push({ number: n, mergedAt: closeAt });
        if (random() < p.revertProbability) {
          toRevert.push({
            at: closeAt + lognormalMs(random, 24, 1),
            number: n,
          });
        }
      }
    }
    // Deployments this week ship every PR merged before them.
    const count = poisson(random, p.deploymentsPerWeek);
    const times = Array.from({ length: count }, () =>
      workTime(random, weekStart),
    ).sort((a, b) => a - b);
    for (const finishedAt of times) {
      const shipped = waiting.filter(w => w.mergedAt < finishedAt);
      if (shipped.length === 0) continue;
      for (const s of shipped) waiting.splice(waiting.indexOf(s), 1);
      const id = `d${deployments.length + 1}`;
      deployments.push({
        id,
        environment: 'production',
        status: 'success',
        startedAt: finishedAt - 600_000,
        finishedAt,
        commitSha: null,
        pullRequests: shipped.map(s => s.number),
      });
      if (random() < p.failureProbability) {
        let recoveredAt = finishedAt;
        for (let k = 0; k < p.incidentsPerFailure; k++) {
          const createdAt = finishedAt + random() * 3 * 3_600_000;
          const resolvedAt =
            createdAt + lognormalMs(random, p.restoreHours, p.restoreSigma);
          recoveredAt = Math.max(recoveredAt, resolvedAt);
          incidents.push({
            id: `i${incidents.length + 1}`,
            title: 'incident',
            createdAt,
            resolvedAt,
            severity: null,
            causedByDeployment: id,
            causedByPr: null,
          });
        }
        if (random() < p.hotfixShare) {
          hotfixes.push({
            id: `h${hotfixes.length + 1}`,
            environment: 'production',
            status: 'success',
            startedAt: recoveredAt - 600_000,
            finishedAt: recoveredAt,
            commitSha: null,
            pullRequests: [],
            unplanned: true,
          });
        }
      }
    }
    const newBugs = poisson(random, p.bugsPerWeek);
    for (let k = 0; k < newBugs; k++) {
      bugs.push({
        id: `b${bugs.length + 1}`,
        createdAt: workTime(random, weekStart),
        closedAt: null,
        introducedByPr: null,
      });
    }
  }
  // Reverts: a merged PR that reverts another.
  for (const r of toRevert) {
    const n = ++number;
    pullRequests.push(
      storedPullRequest({
        number: n,
        id: `pr${n}`,
        author: 'dev0',
        createdAt: r.at,
        mergedAt: r.at + 3_600_000,
        closedAt: r.at + 3_600_000,
        reverts: r.number,
        commits: [
          {
            sha: `r${n.toString(16).padStart(7, '0')}`,
            authoredAt: r.at,
            message: 'revert',
          },
        ],
        reviews: [
          {
            reviewer: 'dev1',
            state: 'APPROVED',
            submittedAt: r.at + 1_800_000,
          },
        ],
      }),
    );
  }
  deployments.push(...hotfixes);
  deployments.sort((a, b) => a.finishedAt - b.finishedAt);
  return { pullRequests, deployments, incidents, bugs, demo: false };
}

/** The events as they stood at `at`: later events dropped, later merges, closes and resolutions undone. */
export function eventsAsOf(
  events: EntityEvents,
  at: number,
  since: number,
): EntityEvents {
  return {
    pullRequests: events.pullRequests
      .filter(p => p.createdAt < at && (p.closedAt ?? p.createdAt) >= since)
      .map(p =>
        (p.closedAt ?? 0) < at ? p : { ...p, mergedAt: null, closedAt: null },
      ),
    deployments: events.deployments.filter(
      d => d.finishedAt < at && d.finishedAt >= since,
    ),
    incidents: events.incidents
      .filter(i => i.createdAt < at && i.createdAt >= since)
      .map(i => ((i.resolvedAt ?? 0) < at ? i : { ...i, resolvedAt: null })),
    bugs: events.bugs.filter(b => b.createdAt < at && b.createdAt >= since),
    demo: false,
  };
}

import type {
  StoredDeployment,
  StoredIncident,
  StoredPullRequest,
} from './model';
import { independentApprovals } from './reviews';

/** Successful deployments to a production environment, by finish time. */
export function productionDeployments(
  deployments: StoredDeployment[],
  productionEnvironments: string[],
): StoredDeployment[] {
  const envs = new Set(productionEnvironments.map(e => e.toLowerCase()));
  return deployments
    .filter(d => d.status === 'success' && envs.has(d.environment.toLowerCase()))
    .sort((a, b) => a.finishedAt - b.finishedAt);
}

/**
 * Links each incident to the deployment that caused it: its
 * causedBy.deploymentId when given, otherwise the last successful production
 * deployment that finished before the incident was created. Incidents before
 * any deployment link to none. Returns deployment id → incident ids.
 */
export function linkIncidentsToDeployments(
  incidents: StoredIncident[],
  productionDeploymentsByFinish: StoredDeployment[],
): Map<string, string[]> {
  const links = new Map<string, string[]>();
  const ids = new Set(productionDeploymentsByFinish.map(d => d.id));
  const add = (deploymentId: string, incidentId: string) => {
    const list = links.get(deploymentId) ?? [];
    list.push(incidentId);
    links.set(deploymentId, list);
  };
  const sorted = isSortedByFinish(productionDeploymentsByFinish);
  for (const incident of incidents) {
    if (incident.causedByDeployment && ids.has(incident.causedByDeployment)) {
      add(incident.causedByDeployment, incident.id);
      continue;
    }
    let previous: StoredDeployment | undefined;
    if (sorted) {
      // The last one finishing before the incident: binary search.
      const at = firstFinishingAtOrAfter(productionDeploymentsByFinish, incident.createdAt);
      previous = at > 0 ? productionDeploymentsByFinish[at - 1] : undefined;
    } else {
      for (const d of productionDeploymentsByFinish) {
        if (d.finishedAt < incident.createdAt) previous = d;
        else break;
      }
    }
    if (previous) add(previous.id, incident.id);
  }
  return links;
}

/** Whether binary search finds what a linear scan finds: ascending finish times, none NaN. */
function isSortedByFinish(deployments: StoredDeployment[]): boolean {
  for (let i = 0; i < deployments.length; i++) {
    const finishedAt = deployments[i].finishedAt;
    if (Number.isNaN(finishedAt)) return false;
    if (i > 0 && deployments[i - 1].finishedAt > finishedAt) return false;
  }
  return true;
}

/** Index of the first deployment (of a list sorted by finish) finishing at or after `time`; the length if none. */
function firstFinishingAtOrAfter(deployments: StoredDeployment[], time: number): number {
  let lo = 0;
  let hi = deployments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (deployments[mid].finishedAt < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lookups over one deployment list: first position listing a PR number or a commit. */
interface DeploymentIndex {
  length: number;
  first?: StoredDeployment;
  last?: StoredDeployment;
  sorted: boolean;
  byNumber: Map<unknown, number>;
  byCommit: Map<unknown, number>;
}

// Built once per list, so that linking every PR of an entity is not
// quadratic; rebuilt when the list visibly changed.
const deploymentIndexes = new WeakMap<StoredDeployment[], DeploymentIndex>();

function deploymentIndex(deployments: StoredDeployment[]): DeploymentIndex {
  const cached = deploymentIndexes.get(deployments);
  if (
    cached &&
    cached.length === deployments.length &&
    cached.first === deployments[0] &&
    cached.last === deployments[deployments.length - 1]
  ) {
    return cached;
  }
  const byNumber = new Map<unknown, number>();
  const byCommit = new Map<unknown, number>();
  deployments.forEach((d, i) => {
    for (const n of d.pullRequests ?? []) if (!byNumber.has(n)) byNumber.set(n, i);
    if (!byCommit.has(d.commitSha)) byCommit.set(d.commitSha, i);
  });
  const index: DeploymentIndex = {
    length: deployments.length,
    first: deployments[0],
    last: deployments[deployments.length - 1],
    sorted: isSortedByFinish(deployments),
    byNumber,
    byCommit,
  };
  deploymentIndexes.set(deployments, index);
  return index;
}

/**
 * The deployment that shipped a merged PR: the earliest production deployment
 * listing it (by number or merge commit), otherwise the earliest one finishing
 * at or after the merge.
 */
export function deploymentForPullRequest(
  pr: StoredPullRequest,
  productionDeploymentsByFinish: StoredDeployment[],
): StoredDeployment | undefined {
  if (pr.mergedAt === null) return undefined;
  const index = deploymentIndex(productionDeploymentsByFinish);
  const byNumber = index.byNumber.get(pr.number) ?? Infinity;
  const byCommit =
    pr.mergeCommitSha !== null ? index.byCommit.get(pr.mergeCommitSha) ?? Infinity : Infinity;
  const listing = Math.min(byNumber, byCommit);
  if (listing !== Infinity) return productionDeploymentsByFinish[listing];
  if (index.sorted && !Number.isNaN(pr.mergedAt)) {
    return productionDeploymentsByFinish[
      firstFinishingAtOrAfter(productionDeploymentsByFinish, pr.mergedAt)
    ];
  }
  return productionDeploymentsByFinish.find(d => d.finishedAt >= pr.mergedAt!);
}

/**
 * Lead time of one deployed PR in seconds: coding time (first commit authored
 * → created) + created → merged + merged → deployed, each negative span as 0.
 */
export function leadTimeSeconds(pr: StoredPullRequest, deployedAt: number): number {
  const firstCommit = pr.commits.length
    ? Math.min(...pr.commits.map(c => c.authoredAt))
    : pr.createdAt;
  const span = (a: number, b: number) => Math.max(0, b - a) / 1000;
  return (
    span(firstCommit, pr.createdAt) +
    span(pr.createdAt, pr.mergedAt!) +
    span(pr.mergedAt!, deployedAt)
  );
}

const REVERT_MESSAGE = /This reverts commit ([0-9a-f]{7,40})/gi;
// Matches wherever REVERT_MESSAGE does; cheap to test (no match objects, no regex copy).
export const REVERT_HINT = /This reverts commit [0-9a-f]{7}/i;

/** Numbers of merged PRs that a later PR reverted (a `reverts` link or a revert message). */
export function revertedPullRequests(prs: StoredPullRequest[]): Set<number> {
  const reverted = new Set<number>();
  // Built on the first revert message only: most commits have none.
  let bySha: Map<string, number> | undefined;
  const shas = () => {
    if (!bySha) {
      bySha = new Map<string, number>();
      for (const pr of prs) {
        if (pr.mergeCommitSha) bySha.set(pr.mergeCommitSha.toLowerCase(), pr.number);
        for (const c of pr.commits) bySha.set(c.sha.toLowerCase(), pr.number);
      }
    }
    return bySha;
  };
  const findSha = (sha: string) => {
    const exact = shas().get(sha);
    if (exact !== undefined) return exact;
    for (const [full, n] of shas()) if (full.startsWith(sha)) return n;
    return undefined;
  };
  for (const pr of prs) {
    if (pr.mergedAt === null) continue;
    if (pr.reverts !== null) reverted.add(pr.reverts);
    for (const commit of pr.commits) {
      if (!REVERT_HINT.test(commit.message)) continue;
      for (const m of commit.message.matchAll(REVERT_MESSAGE)) {
        const n = findSha(m[1].toLowerCase());
        if (n !== undefined && n !== pr.number) reverted.add(n);
      }
    }
  }
  return reverted;
}

/**
 * Whether the PR has an approval that stands from a human who is neither its
 * author nor the person who started an agent's PR (nor a bot, nor an account
 * that `isAutomation` recognises, such as an AI agent). The same rule as the
 * policies' `human-approvals`: a reviewer's latest review decides, so a later
 * CHANGES_REQUESTED or DISMISSED withdraws an earlier approval.
 */
export function hasIndependentApproval(
  pr: Pick<StoredPullRequest, 'author' | 'startedBy' | 'reviews'>,
  isAutomation: (login: string) => boolean = () => false,
): boolean {
  return independentApprovals(pr, isAutomation).length > 0;
}

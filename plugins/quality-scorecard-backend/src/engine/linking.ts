import type {
  StoredDeployment,
  StoredIncident,
  StoredPullRequest,
} from '../database/types';

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
  for (const incident of incidents) {
    if (incident.causedByDeployment && ids.has(incident.causedByDeployment)) {
      add(incident.causedByDeployment, incident.id);
      continue;
    }
    let previous: StoredDeployment | undefined;
    for (const d of productionDeploymentsByFinish) {
      if (d.finishedAt < incident.createdAt) previous = d;
      else break;
    }
    if (previous) add(previous.id, incident.id);
  }
  return links;
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
  const listing = productionDeploymentsByFinish.find(
    d =>
      d.pullRequests?.includes(pr.number) ||
      (pr.mergeCommitSha !== null && d.commitSha === pr.mergeCommitSha),
  );
  if (listing) return listing;
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

/** Numbers of merged PRs that a later PR reverted (a `reverts` link or a revert message). */
export function revertedPullRequests(prs: StoredPullRequest[]): Set<number> {
  const reverted = new Set<number>();
  const bySha = new Map<string, number>();
  for (const pr of prs) {
    if (pr.mergeCommitSha) bySha.set(pr.mergeCommitSha.toLowerCase(), pr.number);
    for (const c of pr.commits) bySha.set(c.sha.toLowerCase(), pr.number);
  }
  const findSha = (sha: string) => {
    const exact = bySha.get(sha);
    if (exact !== undefined) return exact;
    for (const [full, n] of bySha) if (full.startsWith(sha)) return n;
    return undefined;
  };
  for (const pr of prs) {
    if (pr.mergedAt === null) continue;
    if (pr.reverts !== null) reverted.add(pr.reverts);
    for (const commit of pr.commits) {
      for (const m of commit.message.matchAll(REVERT_MESSAGE)) {
        const n = findSha(m[1].toLowerCase());
        if (n !== undefined && n !== pr.number) reverted.add(n);
      }
    }
  }
  return reverted;
}

/**
 * Approved by a human who is neither the author nor a bot (nor, when given,
 * an account that `isAutomation` recognises, such as an AI agent).
 */
export function hasIndependentApproval(
  pr: StoredPullRequest,
  isAutomation: (login: string) => boolean = () => false,
): boolean {
  return pr.reviews.some(
    r => r.state === 'APPROVED' && !r.isBot && r.reviewer !== pr.author && !isAutomation(r.reviewer),
  );
}

import type {
  StoredDeployment,
  StoredIncident,
  StoredPullRequest,
} from '../engine/model';

/**
 * A stored pull request with every field empty or zero but those given: the
 * engine tests state only what each case is about.
 */
export function storedPullRequest(
  p: Partial<StoredPullRequest> & { number: number },
): StoredPullRequest {
  return {
    id: `pr${p.number}`,
    title: '',
    author: 'a',
    url: '',
    repository: 'repo1',
    createdAt: 0,
    mergedAt: null,
    closedAt: null,
    additions: 0,
    deletions: 0,
    changedFiles: 0,
    labels: [],
    files: null,
    body: null,
    mergeCommitSha: null,
    mergedBy: null,
    startedBy: null,
    reverts: null,
    commits: [],
    reviews: [],
    ...p,
  };
}

/** A successful production deployment finishing at `finishedAt`, with what the case adds. */
export function storedDeployment(
  id: string,
  finishedAt: number,
  extra: Partial<StoredDeployment> = {},
): StoredDeployment {
  return {
    id,
    environment: 'production',
    status: 'success',
    startedAt: null,
    finishedAt,
    commitSha: null,
    pullRequests: null,
    ...extra,
  };
}

/** An incident created at `createdAt`, with what the case adds. */
export function storedIncident(
  id: string,
  createdAt: number,
  extra: Partial<StoredIncident> = {},
): StoredIncident {
  return {
    id,
    title: id,
    createdAt,
    resolvedAt: null,
    severity: null,
    causedByDeployment: null,
    causedByPr: null,
    ...extra,
  };
}

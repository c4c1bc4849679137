/*
 * The PR flow breakdown: where a merged PR's time goes (coding, pickup,
 * review, deploy). Definitions in docs/metrics.md; they follow DevLake's
 * project_pr_metrics, with the differences written there.
 */
import type { StoredPullRequest } from './model';
import { independentReviewer } from './reviews';

/** The parts of one merged PR, in seconds; undefined where the PR has none. */
export interface PrFlowTimes {
  coding?: number;
  pickup?: number;
  review?: number;
}

/**
 * The first review of a PR by someone other than its author, the person who
 * started an agent's PR, or a bot or automation account, submitted at or
 * before the merge (a review after the merge is no part of the flow).
 */
export function firstIndependentReviewAt(
  pr: Pick<StoredPullRequest, 'author' | 'startedBy' | 'reviews' | 'mergedAt'>,
  isAutomation: (login: string) => boolean,
): number | undefined {
  const independent = independentReviewer(pr, isAutomation);
  let first: number | undefined;
  for (const r of pr.reviews) {
    if (!independent(r)) continue;
    if (pr.mergedAt !== null && r.submittedAt > pr.mergedAt) continue;
    if (first === undefined || r.submittedAt < first) first = r.submittedAt;
  }
  return first;
}

/**
 * Coding, pickup and review time of a merged PR:
 * - coding: first commit authored → PR opened; none without commits or when
 *   the first commit is later than the opening (a rebased or amended branch);
 * - pickup: ready for review (the opening, for a PR never a draft) → first
 *   independent review; none without one, or when it came before that;
 * - review: first independent review → merge; none without one.
 */
export function prFlowTimes(
  pr: StoredPullRequest,
  isAutomation: (login: string) => boolean,
): PrFlowTimes {
  const mergedAt = pr.mergedAt;
  if (mergedAt === null) return {};
  const out: PrFlowTimes = {};
  if (pr.commits.length > 0) {
    let firstCommit = Infinity;
    for (const c of pr.commits) firstCommit = Math.min(firstCommit, c.authoredAt);
    if (firstCommit <= pr.createdAt) out.coding = (pr.createdAt - firstCommit) / 1000;
  }
  const firstReview = firstIndependentReviewAt(pr, isAutomation);
  if (firstReview !== undefined) {
    const ready = pr.readyForReviewAt ?? pr.createdAt;
    if (firstReview >= ready) out.pickup = (firstReview - ready) / 1000;
    out.review = (mergedAt - firstReview) / 1000;
  }
  return out;
}

/** Deploy time of a merged PR in seconds: merge → the deployment's finish; none when it finished first. */
export function deployTimeSeconds(
  pr: Pick<StoredPullRequest, 'mergedAt'>,
  deployedAt: number,
): number | undefined {
  if (pr.mergedAt === null || deployedAt < pr.mergedAt) return undefined;
  return (deployedAt - pr.mergedAt) / 1000;
}

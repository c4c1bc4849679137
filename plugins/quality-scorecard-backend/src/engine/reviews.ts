/*
 * Who reviewed a pull request independently: the rule the AI-code review
 * policies, review coverage and the PR flow's pickup time share.
 */
import type { PolicyReview } from '@shewhart/plugin-quality-scorecard-node';

/** What the approval helpers read of a PR: its author, who started it, its reviews. */
export interface ReviewedPullRequest {
  author: string;
  startedBy: string | null;
  reviews: PolicyReview[];
}

/**
 * The latest review state per human reviewer (logins compared
 * case-insensitively): a later review replaces an earlier one, so a later
 * CHANGES_REQUESTED or DISMISSED withdraws an approval; a later COMMENTED
 * does not.
 */
function latestHumanReviews(
  pr: ReviewedPullRequest,
  isAutomation: (login: string) => boolean,
) {
  const latest = new Map<
    string,
    { reviewer: string; state: string; submittedAt: number }
  >();
  const ordered = [...pr.reviews].sort((a, b) => a.submittedAt - b.submittedAt);
  for (const r of ordered) {
    if (r.isBot || isAutomation(r.reviewer)) continue;
    const key = r.reviewer.toLowerCase();
    // A comment after an approval does not withdraw it.
    if (r.state === 'COMMENTED' && latest.has(key)) continue;
    latest.set(key, {
      reviewer: r.reviewer,
      state: r.state,
      submittedAt: r.submittedAt,
    });
  }
  return latest;
}

/**
 * Whether a review is independent of the PR: from a human (no bot, no
 * account `isAutomation` recognises) who is neither its author nor the person
 * who started an agent's PR. Logins compare case-insensitively.
 */
export function independentReviewer(
  pr: Pick<ReviewedPullRequest, 'author' | 'startedBy'>,
  isAutomation: (login: string) => boolean,
) {
  const own = new Set(
    [pr.author, pr.startedBy]
      .filter((x): x is string => !!x)
      .map(s => s.toLowerCase()),
  );
  return (review: { reviewer: string; isBot?: boolean }) =>
    !review.isBot &&
    !isAutomation(review.reviewer) &&
    !own.has(review.reviewer.toLowerCase());
}

/**
 * Humans whose approval stands (their latest review is APPROVED) and who are
 * neither the PR's author nor the person who started an agent's PR. Bots and
 * accounts `isAutomation` recognises never count. The policy rules and the
 * review coverage of the AI comparison both use this.
 */
export function independentApprovals(
  pr: ReviewedPullRequest,
  isAutomation: (login: string) => boolean,
): Array<{ reviewer: string; submittedAt: number }> {
  const independent = independentReviewer(pr, isAutomation);
  return [...latestHumanReviews(pr, isAutomation)]
    .filter(([, r]) => r.state === 'APPROVED' && independent(r))
    .map(([, r]) => ({ reviewer: r.reviewer, submittedAt: r.submittedAt }));
}

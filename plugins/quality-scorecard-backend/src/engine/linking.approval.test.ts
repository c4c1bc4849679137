import type { StoredPullRequest } from './model';
import { storedPullRequest } from '../__fixtures__/stored';
import { DEFAULT_AI_DETECTION } from './aiDetection';
import { hasIndependentApproval } from './linking';
import { humanApprovalsRule } from './policy';
import { automationMatcher } from './weeklyStats';

const H = 3_600_000;

/** PR #7 of acme/payments by ada, merged by her after 10 hours. */
const pr = (p: Partial<StoredPullRequest> = {}): StoredPullRequest =>
  storedPullRequest({
    id: 'acme/payments#7',
    number: 7,
    title: 'Add retries',
    author: 'ada',
    url: 'https://github.com/acme/payments/pull/7',
    repository: 'acme/payments',
    mergedAt: 10 * H,
    closedAt: 10 * H,
    additions: 10,
    deletions: 2,
    changedFiles: 2,
    mergedBy: 'ada',
    ...p,
  });

const review = (
  reviewer: string,
  at: number,
  state = 'APPROVED',
  isBot = false,
) => ({
  reviewer,
  state,
  submittedAt: at,
  isBot,
});

const isAutomation = automationMatcher(DEFAULT_AI_DETECTION);
const copilotPr = { author: 'Copilot', startedBy: 'ada' };

describe('hasIndependentApproval (review coverage)', () => {
  it.each([
    ['an approval by someone else', {}, [review('grace', 5 * H)], true],
    ['no review', {}, [], false],
    ["the author's own approval", {}, [review('ada', 5 * H)], false],
    [
      'a bot approval',
      {},
      [review('review-bot[bot]', 5 * H, 'APPROVED', true)],
      false,
    ],
    [
      'an approval by an AI agent account',
      {},
      [review('copilot-swe-agent[bot]', 5 * H)],
      false,
    ],
    [
      'an agent PR approved only by the person who started it',
      copilotPr,
      [review('ada', 5 * H)],
      false,
    ],
    [
      'an agent PR approved by its starter and by someone else',
      copilotPr,
      [review('ada', 5 * H), review('grace', 6 * H)],
      true,
    ],
    [
      'approval, then changes requested by the same reviewer',
      {},
      [review('grace', 5 * H), review('grace', 6 * H, 'CHANGES_REQUESTED')],
      false,
    ],
    [
      'approval, then dismissed',
      {},
      [review('grace', 5 * H), review('grace', 6 * H, 'DISMISSED')],
      false,
    ],
    [
      'approval, then a comment',
      {},
      [review('grace', 5 * H), review('grace', 6 * H, 'COMMENTED')],
      true,
    ],
    [
      'changes requested, then approved',
      {},
      [review('grace', 5 * H, 'CHANGES_REQUESTED'), review('grace', 6 * H)],
      true,
    ],
    [
      'stored out of order: the later CHANGES_REQUESTED still wins',
      {},
      [review('grace', 6 * H, 'CHANGES_REQUESTED'), review('grace', 5 * H)],
      false,
    ],
    [
      "one reviewer's withdrawal leaves another's approval",
      {},
      [
        review('grace', 5 * H),
        review('alan', 5 * H),
        review('grace', 6 * H, 'DISMISSED'),
      ],
      true,
    ],
  ])('%s', (_name, patch, reviews, expected) => {
    const subject = pr({ ...patch, reviews });
    expect(hasIndependentApproval(subject, isAutomation)).toBe(expected);
    // The policy's human-approvals rule (min 1) gives the same answer.
    const rule = humanApprovalsRule.evaluate(
      subject,
      { min: 1 },
      {
        ai: { aiAssisted: true, confidence: 0.95, signals: [] },
        isAutomation,
      },
    );
    expect(rule.outcome).toBe(expected ? 'pass' : 'fail');
  });
});

import type {
  PolicyPullRequest,
  PolicyRuleContext,
} from '@shewhart/plugin-quality-scorecard-node';
import {
  approvalAfterLastCommitRule,
  commitTime,
  CompiledPolicy,
  defaultPolicies,
  evaluatePolicies,
  filterMatches,
  humanApprovalsRule,
  noSelfMergeRule,
  policiesFor,
  sizeLimitRule,
  testsChangedRule,
} from './policy';
import { independentApprovals } from './reviews';

const H = 3_600_000;

function pr(p: Partial<PolicyPullRequest> = {}): PolicyPullRequest {
  return {
    number: 7,
    title: 'Add retries',
    author: 'ada',
    url: 'https://github.com/acme/payments/pull/7',
    createdAt: 0,
    mergedAt: 10 * H,
    mergedBy: 'ada',
    startedBy: null,
    additions: 120,
    deletions: 30,
    changedFiles: 3,
    labels: [],
    files: ['src/retry.ts', 'src/retry.test.ts'],
    body: null,
    commits: [{ sha: 'a1', authoredAt: 1 * H, message: 'Add retries' }],
    reviews: [],
    ...p,
  };
}

const context: PolicyRuleContext = {
  ai: {
    aiAssisted: true,
    confidence: 0.95,
    signals: ['trailer Co-authored-by: Claude <noreply@anthropic.com>'],
  },
  isAutomation: login =>
    login.endsWith('[bot]') || login === 'copilot-swe-agent',
};

const approve = (
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

describe('human-approvals', () => {
  const agentPr = {
    author: 'copilot-swe-agent[bot]',
    startedBy: 'ada',
    mergedBy: 'ada',
  };
  it.each([
    [
      'one independent approval',
      { reviews: [approve('grace', 5 * H)] },
      1,
      'pass',
      'approved by grace',
    ],
    [
      'no reviews',
      {},
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'the author approving own PR does not count',
      { reviews: [approve('ada', 5 * H)] },
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'a bot approval never counts',
      { reviews: [approve('review-bot[bot]', 5 * H, 'APPROVED', true)] },
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'an AI agent reviewer never counts',
      { reviews: [approve('copilot-swe-agent', 5 * H)] },
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'a dismissed approval does not count',
      {
        reviews: [
          approve('grace', 5 * H),
          approve('grace', 6 * H, 'DISMISSED'),
        ],
      },
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'a later comment keeps the approval',
      {
        reviews: [
          approve('grace', 5 * H),
          approve('grace', 6 * H, 'COMMENTED'),
        ],
      },
      1,
      'pass',
      'approved by grace',
    ],
    [
      'changes requested after approval withdraws it',
      {
        reviews: [
          approve('grace', 5 * H),
          approve('grace', 6 * H, 'CHANGES_REQUESTED'),
        ],
      },
      1,
      'fail',
      '0 approvals from humans other than ada (needs 1)',
    ],
    [
      'two required, one given',
      { reviews: [approve('grace', 5 * H)] },
      2,
      'fail',
      '1 approval from humans other than ada (needs 2)',
    ],
    [
      'two required, two given',
      { reviews: [approve('grace', 5 * H), approve('alan', 5 * H)] },
      2,
      'pass',
      'approved by grace, alan',
    ],
    [
      'agent PR approved only by the person who started it',
      { ...agentPr, reviews: [approve('ada', 5 * H)] },
      1,
      'fail',
      '0 approvals from humans other than copilot-swe-agent[bot] or ada (needs 1)',
    ],
    [
      'agent PR approved by someone else',
      { ...agentPr, reviews: [approve('ada', 5 * H), approve('grace', 5 * H)] },
      1,
      'pass',
      'approved by grace',
    ],
  ])('%s', (_name, patch, min, outcome, reason) => {
    expect(humanApprovalsRule.evaluate(pr(patch), { min }, context)).toEqual({
      outcome,
      reason,
    });
  });

  it('parses options with clear errors', () => {
    expect(humanApprovalsRule.parseOptions({})).toEqual({ min: 1 });
    expect(humanApprovalsRule.parseOptions({ min: 2 })).toEqual({ min: 2 });
    expect(() => humanApprovalsRule.parseOptions({ min: 0 })).toThrow(
      "option 'min' must be an integer ≥ 1, got 0",
    );
    expect(() => humanApprovalsRule.parseOptions({ min: '2' })).toThrow(
      `option 'min' must be an integer ≥ 1, got "2"`,
    );
    expect(() => humanApprovalsRule.parseOptions({ minimum: 2 })).toThrow(
      "unknown option 'minimum'",
    );
  });
});

describe('no-self-merge', () => {
  it.each([
    [
      'author merges with an approval from someone else',
      { reviews: [approve('grace', 5 * H)] },
      'pass',
      'merged by ada after approval by grace',
    ],
    [
      'author merges without approval',
      {},
      'fail',
      'ada merged their own PR without an approval from anyone else',
    ],
    [
      'someone else merges',
      { mergedBy: 'grace' },
      'pass',
      'merged by grace, not the author',
    ],
    [
      'merger unknown',
      { mergedBy: null },
      'not-evaluated',
      'the source does not report who merged',
    ],
    [
      'the person who started an agent PR merges it with only their own approval',
      {
        author: 'copilot-swe-agent[bot]',
        startedBy: 'ada',
        mergedBy: 'ada',
        reviews: [approve('ada', 5 * H)],
      },
      'fail',
      'ada merged their own PR without an approval from anyone else',
    ],
  ])('%s', (_name, patch, outcome, reason) => {
    expect(noSelfMergeRule.evaluate(pr(patch), {}, context)).toEqual({
      outcome,
      reason,
    });
  });
});

describe('tests-changed', () => {
  const options = testsChangedRule.parseOptions({});
  it.each([
    [
      'a .test. file',
      ['src/retry.ts', 'src/retry.test.ts'],
      'pass',
      'test file changed: src/retry.test.ts',
    ],
    [
      'a file under tests/',
      ['lib/a.py', 'tests/test_a.py'],
      'pass',
      'test file changed: tests/test_a.py',
    ],
    [
      'a Go _test file',
      ['pkg/a.go', 'pkg/a_test.go'],
      'pass',
      'test file changed: pkg/a_test.go',
    ],
    [
      'no test file',
      ['src/retry.ts', 'README.md'],
      'fail',
      'none of 2 changed files is a test',
    ],
    [
      'contest.ts is not a test',
      ['src/contest.ts'],
      'fail',
      'none of 1 changed file is a test',
    ],
  ])('%s', (_name, files, outcome, reason) => {
    expect(testsChangedRule.evaluate(pr({ files }), options, context)).toEqual({
      outcome,
      reason,
    });
  });
  it('is not evaluated when the source does not report files', () => {
    expect(
      testsChangedRule.evaluate(pr({ files: null }), options, context).outcome,
    ).toBe('not-evaluated');
  });
  it('takes configured patterns', () => {
    const custom = testsChangedRule.parseOptions({ patterns: ['spec/**'] });
    expect(
      testsChangedRule.evaluate(
        pr({ files: ['spec/a_spec.rb'] }),
        custom,
        context,
      ).outcome,
    ).toBe('pass');
    expect(
      testsChangedRule.evaluate(
        pr({ files: ['src/a.test.ts'] }),
        custom,
        context,
      ).outcome,
    ).toBe('fail');
    expect(() => testsChangedRule.parseOptions({ patterns: [] })).toThrow(
      "option 'patterns' must be a non-empty list of glob strings",
    );
  });
});

describe('size-limit', () => {
  it.each([
    [399, 1, 400, 'pass', '400 changed lines'],
    [400, 1, 400, 'fail', '401 changed lines, above the limit of 400'],
    [50, 0, 40, 'fail', '50 changed lines, above the limit of 40'],
  ])(
    '%i + %i lines, limit %i',
    (additions, deletions, maxChangedLines, outcome, reason) => {
      expect(
        sizeLimitRule.evaluate(
          pr({ additions, deletions }),
          { maxChangedLines },
          context,
        ),
      ).toEqual({ outcome, reason });
    },
  );
  it('defaults to 400', () => {
    expect(sizeLimitRule.parseOptions({})).toEqual({ maxChangedLines: 400 });
  });
});

describe('approval-after-last-commit', () => {
  const commits = [
    { sha: 'a1', authoredAt: 1 * H, message: 'first' },
    { sha: 'a2', authoredAt: 4 * H, message: 'second' },
    { sha: 'a3', authoredAt: 6 * H, message: 'third' },
  ];
  it.each([
    [
      'approved after the last commit',
      [approve('grace', 7 * H)],
      'pass',
      'approved after the last commit',
    ],
    [
      'two commits after the approval',
      [approve('grace', 3 * H)],
      'fail',
      '2 commits pushed after the last approval',
    ],
    [
      'one commit after the latest approval',
      [approve('grace', 3 * H), approve('alan', 5 * H)],
      'fail',
      '1 commit pushed after the last approval',
    ],
    ['no approval', [], 'fail', 'no independent approval'],
    [
      "only the author's approval",
      [approve('ada', 7 * H)],
      'fail',
      'no independent approval',
    ],
  ])('%s', (_name, reviews, outcome, reason) => {
    expect(
      approvalAfterLastCommitRule.evaluate(
        pr({ commits, reviews }),
        {},
        context,
      ),
    ).toEqual({ outcome, reason });
  });

  // A commit rebased or amended after the approval keeps its author date (1 h
  // here, before grace's approval at 5 h); its committer date moves to when it
  // was rewritten. Commits are built apart from pr() because committedAt is
  // optional on stored commits and not declared on PolicyPullRequest.
  const first = { sha: 'a1', authoredAt: 1 * H, message: 'first' };
  const amended = (committedAt: number | null | undefined) => ({
    sha: 'a2',
    authoredAt: 2 * H,
    committedAt,
    message: 'second, amended',
  });
  it.each([
    [
      'amended after the approval: committer date 7 h, approval 5 h',
      [first, amended(7 * H)],
      'fail',
      '1 commit pushed after the last approval',
    ],
    [
      'rebased after the approval: both commits rewritten at 6 h',
      [{ ...first, committedAt: 6 * H }, amended(6 * H)],
      'fail',
      '2 commits pushed after the last approval',
    ],
    [
      'amended before the approval: committer date 4 h',
      [first, amended(4 * H)],
      'pass',
      'approved after the last commit',
    ],
    [
      'committed at the approval instant',
      [first, amended(5 * H)],
      'pass',
      'approved after the last commit',
    ],
    [
      'no committer date: the author date decides',
      [first, amended(undefined)],
      'pass',
      'approved after the last commit',
    ],
    [
      'a null committer date: the author date decides',
      [first, amended(null)],
      'pass',
      'approved after the last commit',
    ],
  ])('%s', (_name, rewritten, outcome, reason) => {
    const subject = pr({ reviews: [approve('grace', 5 * H)] });
    subject.commits = rewritten;
    expect(approvalAfterLastCommitRule.evaluate(subject, {}, context)).toEqual({
      outcome,
      reason,
    });
  });
});

describe('commitTime', () => {
  it.each([
    [{ authoredAt: 1 * H, committedAt: 7 * H }, 7 * H],
    [{ authoredAt: 1 * H, committedAt: null }, 1 * H],
    [{ authoredAt: 1 * H }, 1 * H],
    [{ authoredAt: 1 * H, committedAt: NaN }, 1 * H],
  ])('%j → %p', (commit, expected) => {
    expect(commitTime(commit)).toBe(expected);
  });
});

describe('independentApprovals', () => {
  const reviewed = (
    author: string,
    startedBy: string | null,
    reviews: ReturnType<typeof approve>[],
  ) => ({
    author,
    startedBy,
    reviews,
  });
  it.each([
    [
      'one approval',
      reviewed('ada', null, [approve('grace', 5 * H)]),
      [{ reviewer: 'grace', submittedAt: 5 * H }],
    ],
    [
      'reviews out of order: the later CHANGES_REQUESTED wins',
      reviewed('ada', null, [
        approve('grace', 6 * H, 'CHANGES_REQUESTED'),
        approve('grace', 5 * H),
      ]),
      [],
    ],
    [
      'approved again after requesting changes',
      reviewed('ada', null, [
        approve('grace', 4 * H, 'CHANGES_REQUESTED'),
        approve('grace', 6 * H),
      ]),
      [{ reviewer: 'grace', submittedAt: 6 * H }],
    ],
    [
      'a comment first, then an approval',
      reviewed('ada', null, [
        approve('grace', 4 * H, 'COMMENTED'),
        approve('grace', 6 * H),
      ]),
      [{ reviewer: 'grace', submittedAt: 6 * H }],
    ],
    [
      'the same reviewer in another letter case withdraws',
      reviewed('ada', null, [
        approve('grace', 5 * H),
        approve('Grace', 6 * H, 'DISMISSED'),
      ]),
      [],
    ],
    [
      'the author in another letter case',
      reviewed('ada', null, [approve('Ada', 5 * H)]),
      [],
    ],
    [
      'the starter of an agent PR',
      reviewed('Copilot', 'ada', [
        approve('ada', 5 * H),
        approve('alan', 6 * H),
      ]),
      [{ reviewer: 'alan', submittedAt: 6 * H }],
    ],
    [
      'an AI agent account',
      reviewed('ada', null, [approve('copilot-swe-agent', 5 * H)]),
      [],
    ],
  ])('%s', (_name, subject, expected) => {
    expect(independentApprovals(subject, context.isAutomation)).toEqual(
      expected,
    );
  });
});

describe('evaluatePolicies', () => {
  const strict: CompiledPolicy = {
    id: 'strict',
    title: 'Strict',
    appliesTo: 'ai-assisted',
    minConfidence: 0.9,
    filter: {},
    rules: [
      { rule: humanApprovalsRule, options: { min: 1 } },
      { rule: sizeLimitRule, options: { maxChangedLines: 100 } },
      { rule: testsChangedRule, options: testsChangedRule.parseOptions({}) },
    ],
  };
  const everyone: CompiledPolicy = {
    id: 'everyone',
    title: 'Everyone',
    appliesTo: 'all',
    minConfidence: 0,
    filter: {},
    rules: [{ rule: noSelfMergeRule, options: {} }],
  };

  it('lists every failed rule with its policy', () => {
    const verdict = evaluatePolicies(
      pr({ files: null }),
      [strict, everyone],
      context,
    );
    expect(verdict.applicable).toBe(true);
    expect(verdict.compliant).toBe(false);
    expect(verdict.failures).toEqual([
      {
        policy: 'strict',
        id: 'human-approvals',
        reason: '0 approvals from humans other than ada (needs 1)',
      },
      {
        policy: 'strict',
        id: 'size-limit',
        reason: '150 changed lines, above the limit of 100',
      },
      {
        policy: 'everyone',
        id: 'no-self-merge',
        reason: 'ada merged their own PR without an approval from anyone else',
      },
    ]);
    // tests-changed could not be evaluated: neither a pass nor a failure.
    expect(verdict.results.map(r => `${r.id}:${r.outcome}`)).toEqual([
      'human-approvals:fail',
      'size-limit:fail',
      'tests-changed:not-evaluated',
      'no-self-merge:fail',
    ]);
  });

  it.each([
    ['AI-assisted above the confidence', true, 0.95, true],
    ['AI-assisted below the confidence', true, 0.5, false],
    ['not AI-assisted', false, 0, false],
  ])(
    'applies an ai-assisted policy: %s',
    (_name, aiAssisted, confidence, applicable) => {
      const verdict = evaluatePolicies(pr(), [strict], {
        ...context,
        ai: { aiAssisted, confidence, signals: [] },
      });
      expect(verdict.applicable).toBe(applicable);
      expect(verdict.compliant).toBe(false);
    },
  );

  it('a compliant PR passes every rule', () => {
    const verdict = evaluatePolicies(
      pr({ additions: 60, deletions: 10, reviews: [approve('grace', 5 * H)] }),
      [strict, everyone],
      context,
    );
    expect(verdict).toMatchObject({
      applicable: true,
      compliant: true,
      failures: [],
    });
  });

  it('the default policy needs an independent approval and no self-merge', () => {
    const [policy] = defaultPolicies();
    expect(policy.rules.map(r => r.rule.id)).toEqual([
      'human-approvals',
      'no-self-merge',
    ]);
    expect(
      evaluatePolicies(
        pr({ reviews: [approve('grace', 5 * H)] }),
        [policy],
        context,
      ).compliant,
    ).toBe(true);
    expect(
      evaluatePolicies(pr(), [policy], context).failures.map(f => f.id),
    ).toEqual(['human-approvals', 'no-self-merge']);
  });
});

describe('entity filters', () => {
  const payments = {
    entityRef: 'component:default/payments-api',
    kind: 'component',
    type: 'service',
    lifecycle: 'production',
    system: 'system:default/payments',
    owner: 'group:default/payments-team',
    tags: ['pci', 'java'],
  };
  it.each([
    [{}, true],
    [{ kind: ['Component'] }, true],
    [{ kind: ['API'] }, false],
    [{ type: ['service', 'website'] }, true],
    [{ lifecycle: ['experimental'] }, false],
    [{ system: ['payments'] }, true],
    [{ system: ['system:default/payments'] }, true],
    [{ system: ['storefront'] }, false],
    [{ owner: ['payments-team'] }, true],
    [{ owner: ['group:default/payments-team'] }, true],
    [{ owner: ['team'] }, false],
    [{ tags: ['PCI'] }, true],
    [{ tags: ['python'] }, false],
    [{ kind: ['component'], tags: ['python'] }, false],
    [{ entityRefs: ['component:default/payments-api'] }, true],
  ])('%j → %s', (filter, expected) => {
    expect(filterMatches(filter, payments)).toBe(expected);
  });

  it('selects policies per entity; a filtered policy never applies to an unknown entity', () => {
    const all = { ...defaultPolicies()[0], id: 'all' };
    const pci = {
      ...defaultPolicies()[0],
      id: 'pci',
      filter: { tags: ['pci'] },
    };
    expect(policiesFor([all, pci], payments).map(p => p.id)).toEqual([
      'all',
      'pci',
    ]);
    expect(
      policiesFor([all, pci], { ...payments, tags: [] }).map(p => p.id),
    ).toEqual(['all']);
    expect(policiesFor([all, pci], undefined).map(p => p.id)).toEqual(['all']);
  });
});

import { independentApprovals } from './reviews';
import { minimatch } from 'minimatch';
import type { JsonObject, JsonValue } from '@backstage/types';
import type {
  AiPolicyRule,
  PolicyPullRequest,
  PolicyRuleContext,
  PolicyRuleResult,
} from '@shewhart/plugin-quality-scorecard-node';

/**
 * AI-code review policies: built-in rules and their evaluation per merged PR.
 * Pure: no I/O, no clock.
 */

/** Which entities a policy covers; every given key must match (values within a key: any). */
export interface EntityFilter {
  kind?: string[];
  type?: string[];
  lifecycle?: string[];
  system?: string[];
  owner?: string[];
  tags?: string[];
  entityRefs?: string[];
}

/** What a filter reads of an entity (lower-cased refs, as the catalog stores them). */
export interface EntityFacts {
  entityRef: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  system?: string;
  owner?: string;
  tags: string[];
}

export interface CompiledRule {
  rule: AiPolicyRule<any>;
  options: unknown;
}

export interface CompiledPolicy {
  id: string;
  title: string;
  /** 'ai-assisted': PRs the detector marks AI-assisted (at or above minConfidence); 'all': every merged PR. */
  appliesTo: 'ai-assisted' | 'all';
  minConfidence: number;
  filter: EntityFilter;
  rules: CompiledRule[];
}

export interface PolicyVerdict {
  /** Whether any policy applied to the PR. */
  applicable: boolean;
  compliant: boolean;
  failures: Array<{ policy: string; id: string; reason: string }>;
  results: Array<{
    policy: string;
    id: string;
    outcome: PolicyRuleResult['outcome'];
    reason: string;
  }>;
}

const lower = (s: string | undefined) => s?.toLocaleLowerCase('en-US');

/** Whether a policy's filter selects an entity. An empty filter selects every entity. */
export function filterMatches(
  filter: EntityFilter,
  entity: EntityFacts,
): boolean {
  const anyOf = (values: string[] | undefined, actual: string | undefined) =>
    values === undefined ||
    (actual !== undefined && values.some(v => lower(v) === lower(actual)));
  // Owners and systems may be written as full refs or short names ("payments-team").
  const anyRef = (values: string[] | undefined, actual: string | undefined) =>
    values === undefined ||
    (actual !== undefined &&
      values.some(
        v =>
          lower(v) === lower(actual) || lower(actual)!.endsWith(`/${lower(v)}`),
      ));
  return (
    anyOf(filter.kind, entity.kind) &&
    anyOf(filter.type, entity.type) &&
    anyOf(filter.lifecycle, entity.lifecycle) &&
    anyRef(filter.system, entity.system) &&
    anyRef(filter.owner, entity.owner) &&
    anyOf(filter.entityRefs, entity.entityRef) &&
    (filter.tags === undefined ||
      filter.tags.some(t => entity.tags.map(lower).includes(lower(t))))
  );
}

/** The policies whose filters select the entity. */
export function policiesFor(
  policies: CompiledPolicy[],
  entity: EntityFacts | undefined,
): CompiledPolicy[] {
  return policies.filter(p => {
    const empty = Object.values(p.filter).every(v => v === undefined);
    if (empty) return true;
    return entity !== undefined && filterMatches(p.filter, entity);
  });
}

const approvalsIn = (pr: PolicyPullRequest, context: PolicyRuleContext) =>
  independentApprovals(pr, login => context.isAutomation(login));

/**
 * When a commit last changed: its committer date when the source reports one
 * (a rebase, amend or cherry-pick moves it; the author date stays), else its
 * author date.
 */
export const commitTime = (c: {
  authoredAt: number;
  committedAt?: number | null;
}) =>
  typeof c.committedAt === 'number' && Number.isFinite(c.committedAt)
    ? c.committedAt
    : c.authoredAt;

function intOption(
  options: JsonObject,
  key: string,
  fallback: number,
  min: number,
): number {
  const value: JsonValue | undefined = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(
      `option '${key}' must be an integer ≥ ${min}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

function noOptions(rule: string) {
  return (options: JsonObject) => {
    const keys = Object.keys(options);
    if (keys.length > 0)
      throw new Error(`rule '${rule}' takes no options, got '${keys[0]}'`);
    return {};
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const humanApprovalsRule: AiPolicyRule<{ min: number }> = {
  id: 'human-approvals',
  description:
    'At least `min` (default 1) approving reviews from humans who are neither the author nor the person who started an agent PR; bots and AI reviewers never count.',
  parseOptions: options => {
    const unknown = Object.keys(options).find(k => k !== 'min');
    if (unknown) throw new Error(`unknown option '${unknown}'`);
    return { min: intOption(options, 'min', 1, 1) };
  },
  evaluate: (pr, { min }, context) => {
    const approvers = approvalsIn(pr, context).map(a => a.reviewer);
    const who =
      pr.startedBy && pr.startedBy !== pr.author
        ? `${pr.author} or ${pr.startedBy}`
        : pr.author;
    if (approvers.length >= min) {
      return { outcome: 'pass', reason: `approved by ${approvers.join(', ')}` };
    }
    return {
      outcome: 'fail',
      reason: `${plural(
        approvers.length,
        'approval',
      )} from humans other than ${who} (needs ${min})`,
    };
  },
};

export const noSelfMergeRule: AiPolicyRule<{}> = {
  id: 'no-self-merge',
  description:
    'The author (or the person who started an agent PR) did not merge it on their own: if they merged it, someone else approved it.',
  parseOptions: noOptions('no-self-merge'),
  evaluate: (pr, _options, context) => {
    if (!pr.mergedBy)
      return {
        outcome: 'not-evaluated',
        reason: 'the source does not report who merged',
      };
    const merger = pr.mergedBy.toLowerCase();
    const authorSide = [pr.author, pr.startedBy].some(
      x => x?.toLowerCase() === merger,
    );
    if (!authorSide)
      return {
        outcome: 'pass',
        reason: `merged by ${pr.mergedBy}, not the author`,
      };
    const others = approvalsIn(pr, context).filter(
      a => a.reviewer.toLowerCase() !== merger,
    );
    if (others.length > 0) {
      return {
        outcome: 'pass',
        reason: `merged by ${pr.mergedBy} after approval by ${others
          .map(a => a.reviewer)
          .join(', ')}`,
      };
    }
    return {
      outcome: 'fail',
      reason: `${pr.mergedBy} merged their own PR without an approval from anyone else`,
    };
  },
};

const DEFAULT_TEST_PATTERNS = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.*',
  '**/test_*.py',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
];

export const testsChangedRule: AiPolicyRule<{ patterns: string[] }> = {
  id: 'tests-changed',
  description: 'At least one changed file matches a test path pattern (glob).',
  parseOptions: options => {
    const unknown = Object.keys(options).find(k => k !== 'patterns');
    if (unknown) throw new Error(`unknown option '${unknown}'`);
    const patterns = options.patterns ?? DEFAULT_TEST_PATTERNS;
    if (
      !Array.isArray(patterns) ||
      patterns.length === 0 ||
      patterns.some(p => typeof p !== 'string' || !p)
    ) {
      throw new Error(
        `option 'patterns' must be a non-empty list of glob strings`,
      );
    }
    return { patterns: patterns as string[] };
  },
  evaluate: (pr, { patterns }) => {
    if (pr.files === null)
      return {
        outcome: 'not-evaluated',
        reason: 'the source does not report changed files',
      };
    const match = pr.files.find(f =>
      patterns.some(p =>
        minimatch(f, p, { dot: true, matchBase: !p.includes('/') }),
      ),
    );
    if (match)
      return { outcome: 'pass', reason: `test file changed: ${match}` };
    return {
      outcome: 'fail',
      reason: `none of ${plural(pr.files.length, 'changed file')} is a test`,
    };
  },
};

export const sizeLimitRule: AiPolicyRule<{ maxChangedLines: number }> = {
  id: 'size-limit',
  description: 'Additions + deletions at most `maxChangedLines` (default 400).',
  parseOptions: options => {
    const unknown = Object.keys(options).find(k => k !== 'maxChangedLines');
    if (unknown) throw new Error(`unknown option '${unknown}'`);
    return { maxChangedLines: intOption(options, 'maxChangedLines', 400, 1) };
  },
  evaluate: (pr, { maxChangedLines }) => {
    const lines = pr.additions + pr.deletions;
    if (lines <= maxChangedLines)
      return { outcome: 'pass', reason: `${lines} changed lines` };
    return {
      outcome: 'fail',
      reason: `${lines} changed lines, above the limit of ${maxChangedLines}`,
    };
  },
};

export const approvalAfterLastCommitRule: AiPolicyRule<{}> = {
  id: 'approval-after-last-commit',
  description:
    'An independent approval was given after the last commit (its committer date when known, so a rebased or amended commit counts when it was rewritten): no unreviewed commits.',
  parseOptions: noOptions('approval-after-last-commit'),
  evaluate: (pr, _options, context) => {
    if (pr.commits.length === 0)
      return {
        outcome: 'not-evaluated',
        reason: 'the source does not report commits',
      };
    const lastCommit = Math.max(...pr.commits.map(commitTime));
    const approvals = approvalsIn(pr, context);
    if (approvals.length === 0)
      return { outcome: 'fail', reason: 'no independent approval' };
    const latest = Math.max(...approvals.map(a => a.submittedAt));
    if (latest >= lastCommit)
      return { outcome: 'pass', reason: 'approved after the last commit' };
    const after = pr.commits.filter(c => commitTime(c) > latest).length;
    return {
      outcome: 'fail',
      reason: `${plural(after, 'commit')} pushed after the last approval`,
    };
  },
};

export const BUILT_IN_RULES: AiPolicyRule<any>[] = [
  humanApprovalsRule,
  noSelfMergeRule,
  testsChangedRule,
  sizeLimitRule,
  approvalAfterLastCommitRule,
];

/** The policy used when none is configured: one independent human approval, no self-merge. */
export function defaultPolicies(): CompiledPolicy[] {
  return [
    {
      id: 'default',
      title: 'AI-assisted changes get an independent human review',
      appliesTo: 'ai-assisted',
      minConfidence: 0,
      filter: {},
      rules: [
        { rule: humanApprovalsRule, options: { min: 1 } },
        { rule: noSelfMergeRule, options: {} },
      ],
    },
  ];
}

/** Evaluates every applicable policy on one merged PR. */
export function evaluatePolicies(
  pr: PolicyPullRequest,
  policies: CompiledPolicy[],
  context: PolicyRuleContext,
): PolicyVerdict {
  const verdict: PolicyVerdict = {
    applicable: false,
    compliant: true,
    failures: [],
    results: [],
  };
  for (const policy of policies) {
    const applies =
      policy.appliesTo === 'all' ||
      (context.ai.aiAssisted && context.ai.confidence >= policy.minConfidence);
    if (!applies) continue;
    verdict.applicable = true;
    for (const { rule, options } of policy.rules) {
      const result = rule.evaluate(pr, options, context);
      verdict.results.push({ policy: policy.id, id: rule.id, ...result });
      if (result.outcome === 'fail') {
        verdict.compliant = false;
        verdict.failures.push({
          policy: policy.id,
          id: rule.id,
          reason: result.reason,
        });
      }
    }
  }
  if (!verdict.applicable) verdict.compliant = false;
  return verdict;
}

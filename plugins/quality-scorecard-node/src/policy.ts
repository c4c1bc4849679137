import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/**
 * A merged pull request as policy rules see it. Times are epoch milliseconds.
 * @public
 */
export interface PolicyPullRequest {
  number: number;
  title: string;
  author: string;
  url: string;
  createdAt: number;
  mergedAt: number | null;
  /** Login of whoever merged it, when the source reports it. */
  mergedBy: string | null;
  /**
   * The human who started the PR when its author is an AI agent (for example
   * the person who assigned an issue to Copilot's coding agent), when known.
   */
  startedBy: string | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  labels: string[];
  /** Changed file paths, when the source reports them (null: unknown). */
  files: string[] | null;
  body: string | null;
  commits: PolicyCommit[];
  reviews: PolicyReview[];
}

/**
 * A commit of a pull request as the policy engine reads it (times in epoch ms).
 * @public
 */
export interface PolicyCommit {
  sha: string;
  authoredAt: number;
  /** Committer time where the source has it: it changes on a rebase or an amend. */
  committedAt?: number;
  message: string;
}

/**
 * A review of a pull request as the policy engine reads it (time in epoch ms).
 * @public
 */
export interface PolicyReview {
  reviewer: string;
  state: string;
  submittedAt: number;
  isBot: boolean;
}

/**
 * What a rule knows beyond the PR itself.
 * @public
 */
export interface PolicyRuleContext {
  /** The AI-assistance verdict of the detector for this PR. */
  ai: { aiAssisted: boolean; confidence: number; signals: string[] };
  /** True for bots and AI agent accounts: their reviews never count as human. */
  isAutomation(login: string): boolean;
}

/**
 * The verdict of one rule on one PR. `not-evaluated` (for example: the
 * source does not report changed files) neither passes nor fails the PR.
 * @public
 */
export interface PolicyRuleResult {
  outcome: 'pass' | 'fail' | 'not-evaluated';
  /** A sentence a person reads in the violations table. */
  reason: string;
}

/**
 * A rule of an AI-code review policy, evaluated per merged PR. Pure: no I/O,
 * no clock.
 * @public
 */
export interface AiPolicyRule<TOptions = JsonObject> {
  /** The id used in `qualityScorecard.aiPolicies[].rules[].id`. */
  id: string;
  description: string;
  /**
   * Reads and checks the rule's `options` from config at startup; throw an
   * Error that names the bad option.
   */
  parseOptions(options: JsonObject): TOptions;
  evaluate(
    pr: PolicyPullRequest,
    options: TOptions,
    context: PolicyRuleContext,
  ): PolicyRuleResult;
}

/** @public */
export interface QualityScorecardPolicyRulesExtensionPoint {
  addPolicyRule(rule: AiPolicyRule<any>): void;
}

/**
 * Lets backend modules add AI-code review policy rules; policies in
 * app-config.yaml refer to them by id.
 * @public
 */
export const qualityScorecardPolicyRulesExtensionPoint =
  createExtensionPoint<QualityScorecardPolicyRulesExtensionPoint>({
    id: 'quality-scorecard.policy-rules',
  });

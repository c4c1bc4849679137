import type { IssueCategoryRule, IssueRules, JiraIssueFields } from './types';

const DEFAULT_SEVERITIES: Record<string, string> = {
  highest: 'critical',
  blocker: 'critical',
  high: 'high',
  critical: 'high',
  medium: 'medium',
  major: 'medium',
  low: 'low',
  lowest: 'low',
  minor: 'low',
  trivial: 'low',
};

/** The default priority → severity map, merged under a configured one. */
export function severityMap(configured: Record<string, string> = {}) {
  const out = { ...DEFAULT_SEVERITIES };
  for (const [priority, severity] of Object.entries(configured)) {
    out[priority.toLowerCase()] = severity;
  }
  return out;
}

/** A priority's severity; an unmapped priority keeps its own name; null without one. */
export function severityOf(
  priority: string | null | undefined,
  severities: Record<string, string>,
): string | null {
  if (!priority) return null;
  return severities[priority.toLowerCase()] ?? priority;
}

const lowerSet = (list: string[]) => new Set(list.map(v => v.toLowerCase()));

function matches(rule: IssueCategoryRule, fields: JiraIssueFields) {
  const type = fields.issuetype?.name?.toLowerCase();
  const labels = (fields.labels ?? []).map(l => l.toLowerCase());
  const byType = type !== undefined && lowerSet(rule.issueTypes).has(type);
  const wanted = lowerSet(rule.labels);
  const byLabel = labels.some(l => wanted.has(l));
  if (!byType && !byLabel) return false;
  if (rule.priorities.length === 0) return true;
  const priority = fields.priority?.name?.toLowerCase();
  return priority !== undefined && lowerSet(rule.priorities).has(priority);
}

/**
 * Incident when the incident rule matches (type or label, then priority when
 * the rule names any), else bug when the bug rule does, else neither.
 */
export function classifyIssue(
  fields: JiraIssueFields,
  rules: Pick<IssueRules, 'bugs' | 'incidents'>,
): 'incident' | 'bug' | undefined {
  if (matches(rules.incidents, fields)) return 'incident';
  if (matches(rules.bugs, fields)) return 'bug';
  return undefined;
}

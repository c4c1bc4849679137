/*
 * How GitHub issues become incidents and bugs, shared by the GitHub webhook
 * route and the GitHub sync so that both classify an issue the same way.
 */

/**
 * Labels that make an issue an incident or a bug (case-insensitive).
 * @public
 */
export interface IssueLabelRules {
  incident: string[];
  bug: string[];
}

/**
 * Incident when it has an incident label, else bug when it has a bug label,
 * else neither.
 * @public
 */
export function classifyIssueLabels(
  labels: string[],
  rules: IssueLabelRules,
): 'incident' | 'bug' | undefined {
  const names = new Set(labels.map(l => l.toLowerCase()));
  const has = (list: string[]) => list.some(l => names.has(l.toLowerCase()));
  if (has(rules.incident)) return 'incident';
  if (has(rules.bug)) return 'bug';
  return undefined;
}

/**
 * `severity: high`, `severity/high` or `sev1` labels; null when none.
 * @public
 */
export function severityFromLabels(labels: string[]): string | null {
  for (const label of labels) {
    const named = /^severity\s*[:/=-]\s*(.+)$/i.exec(label);
    if (named) {
      return named[1].trim();
    }
    const numbered = /^sev[\s-]?(\d)$/i.exec(label);
    if (numbered) {
      return `sev${numbered[1]}`;
    }
  }
  return null;
}

/**
 * The Four Keys convention: a `root cause: <sha>` line in an incident's or
 * bug's body names the commit that caused it.
 * @public
 */
export function rootCauseSha(
  body: string | null | undefined,
): string | undefined {
  const match = /root cause:\s*([0-9a-f]{7,40})\b/i.exec(body ?? '');
  return match ? match[1].toLowerCase() : undefined;
}

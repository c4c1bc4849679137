import type {
  BugEvent,
  IncidentEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import { causedByPullRequest } from './causedBy';
import { classifyIssue, severityOf } from './classify';
import { issueKeys } from './locators';
import { isoOf, jiraTime } from './jiraTime';
import type { IssueRules, JiraIssue } from './types';

export const SOURCE = 'jira';

/** The site of an issue, from its `self` link: `https://host[/context]`. */
export function siteOf(self: string): string {
  const at = self.indexOf('/rest/api/');
  return (at >= 0 ? self.slice(0, at) : new URL(self).origin).replace(
    /\/+$/,
    '',
  );
}

/**
 * The event id of an issue: its site (without scheme) and numeric id, which
 * stay when the issue moves to another project (its key does not).
 */
export function issueEventId(issue: Pick<JiraIssue, 'id' | 'self'>): string {
  return `${siteOf(issue.self).replace(/^https?:\/\//, '')}/${issue.id}`;
}

export interface MappedIssue {
  id: string;
  kind: 'bug' | 'incident' | undefined;
  /** `fields.updated` (epoch ms); `created` when absent. */
  updatedAt: number;
  event?: BugEvent | IncidentEvent;
}

/**
 * A Jira issue as a bug or incident event. Closed at `resolutiondate`, or
 * when its status is in the done category without one (at the status
 * category change, else its last update); open again when reopened.
 */
export function mapIssue(
  issue: JiraIssue,
  rules: IssueRules,
  extraComments: unknown[] = [],
): MappedIssue {
  const f = issue.fields;
  const id = issueEventId(issue);
  const created = jiraTime(f.created);
  const updatedAt = jiraTime(f.updated) ?? created ?? 0;
  // Webhooks are checked before this; a search result without a creation time is skipped.
  const kind = created === null ? undefined : classifyIssue(f, rules);
  if (!kind || created === null) return { id, kind: undefined, updatedAt };

  const done = f.status?.statusCategory?.key?.toLowerCase() === 'done';
  const resolved =
    jiraTime(f.resolutiondate) ??
    (done ? jiraTime(f.statuscategorychangedate) ?? updatedAt : null);
  const project = f.project?.key ?? issue.key.replace(/-\d+$/, '');
  const components = (f.components ?? [])
    .map(c => c.name ?? '')
    .filter(Boolean);
  const common = {
    id,
    source: SOURCE,
    locators: issueKeys(project, components, f.labels ?? []),
    title: f.summary ?? issue.key,
    createdAt: isoOf(created),
    severity: severityOf(f.priority?.name, rules.severities),
    url: `${siteOf(issue.self)}/browse/${issue.key}`,
  };
  const closedAt = resolved === null ? null : isoOf(resolved);
  if (kind === 'incident') {
    return {
      id,
      kind,
      updatedAt,
      event: { type: 'incident', ...common, resolvedAt: closedAt },
    };
  }
  const pullRequest = causedByPullRequest([
    f.description,
    ...(f.comment?.comments ?? []).map(c => c.body),
    ...extraComments,
  ]);
  return {
    id,
    kind,
    updatedAt,
    event: {
      type: 'bug',
      ...common,
      closedAt,
      introducedBy: pullRequest ? { pullRequest } : null,
    },
  };
}

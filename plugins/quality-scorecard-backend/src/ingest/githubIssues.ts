/*
 * GitHub `issues` deliveries → incidents and bugs, live, by the same label
 * rules as the GitHub sync (an incident label, else a bug label), with the
 * same ids (`owner/repo/issues/12`), so a webhook and a sync store one row.
 */
import type {
  BugEvent,
  IncidentEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import {
  classifyIssueLabels,
  IssueLabelRules,
  QualityWebhookStore,
  rootCauseSha,
  severityFromLabels,
} from '@shewhart/plugin-quality-scorecard-node';

const SOURCE = 'github';

type Json = Record<string, any>;

export const DEFAULT_ISSUE_LABELS: IssueLabelRules = {
  incident: ['Incident'],
  bug: ['bug'],
};

export const githubIssueId = (repository: string, number: number) =>
  `${repository.toLowerCase()}/issues/${number}`;

/**
 * Opened, edited, labeled, unlabeled, closed and reopened issues are stored
 * as what their labels make them now; an issue that is no longer an incident
 * or bug (a label removed), deleted or transferred away is removed.
 */
export async function mapGithubIssue(
  repository: string,
  payload: Json,
  store: QualityWebhookStore,
  rules: IssueLabelRules,
): Promise<Array<IncidentEvent | BugEvent>> {
  const issue: Json | undefined = payload.issue;
  if (!issue || typeof issue.number !== 'number' || issue.pull_request) {
    return [];
  }
  const id = githubIssueId(repository, issue.number);
  const labels: string[] = (issue.labels ?? []).map((l: Json | string) =>
    typeof l === 'string' ? l : String(l.name),
  );
  const gone = payload.action === 'deleted' || payload.action === 'transferred';
  const kind = gone ? undefined : classifyIssueLabels(labels, rules);
  // GitHub's clock for this change; a delivery from before a removal is stale.
  const at = Date.parse(issue.updated_at ?? '') || undefined;
  if (!kind) {
    // It may have been the other kind, or either, before.
    await store.deleteEvent('incident', SOURCE, id, at);
    await store.deleteEvent('bug', SOURCE, id, at);
    return [];
  }
  const removedAt = await store.deletedAt(kind, SOURCE, id);
  if (removedAt !== undefined && at !== undefined && at <= removedAt) {
    return [];
  }
  // A label can turn a bug into an incident: one issue is one of them.
  await store.deleteEvent(
    kind === 'incident' ? 'bug' : 'incident',
    SOURCE,
    id,
    at,
  );
  const sha = rootCauseSha(issue.body);
  const causedBy = sha
    ? await store.findPullRequestByCommit(SOURCE, repository, sha)
    : undefined;
  const closedAt =
    issue.state === 'closed'
      ? issue.closed_at ?? payload.issue?.updated_at ?? null
      : null;
  const common = {
    source: SOURCE,
    id,
    repository,
    title: String(issue.title ?? ''),
    createdAt: issue.created_at,
    url: issue.html_url ?? null,
  };
  if (kind === 'incident') {
    return [
      {
        ...common,
        type: 'incident',
        resolvedAt: closedAt,
        severity: severityFromLabels(labels),
        causedBy: causedBy !== undefined ? { pullRequest: causedBy } : null,
      },
    ];
  }
  return [
    {
      ...common,
      type: 'bug',
      closedAt,
      introducedBy: causedBy !== undefined ? { pullRequest: causedBy } : null,
      // Null clears a severity label that was removed.
      severity: severityFromLabels(labels),
    },
  ];
}

/*
 * A stored GitLab delivery → events. Merge requests in mergeRequestHooks.ts;
 * pushes, deployments and issues here. Pipeline Hooks and others are kept in
 * the raw log and map to nothing: Deployment Hooks carry what a deployment
 * job's pipeline would tell.
 */
import type {
  DeploymentEvent,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import type { QualityWebhookStore } from '@shewhart/plugin-quality-scorecard-node';
import type { GitlabIssueRules } from '../config';
import {
  deploymentEnvironment,
  deploymentId,
  GitlabProject,
  gitlabTime,
  issueClass,
  issueId,
  locatorOf,
  projectFromWebUrl,
  pushKey,
  SOURCE,
} from '../mapping/common';
import {
  mapMergeRequestHook,
  mapMergeRequestNote,
  mergeCommits,
} from './mergeRequestHooks';

type Json = Record<string, any>;

export function projectOf(payload: Json): GitlabProject | undefined {
  return projectFromWebUrl(
    payload.project?.web_url,
    payload.project?.path_with_namespace,
  );
}

export async function mapGitlabDelivery(
  eventName: string,
  payload: Json,
  store: QualityWebhookStore,
  issues: GitlabIssueRules,
): Promise<QualityEvent[]> {
  const project = projectOf(payload);
  if (!project) return [];
  switch (eventName) {
    case 'Merge Request Hook':
      return mapMergeRequestHook(project, payload, store);
    case 'Note Hook':
      return payload.object_attributes?.noteable_type === 'MergeRequest'
        ? mapMergeRequestNote(project, payload, store)
        : [];
    case 'Push Hook':
      return mapPush(project, payload, store);
    case 'Deployment Hook':
      return mapDeployment(project, payload);
    case 'Issue Hook':
    case 'Confidential Issue Hook':
    case 'Work Item Hook': {
      const events = mapIssue(project, payload, issues);
      // An issue that is no longer an incident (or a bug) leaves that kind.
      const kind = events[0]?.type;
      for (const other of ['incident', 'bug'] as const) {
        if (other !== kind) {
          await store.deleteEvent(
            other,
            SOURCE,
            issueId(project, payload.object_attributes.iid),
          );
        }
      }
      return events;
    }
    default:
      return [];
  }
}

/** Commits of a branch: kept for its merge request, added to the open ones now. */
async function mapPush(
  project: GitlabProject,
  payload: Json,
  store: QualityWebhookStore,
): Promise<QualityEvent[]> {
  const ref = String(payload.ref).replace(/^refs\/heads\//, '');
  const commits = (payload.commits as Json[]).map(c => ({
    sha: String(c.id),
    // A push commit carries one time, `timestamp`: it stands for both.
    authoredAt: gitlabTime(c.timestamp)!,
    committedAt: gitlabTime(c.timestamp),
    message: String(c.message ?? ''),
  }));
  if (commits.length === 0 || ref.startsWith('refs/tags/')) return [];
  await store.addPushCommits(pushKey(project), ref, commits);
  const open = await store.findOpenPullRequestsByHeadRef(
    SOURCE,
    project.path,
    ref,
  );
  return open
    .filter(pr => (pr.gitlabInstance ?? project.host) === project.host)
    .map(pr => ({ ...pr, commits: mergeCommits(pr.commits, commits) }));
}

const FULL_SHA = /\/commit\/([0-9a-f]{40})\/?$/i;

/** A finished deployment: `success` or `failed`; running and canceled ones are none. */
function mapDeployment(project: GitlabProject, payload: Json): QualityEvent[] {
  const status = String(payload.status);
  if (status !== 'success' && status !== 'failed') return [];
  const sha = FULL_SHA.exec(String(payload.commit_url ?? ''));
  const event: DeploymentEvent = {
    type: 'deployment',
    source: SOURCE,
    id: deploymentId(project, payload.deployment_id),
    ...locatorOf(project),
    environment: deploymentEnvironment(
      String(payload.environment),
      payload.environment_tier,
    ),
    status: status === 'success' ? 'success' : 'failure',
    startedAt: null,
    finishedAt: gitlabTime(payload.status_changed_at)!,
    commitSha: sha ? sha[1].toLowerCase() : null,
  };
  return [event];
}

/** An issue of type incident (or with an incident label) or with a bug label. */
function mapIssue(
  project: GitlabProject,
  payload: Json,
  rules: GitlabIssueRules,
): QualityEvent[] {
  const issue: Json = payload.object_attributes;
  const labelList = Array.isArray(payload.labels)
    ? payload.labels
    : issue.labels;
  const labels = Array.isArray(labelList)
    ? labelList.map((l: Json) => String(l.title))
    : [];
  const kind = issueClass(
    {
      issueType: String(issue.issue_type ?? issue.type ?? '').toLowerCase(),
      labels,
    },
    rules,
  );
  const closed = issue.state === 'closed';
  const closedAt = closed
    ? gitlabTime(issue.closed_at) ?? gitlabTime(issue.updated_at)
    : null;
  const common = {
    source: SOURCE,
    id: issueId(project, issue.iid),
    ...locatorOf(project),
    title: String(issue.title),
    createdAt: gitlabTime(issue.created_at)!,
    url: issue.url ? String(issue.url) : null,
  };
  if (kind === 'incident') {
    const severity =
      typeof issue.severity === 'string' &&
      issue.severity.toLowerCase() !== 'unknown'
        ? issue.severity.toLowerCase()
        : null;
    return [{ ...common, type: 'incident', resolvedAt: closedAt, severity }];
  }
  if (kind === 'bug') {
    return [{ ...common, type: 'bug', closedAt }];
  }
  return [];
}

/*
 * What webhooks and the sync share: event ids, the GitLab locator, times,
 * issue classes and deployment environments. The same GitLab object gets the
 * same event from either path, so a webhook and a later sync update one row.
 */
import { DateTime } from 'luxon';
import type {
  EventLocator,
  PullRequestReview,
} from '@shewhart/plugin-quality-scorecard-common';
import type { GitlabIssueRules } from '../config';

export const SOURCE = 'gitlab';

/** A project on one GitLab host: `host` lower case, `path` as GitLab spells it. */
export interface GitlabProject {
  host: string;
  path: string;
}

const key = (p: GitlabProject) => `${p.host}/${p.path.toLowerCase()}`;

export const mergeRequestId = (p: GitlabProject, iid: number) =>
  `${key(p)}!${iid}`;
export const deploymentId = (p: GitlabProject, id: number | string) =>
  `${key(p)}/deployments/${id}`;
export const issueId = (p: GitlabProject, iid: number) => `${key(p)}#${iid}`;
/** Where push commits of a project are kept until its merge request is seen. */
export const pushKey = (p: GitlabProject) => `gitlab:${key(p)}`;

export function locatorOf(p: GitlabProject): EventLocator {
  return { gitlabProject: p.path, gitlabInstance: p.host };
}

/** The project a payload's `project.web_url` (or a REST `web_url`) names. */
export function projectFromWebUrl(
  webUrl: unknown,
  pathWithNamespace: unknown,
): GitlabProject | undefined {
  if (typeof webUrl !== 'string' || typeof pathWithNamespace !== 'string') {
    return undefined;
  }
  try {
    return { host: new URL(webUrl).host.toLowerCase(), path: pathWithNamespace };
  } catch {
    return undefined;
  }
}

const GITLAB_FORMATS = ['yyyy-MM-dd HH:mm:ss z', 'yyyy-MM-dd HH:mm:ss ZZZ', 'yyyy-MM-dd HH:mm:ss ZZ'];

/**
 * A GitLab time as ISO-8601 UTC: webhooks send both ISO-8601
 * (`2024-03-04T10:00:00Z`, `…+01:00`) and `2024-03-04 10:00:00 UTC` or
 * `2021-04-28 21:50:00 +0200`, to the whole second. Null when absent or not
 * a time.
 */
export function gitlabTime(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  let time = DateTime.fromISO(text, { setZone: true });
  for (const format of GITLAB_FORMATS) {
    if (time.isValid) break;
    time = DateTime.fromFormat(text, format, { setZone: true });
  }
  if (!time.isValid || !/[zZ]|[+-]\d{2}:?\d{2}|UTC|GMT/.test(text)) {
    return null;
  }
  // Whole seconds: hooks send seconds, the REST API milliseconds; one
  // precision keeps a webhook's and the sync's event the same.
  return time.toUTC().startOf('second').toISO({ suppressMilliseconds: true });
}

/** Incident, bug or neither, by the issue's type and labels (case-insensitive). */
export function issueClass(
  issue: { issueType?: string | null; labels: string[] },
  rules: GitlabIssueRules,
): 'incident' | 'bug' | null {
  const labels = new Set(issue.labels.map(l => l.toLowerCase()));
  const has = (list: string[]) => list.some(l => labels.has(l.toLowerCase()));
  if (issue.issueType === 'incident' || has(rules.incidentLabels)) {
    return 'incident';
  }
  return has(rules.bugLabels) ? 'bug' : null;
}

/**
 * The environment a deployment counts under: GitLab's `production` tier is
 * `production` whatever the environment is named (`prod`, `production/eu`),
 * so DORA's metrics fill without configuration; other tiers keep the name.
 */
export function deploymentEnvironment(
  name: string,
  tier: string | null | undefined,
): string {
  return tier === 'production' ? 'production' : name;
}

/** GitLab's bot accounts that review or author (GitLab Duo). */
const BOT_USERNAMES = new Set(['gitlabduo', 'gitlab-bot']);

export function isBotUser(username: string, bot?: boolean | null): boolean {
  const name = username.toLowerCase();
  return (
    Boolean(bot) ||
    BOT_USERNAMES.has(name) ||
    /^project_\d+_bot/.test(name) ||
    /^group_\d+_bot/.test(name) ||
    name.endsWith('[bot]')
  );
}

export function review(
  reviewer: string,
  state: PullRequestReview['state'],
  submittedAt: string,
): PullRequestReview {
  return { reviewer, state, submittedAt, isBot: isBotUser(reviewer) };
}

/**
 * Adds a review, replacing one by the same reviewer, of the same state, at
 * the same instant (a redelivery, `approval` and `approved` for one click, or
 * the sync seeing what a webhook stored), sorted by time.
 */
export function withReview(
  reviews: PullRequestReview[],
  entry: PullRequestReview,
): PullRequestReview[] {
  const at = Date.parse(entry.submittedAt);
  return [
    ...reviews.filter(
      r =>
        !(
          r.reviewer === entry.reviewer &&
          r.state === entry.state &&
          Date.parse(r.submittedAt) === at
        ),
    ),
    entry,
  ].sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt));
}

/** GitLab's `Revert "…"` merge requests name the reverted commit in their description. */
export const REVERTS_MR = /^This reverts merge request !(\d+)/m;

/*
 * Deployment rework rate's signals: which deployments were unplanned, made
 * because of a problem in production (DORA: "the ratio of deployments that
 * are unplanned but happen as a result of an incident in production").
 * docs/metrics.md lists the signals and why.
 */
import type { StoredDeployment, StoredIncident, StoredPullRequest } from './model';
import { REVERT_HINT } from './linking';

/** What marks a PR as rework: `qualityScorecard.rework` in app-config. */
export interface ReworkOptions {
  /** PR labels (case-insensitive). */
  labels: string[];
  /** Source-branch globs (`*` any run of characters, case-insensitive). */
  branches: string[];
  /** Regular expressions (case-insensitive) matched against the PR's title, body and branch. */
  patterns: string[];
  /** Whether naming an incident of the entity that was open during the PR's life makes it rework. */
  incidentReferences: boolean;
}

export const DEFAULT_REWORK: ReworkOptions = {
  labels: ['hotfix', 'rollback'],
  branches: ['hotfix/*', 'hotfix-*', 'rollback/*'],
  patterns: [],
  incidentReferences: true,
};

const REVERT_TITLE = /^Revert "/;

/** The shortest incident id that counts as named: shorter ones match too much text. */
const MIN_INCIDENT_ID = 4;

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${escape(glob).replace(/\*/g, '.*')}$`, 'i');
}

/** Whether a PR is a revert: a `reverts` link, a `Revert "…"` title or a git revert message. */
export function isRevert(pr: Pick<StoredPullRequest, 'reverts' | 'title' | 'commits'>): boolean {
  return (
    pr.reverts !== null ||
    REVERT_TITLE.test(pr.title) ||
    pr.commits.some(c => REVERT_HINT.test(c.message))
  );
}

/** Decides which merged PRs are rework, for one entity's incidents. */
export function reworkMatcher(options: ReworkOptions, incidents: StoredIncident[]) {
  const labels = new Set(options.labels.map(l => l.toLowerCase()));
  const branches = options.branches.map(globToRegExp);
  const patterns = options.patterns.map(p => new RegExp(p, 'i'));
  const named = options.incidentReferences
    ? incidents
        .filter(i => i.id.length >= MIN_INCIDENT_ID)
        .map(i => ({
          incident: i,
          pattern: new RegExp(`(^|[^A-Za-z0-9])${escape(i.id)}($|[^A-Za-z0-9])`, 'i'),
          // An id of ASCII letters, digits and literal punctuation matches
          // (case-insensitively, without the `u` flag) only ASCII text, so the
          // lower-cased text holds the lower-cased id wherever the pattern
          // matches: a cheap test first.
          lower: /^[A-Za-z0-9_\-.:#/]*$/.test(i.id) ? i.id.toLowerCase() : undefined,
        }))
    : [];
  return (pr: StoredPullRequest): boolean => {
    if (isRevert(pr)) return true;
    if (pr.labels.some(l => labels.has(l.toLowerCase()))) return true;
    const branch = pr.headRef ?? '';
    if (branch && branches.some(b => b.test(branch))) return true;
    // Built only when a pattern or an open incident needs it: most PRs of a
    // full recompute overlap no incident.
    let text: string | undefined;
    const textOf = () => {
      text ??= `${pr.title}\n${pr.body ?? ''}\n${branch}`;
      return text;
    };
    if (patterns.some(p => p.test(textOf()))) return true;
    // An incident open during the PR's life (created before its merge, not
    // resolved before its opening), named in it.
    const end = pr.mergedAt ?? pr.createdAt;
    let lowerText: string | undefined;
    const lowerTextOf = () => {
      lowerText ??= textOf().toLowerCase();
      return lowerText;
    };
    for (const { incident, pattern, lower } of named) {
      if (
        incident.createdAt <= end &&
        (incident.resolvedAt === null || incident.resolvedAt >= pr.createdAt) &&
        (lower === undefined || lowerTextOf().includes(lower)) &&
        pattern.test(textOf())
      ) {
        return true;
      }
    }
    return false;
  };
}

/**
 * Whether a production deployment was rework: its source's `unplanned` when
 * given (true or false), otherwise whether it shipped a rework PR.
 */
export function isReworkDeployment(
  deployment: StoredDeployment,
  shipped: StoredPullRequest[],
  isReworkPr: (pr: StoredPullRequest) => boolean,
): boolean {
  if (deployment.unplanned === true || deployment.unplanned === false) {
    return deployment.unplanned;
  }
  return shipped.some(isReworkPr);
}

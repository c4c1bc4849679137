/*
 * An event's stored row: the columns of its table, the content hash that
 * tells a changed event from one sent again, and the earliest instant it
 * touches. The store writes these rows, and the benchmark's raw-insert
 * baseline writes the very same ones.
 */
import { createHash } from 'crypto';
import { InputError } from '@backstage/errors';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { AttributedEvent, IncidentStatus } from './types';

export const TABLE_BY_TYPE = {
  pull_request: 'qs_pull_requests',
  deployment: 'qs_deployments',
  incident: 'qs_incidents',
  bug: 'qs_bugs',
} as const;

export type EventType = keyof typeof TABLE_BY_TYPE;

const ms = (iso: string | null | undefined): number | null =>
  iso ? Date.parse(iso) : null;
export function eventKey(e: { type: string; source: string; id: string }) {
  return `${e.type}\u0000${e.source}\u0000${e.id}`;
}

/**
 * Rejects an event with a time that does not parse. Without this, SQLite
 * stores NaN in a nullable column as NULL (a merged PR becomes unmerged)
 * while PostgreSQL refuses it: the same input must fail the same way.
 */
export function checkTimes(event: QualityEvent) {
  const e = event as unknown as Record<string, unknown>;
  const times: Array<[string, unknown]> = [
    'createdAt',
    'mergedAt',
    'closedAt',
    'startedAt',
    'finishedAt',
    'resolvedAt',
  ].map(field => [field, e[field]]);
  if (event.type === 'pull_request') {
    event.commits.forEach((c, i) => {
      times.push([`commits.${i}.authoredAt`, c.authoredAt]);
      if (typeof c.committedAt === 'string')
        times.push([`commits.${i}.committedAt`, c.committedAt]);
    });
    event.reviews.forEach((r, i) =>
      times.push([`reviews.${i}.submittedAt`, r.submittedAt]),
    );
  }
  for (const [field, value] of times) {
    // '' is stored as null, as before.
    if (
      value !== undefined &&
      value !== null &&
      value !== '' &&
      Number.isNaN(Date.parse(String(value)))
    ) {
      throw new InputError(
        `${event.type} ${event.id}: ${field} is not a time: ${value}`,
      );
    }
  }
}

/** The columns of an event's row, without bookkeeping columns. */
export function eventColumns(event: AttributedEvent): Record<string, unknown> {
  const base = {
    source: event.source,
    external_id: event.id,
    entity_ref: event.resolvedEntityRef,
    repository: event.repository ?? null,
    // Written only when given: the content hash of an event stored before
    // v1.1 stays the same.
    ...(event.gitlabProject
      ? {
          gitlab_project: event.gitlabProject,
          gitlab_instance: event.gitlabInstance?.toLowerCase() ?? null,
        }
      : {}),
    ...(event.locators?.length
      ? { locators: JSON.stringify(event.locators) }
      : {}),
  };
  switch (event.type) {
    case 'pull_request':
      return {
        ...base,
        number: event.number,
        title: event.title,
        author: event.author,
        url: event.url,
        created_at: ms(event.createdAt),
        merged_at: ms(event.mergedAt),
        closed_at: ms(event.closedAt ?? event.mergedAt),
        additions: event.additions,
        deletions: event.deletions,
        changed_files: event.changedFiles,
        labels: JSON.stringify(event.labels),
        files: event.files ? JSON.stringify(event.files) : null,
        body: event.body ?? null,
        merge_commit_sha: event.mergeCommitSha ?? null,
        merged_by: event.mergedBy ?? null,
        reverts: event.reverts ?? null,
        head_ref: event.headRef ?? null,
        started_by: event.startedBy ?? null,
        // Written only when given: the content hash of a PR sent before v1.1
        // stays the same, and a later delivery without it keeps the stored time.
        ...(event.readyForReviewAt
          ? { ready_for_review_at: ms(event.readyForReviewAt) }
          : {}),
        commits: JSON.stringify(
          event.commits.map(c => ({
            sha: c.sha,
            authoredAt: Date.parse(c.authoredAt),
            // Absent (dropped by JSON.stringify) when the source has no committer time.
            committedAt:
              typeof c.committedAt === 'string'
                ? Date.parse(c.committedAt)
                : undefined,
            message: c.message,
          })),
        ),
        reviews: JSON.stringify(
          event.reviews.map(r => ({
            reviewer: r.reviewer,
            state: r.state,
            submittedAt: Date.parse(r.submittedAt),
            isBot: r.isBot ?? r.reviewer.endsWith('[bot]'),
          })),
        ),
      };
    case 'deployment':
      return {
        ...base,
        environment: event.environment,
        status: event.status,
        started_at: ms(event.startedAt),
        finished_at: ms(event.finishedAt),
        commit_sha: event.commitSha ?? null,
        pull_requests: event.pullRequests
          ? JSON.stringify(event.pullRequests)
          : null,
        ...(typeof event.unplanned === 'boolean'
          ? { unplanned: event.unplanned }
          : {}),
      };
    case 'incident':
      return {
        ...base,
        pagerduty_service_id: event.pagerDutyServiceId ?? null,
        title: event.title,
        created_at: ms(event.createdAt),
        resolved_at: ms(event.resolvedAt),
        severity: event.severity ?? null,
        status: incidentStatus(event),
        status_at: (event as { statusAt?: number }).statusAt ?? null,
        caused_by_deployment: event.causedBy?.deploymentId ?? null,
        caused_by_pr: event.causedBy?.pullRequest ?? null,
        url: event.url ?? null,
      };
    case 'bug':
      return {
        ...base,
        title: event.title,
        created_at: ms(event.createdAt),
        closed_at: ms(event.closedAt),
        introduced_by_pr: event.introducedBy?.pullRequest ?? null,
        url: event.url ?? null,
        // Written only when the event names it (null clears it): the content
        // hash of a bug sent before v1.1 stays the same.
        ...(event.severity !== undefined ? { severity: event.severity } : {}),
      };
    default:
      throw new Error(`Unknown event type ${(event as QualityEvent).type}`);
  }
}

/** PagerDuty's status of the incident; from the events API, what its resolution implies. */
function incidentStatus(
  event: QualityEvent & { type: 'incident' },
): IncidentStatus {
  return (
    (event as { status?: IncidentStatus }).status ??
    (event.resolvedAt ? 'resolved' : 'triggered')
  );
}

/**
 * The columns a content hash covers: a status that the resolution implies adds
 * nothing, and leaving it out keeps the hashes of rows stored before incidents
 * had a status (an event sent again is still a duplicate).
 */
function hashedColumns(
  columns: Record<string, unknown>,
): Record<string, unknown> {
  if (!('status' in columns) || !('resolved_at' in columns)) {
    return columns;
  }
  const implied = columns.resolved_at === null ? 'triggered' : 'resolved';
  if (columns.status !== implied) {
    return columns;
  }
  const { status: _implied, ...rest } = columns;
  return rest;
}

/** The earliest instant an event touches: its entity's snapshots from then on change. */
export function earliestTime(event: QualityEvent): number {
  switch (event.type) {
    case 'pull_request':
      return Math.min(
        Date.parse(event.createdAt),
        ...event.commits.map(c => Date.parse(c.authoredAt)),
      );
    case 'deployment':
      return Date.parse(event.startedAt ?? event.finishedAt);
    default:
      return Date.parse(event.createdAt);
  }
}

/** The content hash of an event's columns (sha256, hex). */
export function contentHash(columns: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify(hashedColumns(columns)))
    .digest('hex');
}

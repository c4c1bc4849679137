/*
 * An entity's events as the store reads them for a recompute: per event type
 * one JSON text, an array of rows, each row an array of the columns of
 * ENTITY_EVENT_COLUMNS in that order, which eventsFromRows maps by position
 * (keep the two in step). Pure, so that a worker thread can map them.
 */
import type { EntityEvents } from './types';

/**
 * The columns loadEntityEvents reads, in the order of the array each row
 * comes back as: `:text` text columns, `:json` columns holding JSON text
 * (embedded as JSON), others numbers or booleans.
 */
export const ENTITY_EVENT_COLUMNS = {
  pullRequests: [
    'external_id:text',
    'number',
    'title:text',
    'author:text',
    'url:text',
    'repository:text',
    'created_at',
    'merged_at',
    'closed_at',
    'additions',
    'deletions',
    'changed_files',
    'labels:json',
    'files:json',
    'body:text',
    'merge_commit_sha:text',
    'merged_by:text',
    'started_by:text',
    'reverts',
    'commits:json',
    'reviews:json',
    'head_ref:text',
    'ready_for_review_at',
    'source:text',
    'demo',
  ],
  deployments: [
    'external_id:text',
    'environment:text',
    'status:text',
    'started_at',
    'finished_at',
    'commit_sha:text',
    'pull_requests:json',
    'unplanned',
    'source:text',
    'demo',
  ],
  incidents: [
    'external_id:text',
    'title:text',
    'created_at',
    'resolved_at',
    'severity:text',
    'caused_by_deployment:text',
    'caused_by_pr',
    'source:text',
    'demo',
  ],
  bugs: [
    'external_id:text',
    'created_at',
    'closed_at',
    'introduced_by_pr',
    'severity:text',
    'source:text',
    'demo',
  ],
} as const;

/** Per event type, one JSON array of the rows (each an array of the columns). */
export interface EntityEventRows {
  pullRequests: string;
  deployments: string;
  incidents: string;
  bugs: string;
  /**
   * Events of the entity that belong to several entities (monorepos):
   * `type\0source\0external_id` → the key an owner's roll-up counts them once by.
   */
  shared?: Array<[string, string]>;
}

const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

export function eventsFromRows(rows: EntityEventRows): EntityEvents {
  const parse = (list: string) => JSON.parse(list) as any[][];
  const prs = parse(rows.pullRequests);
  const deps = parse(rows.deployments);
  const incs = parse(rows.incidents);
  const bugs = parse(rows.bugs);
  const sharedKeys = new Map(rows.shared ?? []);
  // Only shared events carry the key, so other events stay as they were.
  // The source is part of the key: two sources may use one external id.
  const shared = (type: string, row: unknown[]) => {
    const source = row[row.length - 2];
    const sharedKey = sharedKeys.get(`${type}\u0000${source}\u0000${row[0]}`);
    return sharedKey ? { sharedKey } : {};
  };
  // `demo` is the last value of every row.
  const demo = [prs, deps, incs, bugs].some(list =>
    list.some(r => Boolean(r[r.length - 1])),
  );
  return {
    demo,
    pullRequests: prs.map(r => ({
      id: r[0],
      number: Number(r[1]),
      title: r[2],
      author: r[3],
      url: r[4],
      repository: r[5],
      createdAt: Number(r[6]),
      mergedAt: num(r[7]),
      closedAt: num(r[8]),
      additions: Number(r[9]),
      deletions: Number(r[10]),
      changedFiles: Number(r[11]),
      labels: r[12],
      files: r[13] ?? null,
      body: r[14],
      mergeCommitSha: r[15],
      mergedBy: r[16],
      startedBy: r[17] ?? null,
      reverts: num(r[18]),
      commits: r[19],
      reviews: r[20],
      // Absent rather than null when unknown, as in the contract.
      headRef: r[21] ?? undefined,
      readyForReviewAt: num(r[22]) ?? undefined,
      ...shared('pull_request', r),
    })),
    deployments: deps.map(r => ({
      id: r[0],
      environment: r[1],
      status: r[2],
      startedAt: num(r[3]),
      finishedAt: Number(r[4]),
      commitSha: r[5],
      pullRequests: r[6] ?? null,
      unplanned: r[7] === null || r[7] === undefined ? undefined : Boolean(r[7]),
      ...shared('deployment', r),
    })),
    incidents: incs.map(r => ({
      id: r[0],
      title: r[1],
      createdAt: Number(r[2]),
      resolvedAt: num(r[3]),
      severity: r[4],
      causedByDeployment: r[5],
      causedByPr: num(r[6]),
      ...shared('incident', r),
    })),
    bugs: bugs.map(r => ({
      id: r[0],
      createdAt: Number(r[1]),
      closedAt: num(r[2]),
      introducedByPr: num(r[3]),
      severity: r[4] ?? null,
      ...shared('bug', r),
    })),
  };
}

import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MAX_EVENTS_PER_REQUEST,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';

// ISO-8601 with an explicit offset or Z, as the API promises.
const isoTime = z
  .string()
  .max(64)
  .refine(v => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO-8601 time with an offset, e.g. 2026-01-05T10:00:00Z',
  });

const shortText = z.string().min(1).max(255);
// The lengths and ranges of the columns these are stored in (PostgreSQL
// refuses longer values; the same input must fail the same way on SQLite).
const columnText = z.string().min(1).max(128);
const prNumber = z.number().int().min(0).max(1_000_000_000);
const count = z.number().int().min(0).max(10_000_000);
const sha = z.string().min(4).max(64);

const locator = {
  id: shortText,
  source: columnText,
  entityRef: z
    .string()
    .max(255)
    .regex(/^[a-zA-Z][\w-]*:([\w.-]+\/)?[\w.-]+$/, 'must look like kind:namespace/name')
    .optional(),
  repository: z
    .string()
    .max(255)
    .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name')
    .optional(),
  pagerDutyServiceId: z.string().min(1).max(64).optional(),
  gitlabProject: z
    .string()
    .max(255)
    .regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be a path with its namespace, e.g. group/subgroup/project')
    .optional(),
  locators: z
    .array(
      z
        .string()
        .max(255)
        .regex(/^[a-z0-9-]+:\S/, 'must be a key such as jira:PROJ (a locator id, a colon, a value)'),
    )
    .max(50)
    .optional(),
  gitlabInstance: z
    .string()
    .max(128)
    .regex(/^[a-zA-Z0-9.-]+(:\d+)?$/, 'must be a host name such as gitlab.example.com')
    .optional(),
};

const pullRequestSchema = z
  .object({
    ...locator,
    type: z.literal('pull_request'),
    number: prNumber,
    title: z.string().max(1024),
    author: shortText,
    url: z.string().max(2048),
    createdAt: isoTime,
    mergedAt: isoTime.nullish(),
    closedAt: isoTime.nullish(),
    additions: count,
    deletions: count,
    changedFiles: count,
    labels: z.array(z.string().max(255)).max(500),
    files: z.array(z.string().max(1024)).max(10_000).optional(),
    body: z.string().max(100_000).nullish(),
    commits: z
      .array(
        z.object({
          sha,
          authoredAt: isoTime,
          committedAt: isoTime.nullish(),
          message: z.string().max(100_000),
        }),
      )
      .max(2_000),
    reviews: z
      .array(
        z.object({
          reviewer: shortText,
          state: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED']),
          submittedAt: isoTime,
          isBot: z.boolean().optional(),
        }),
      )
      .max(2_000),
    mergeCommitSha: sha.nullish(),
    mergedBy: shortText.nullish(),
    reverts: prNumber.nullish(),
    headRef: z.string().max(255).nullish(),
    startedBy: shortText.nullish(),
    readyForReviewAt: isoTime.nullish(),
  })
  .strip();

const deploymentSchema = z
  .object({
    ...locator,
    type: z.literal('deployment'),
    environment: columnText,
    status: z.enum(['success', 'failure']),
    startedAt: isoTime.nullish(),
    finishedAt: isoTime,
    commitSha: sha.nullish(),
    pullRequests: z.array(prNumber).max(5_000).optional(),
    unplanned: z.boolean().nullish(),
  })
  .strip();

const incidentSchema = z
  .object({
    ...locator,
    type: z.literal('incident'),
    title: z.string().max(1024),
    createdAt: isoTime,
    resolvedAt: isoTime.nullish(),
    severity: z.string().max(64).nullish(),
    causedBy: z
      .object({
        deploymentId: shortText.optional(),
        pullRequest: prNumber.optional(),
      })
      .nullish(),
    url: z.string().max(2048).nullish(),
  })
  .strip();

const bugSchema = z
  .object({
    ...locator,
    type: z.literal('bug'),
    title: z.string().max(1024),
    createdAt: isoTime,
    closedAt: isoTime.nullish(),
    introducedBy: z.object({ pullRequest: prNumber }).nullish(),
    url: z.string().max(2048).nullish(),
    severity: z.string().max(64).nullish(),
  })
  .strip();

const schemaByType = {
  pull_request: pullRequestSchema,
  deployment: deploymentSchema,
  incident: incidentSchema,
  bug: bugSchema,
} as const;

function describeIssue(prefix: string, issue: z.ZodIssue): string {
  const path = issue.path.length ? `${prefix}.${issue.path.join('.')}` : prefix;
  return `${path}: ${issue.message}`;
}

/**
 * Validates a POST /events body. Throws an InputError naming the index and
 * field of the first bad event, so nothing of a bad request is stored.
 */
export function parseIngestRequest(body: unknown): QualityEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('Request body must be a JSON object with an "events" array');
  }
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) {
    throw new InputError('events: must be an array of events');
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new InputError(
      `events: at most ${MAX_EVENTS_PER_REQUEST} events per request, got ${events.length}`,
    );
  }
  const parsed: QualityEvent[] = [];
  events.forEach((raw, index) => {
    const prefix = `events[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(`${prefix}: must be an object`);
    }
    const type = (raw as { type?: unknown }).type;
    // Own keys only: `in` also finds '__proto__', 'constructor', 'toString'.
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemaByType, type)) {
      throw new InputError(
        `${prefix}.type: must be one of ${Object.keys(schemaByType).join(', ')}${
          type === undefined ? ' (missing)' : ''
        }`,
      );
    }
    const result = schemaByType[type as keyof typeof schemaByType].safeParse(raw);
    if (!result.success) {
      throw new InputError(describeIssue(prefix, result.error.issues[0]));
    }
    const event = result.data as QualityEvent;
    if (
      event.entityRef &&
      stringifyEntityRef(parseEntityRef(event.entityRef, { defaultNamespace: 'default' })).length > 255
    ) {
      throw new InputError(`${prefix}.entityRef: must be at most 255 characters with its namespace`);
    }
    if (event.gitlabInstance && !event.gitlabProject) {
      throw new InputError(`${prefix}.gitlabProject: is required with gitlabInstance`);
    }
    if (
      !event.entityRef &&
      !event.repository &&
      !event.pagerDutyServiceId &&
      !event.gitlabProject &&
      !event.locators?.length
    ) {
      throw new InputError(
        `${prefix}.entityRef: one of entityRef, repository, gitlabProject, pagerDutyServiceId or locators is required`,
      );
    }
    parsed.push(event);
  });
  return parsed;
}

/*
 * What an issue webhook must carry, checked before its delivery is stored: a
 * delivery that fails is a 400 naming the field, and nothing of it is kept.
 * Unknown fields pass through; events the module does not map are not checked.
 */
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { jiraTime } from '../jira/jiraTime';

const time = z
  .string()
  .max(64)
  .refine(v => jiraTime(v) !== null, {
    message: 'must be a time such as 2026-03-02T10:00:00.000+0000',
  });
const name = z.string().max(255);
const named = z.object({ name }).passthrough();

const fields = z
  .object({
    summary: z.string().max(100_000).nullish(),
    issuetype: named.nullish(),
    project: z.object({ key: z.string().min(1).max(64) }).passthrough(),
    components: z.array(named).max(500).nullish(),
    labels: z.array(name).max(500).nullish(),
    priority: named.nullish(),
    created: time,
    updated: time.nullish(),
    resolutiondate: time.nullish(),
    statuscategorychangedate: time.nullish(),
    status: z
      .object({
        statusCategory: z
          .object({ key: name.nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

const issue = z
  .object({
    id: z.string().regex(/^\d{1,20}$/, 'must be a numeric string'),
    key: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_]*-\d+$/,
        'must be an issue key such as PROJ-12',
      ),
    self: z
      .string()
      .max(2048)
      .regex(
        /^https?:\/\/[^/\s]+\S*\/rest\/api\/\d+\/issue\/\d+$/,
        'must be an issue REST link',
      ),
    fields,
  })
  .passthrough();

const timestamp = z.number().int().min(0);
const comment = z.object({ body: z.unknown() }).passthrough().nullish();

const schemas: Record<string, z.ZodTypeAny> = {
  'jira:issue_created': z.object({ timestamp, issue, comment }).passthrough(),
  'jira:issue_updated': z.object({ timestamp, issue, comment }).passthrough(),
  'jira:issue_deleted': z
    .object({
      timestamp,
      issue: issue.extend({ fields: fields.partial().nullish() }),
    })
    .passthrough(),
};

/** The webhook events the module maps; others are kept in the raw log and answered. */
export const MAPPED_EVENTS = Object.keys(schemas);

/** Throws an `InputError` naming the first field of a mapped event that is missing or of the wrong type. */
export function checkPayload(eventName: string, payload: unknown) {
  const schema = schemas[eventName];
  if (!schema) return;
  const result = schema.safeParse(payload);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first.path.join('.') || 'body';
    let message = first.message;
    if (first.code === 'invalid_type') {
      message =
        first.received === 'undefined'
          ? 'is required'
          : `must be ${first.expected}, not ${first.received}`;
    }
    throw new InputError(`${eventName}: ${field} ${message}`);
  }
}

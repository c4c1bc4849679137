/*
 * What each mapped GitLab hook must carry, checked before its delivery is
 * stored: a delivery that fails is a 400 naming the field, and nothing of it
 * is kept. Fields the mapping can do without stay optional; unknown fields
 * pass through.
 */
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { gitlabTime } from '../mapping/common';

const time = z
  .string()
  .max(64)
  .refine(v => gitlabTime(v) !== null, {
    message:
      'must be a time such as 2024-03-04T10:00:00Z or 2024-03-04 10:00:00 UTC',
  });
const optionalTime = time.nullish();
const iid = z.number().int().min(1).max(1_000_000_000);
const text = z.string().max(100_000);
const labels = z
  .array(z.object({ title: z.string().max(255) }).passthrough())
  .max(500)
  .nullish();
const user = z
  .object({ id: z.number().int().optional(), username: z.string().min(1).max(255) })
  .passthrough();

const project = z
  .object({
    path_with_namespace: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be a path with its namespace'),
    web_url: z.string().max(2048).url(),
  })
  .passthrough();

const mergeRequest = z
  .object({
    iid,
    title: text,
    created_at: time,
    updated_at: optionalTime,
    state: z.string().max(32).optional(),
    source_branch: z.string().max(255).nullish(),
    author_id: z.number().int().optional(),
    description: text.nullish(),
    merge_commit_sha: z.string().max(64).nullish(),
    url: z.string().max(2048).nullish(),
  })
  .passthrough();

const schemas: Record<string, z.ZodTypeAny> = {
  'Merge Request Hook': z
    .object({
      project,
      user,
      object_attributes: mergeRequest.extend({
        action: z.string().max(32).optional(),
      }),
      labels,
    })
    .passthrough(),
  'Note Hook': z
    .object({
      project,
      user,
      object_attributes: z
        .object({
          noteable_type: z.string().max(64),
          created_at: time,
          note: text.nullish(),
        })
        .passthrough(),
      merge_request: mergeRequest.optional(),
    })
    .passthrough()
    .superRefine((v, ctx) => {
      if (v.object_attributes.noteable_type === 'MergeRequest' && !v.merge_request) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['merge_request'],
          message: 'is required on a note about a merge request',
        });
      }
    }),
  'Push Hook': z
    .object({
      project,
      ref: z.string().min(1).max(255),
      commits: z
        .array(
          z
            .object({
              id: z.string().min(4).max(64),
              message: text,
              timestamp: time,
            })
            .passthrough(),
        )
        .max(1000),
    })
    .passthrough(),
  'Deployment Hook': z
    .object({
      project,
      deployment_id: z.number().int().min(1),
      status: z.string().max(32),
      environment: z.string().min(1).max(255),
      environment_tier: z.string().max(32).nullish(),
      status_changed_at: time,
      commit_url: z.string().max(2048).nullish(),
    })
    .passthrough(),
};

const issue = z
  .object({
    project,
    object_attributes: z
      .object({
        iid,
        title: text,
        created_at: time,
        closed_at: optionalTime,
        updated_at: optionalTime,
        state: z.string().max(32).optional(),
        url: z.string().max(2048).nullish(),
      })
      .passthrough(),
    labels,
  })
  .passthrough();
schemas['Issue Hook'] = issue;
schemas['Confidential Issue Hook'] = issue;
// Newer GitLab sends work items (issues, incidents, tasks) under this name.
schemas['Work Item Hook'] = issue;

/** The hooks the module maps; others are kept in the raw log and answered. */
export const MAPPED_HOOKS = Object.keys(schemas);

/** Throws an `InputError` naming the first field of a mapped hook that is missing or of the wrong type. */
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

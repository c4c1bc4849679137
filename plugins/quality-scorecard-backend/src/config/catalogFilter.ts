import { z } from 'zod';

const list = z.array(z.string().min(1)).min(1);

/**
 * Which catalog entities a check or an AI-code review policy applies to:
 * every given field must match (kind, spec.type, spec.lifecycle, spec.system,
 * owner, any of the tags, or the entity refs themselves); none given: all.
 */
export const catalogFilterSchema = z
  .object({
    kind: list.optional(),
    type: list.optional(),
    lifecycle: list.optional(),
    system: list.optional(),
    owner: list.optional(),
    tags: list.optional(),
    entityRefs: list.optional(),
  })
  .strict()
  .default({});

import express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Authorize } from '../http/router';
import type { EntityAccess } from '../permissions/EntityAccess';
import { visibleRefs } from '../permissions/visibility';
import { FactsService } from './FactsService';

/** Entities per bulk request; callers with more send several. */
export const MAX_BULK_ENTITIES = 1000;

const bulkSchema = z
  .object({
    entityRefs: z
      .array(z.string().min(1).max(255))
      .min(1)
      .max(MAX_BULK_ENTITIES),
    windowDays: z.number().int().min(1).max(366).optional(),
  })
  .strict();

function parseBulk(body: unknown) {
  const parsed = bulkSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const entityRefs = parsed.data.entityRefs.map((ref, i) => {
    try {
      return stringifyEntityRef(parseEntityRef(ref));
    } catch {
      throw new InputError(`entityRefs.${i}: not an entity ref: '${ref}'`);
    }
  });
  return { entityRefs, windowDays: parsed.data.windowDays };
}

/**
 * Bulk reads: POST bodies because a thousand entity refs do not fit in a
 * query string (as the catalog's POST /entities/by-refs).
 */
export function factsRoutes(
  facts: FactsService,
  access: EntityAccess,
  now: () => number = Date.now,
) {
  // Entities the caller may not read are left out of the answer, as the
  // catalog's by-refs leaves out what a caller may not see.
  const readable = async (req: express.Request, refs: string[]) =>
    visibleRefs(await access.visibilityOf(req), refs);
  return (router: express.Router, _authorize: Authorize) => {
    router.post('/facts/by-refs', async (req, res) => {
      const parsed = parseBulk(req.body);
      const entityRefs = await readable(req, parsed.entityRefs);
      const { windowDays } = parsed;
      const at = now();
      res.json(await facts.facts(entityRefs, facts.window(at, windowDays), at));
    });
    router.post('/checks/by-refs', async (req, res) => {
      const parsed = parseBulk(req.body);
      const entityRefs = await readable(req, parsed.entityRefs);
      const { windowDays } = parsed;
      if (windowDays !== undefined)
        throw new InputError(
          'windowDays: check results have the window of their evaluation',
        );
      res.json(await facts.entitiesChecks(entityRefs, now()));
    });
  };
}

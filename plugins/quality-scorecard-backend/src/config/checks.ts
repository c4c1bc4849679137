import { Config } from '@backstage/config';
import { z } from 'zod';
import { catalogFilterSchema } from './catalogFilter';
import {
  METRIC_DEFINITIONS,
  METRIC_IDS,
} from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksConfig } from '../engine/checks';

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be lower-case letters, digits and dashes',
  );
const checkSchema = z
  .object({
    id,
    title: z.string().min(1).optional(),
    metric: z.enum(METRIC_IDS),
    operator: z.enum(['<=', '<', '>=', '>']).optional(),
    threshold: z.number().finite().optional(),
    band: z.enum(['low', 'medium', 'high', 'elite']).optional(),
    minSampleSize: z.number().int().min(0).default(0),
    filter: catalogFilterSchema,
  })
  .strict();

const schema = z
  .object({
    windowDays: z.number().int().min(7).max(366).default(28),
    definitions: z.array(checkSchema).default([]),
    levels: z
      .array(
        z
          .object({
            id,
            title: z.string().min(1).optional(),
            checks: z.array(z.string()).min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const path = (parts: Array<string | number>) =>
  parts.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`),
    'qualityScorecard.checks',
  );

/**
 * Reads `qualityScorecard.checks`; a bad definition throws an Error naming
 * its key, which stops the backend at startup.
 */
export function readChecksConfig(root: Config): ChecksConfig {
  const parsed = schema.safeParse(
    root.getOptional('qualityScorecard.checks') ?? {},
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path(issue.path)}: ${issue.message}`);
  }
  const { definitions, levels, windowDays } = parsed.data;
  const seen = new Set<string>();
  const checks = definitions.map((c, i) => {
    if (seen.has(c.id))
      throw new Error(
        `${path(['definitions', i, 'id'])}: duplicate check id '${c.id}'`,
      );
    seen.add(c.id);
    const hasThreshold = c.operator !== undefined || c.threshold !== undefined;
    if (c.band !== undefined && hasThreshold) {
      throw new Error(
        `${path([
          'definitions',
          i,
        ])}: give either band or operator and threshold, not both`,
      );
    }
    if (
      c.band === undefined &&
      (c.operator === undefined || c.threshold === undefined)
    ) {
      throw new Error(
        `${path(['definitions', i])}: needs operator and threshold, or band`,
      );
    }
    if (
      c.band !== undefined &&
      !METRIC_DEFINITIONS.find(d => d.id === c.metric)?.bands
    ) {
      throw new Error(
        `${path(['definitions', i, 'band'])}: ${c.metric} has no DORA bands`,
      );
    }
    return { ...c, title: c.title ?? c.id };
  });
  const levelIds = new Set<string>();
  return {
    windowDays,
    checks,
    levels: levels.map((l, i) => {
      if (levelIds.has(l.id))
        throw new Error(
          `${path(['levels', i, 'id'])}: duplicate level id '${l.id}'`,
        );
      levelIds.add(l.id);
      l.checks.forEach((c, j) => {
        if (!seen.has(c))
          throw new Error(
            `${path(['levels', i, 'checks', j])}: unknown check '${c}'`,
          );
      });
      return { id: l.id, title: l.title ?? l.id, checks: l.checks };
    }),
  };
}

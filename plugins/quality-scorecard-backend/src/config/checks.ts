import { Config } from '@backstage/config';
import { z } from 'zod';
import { catalogFilterSchema } from './catalogFilter';
import {
  METRIC_IDS,
  bandNames,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksConfig } from '../engine/checks';

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be lower-case letters, digits and dashes',
  );
const operator = z.enum(['<=', '<', '>=', '>']).optional();
const threshold = z.number().finite().optional();
const band = z.enum(['low', 'medium', 'high', 'elite']).optional();
const checkSchema = z
  .object({
    id,
    title: z.string().min(1).optional(),
    metric: z.enum(METRIC_IDS),
    operator,
    threshold,
    band,
    counterweight: z.object({ operator, threshold, band }).strict().optional(),
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

/** Throws when a condition (threshold or band) on a metric is incomplete or names a band the metric lacks. */
function conditionError(
  metric: (typeof METRIC_IDS)[number],
  c: { operator?: string; threshold?: number; band?: string },
  at: Array<string | number>,
) {
  const hasThreshold = c.operator !== undefined || c.threshold !== undefined;
  if (c.band !== undefined && hasThreshold) {
    throw new Error(`${path(at)}: give either band or operator and threshold, not both`);
  }
  if (c.band === undefined && (c.operator === undefined || c.threshold === undefined)) {
    throw new Error(`${path(at)}: needs operator and threshold, or band`);
  }
  if (c.band !== undefined) {
    const definition = getMetricDefinition(metric);
    const names = bandNames(definition);
    if (names.length === 0) {
      throw new Error(`${path([...at, 'band'])}: ${metric} has no DORA bands`);
    }
    if (!names.includes(c.band as (typeof names)[number])) {
      throw new Error(
        `${path([...at, 'band'])}: ${definition.bands!.edition} gives ${metric} no ${c.band} band (it gives ${names.join(', ')})`,
      );
    }
  }
}

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
    conditionError(c.metric, c, ['definitions', i]);
    let counterweight;
    if (c.counterweight) {
      const other = getMetricDefinition(c.metric).counterweight;
      if (!other) {
        throw new Error(
          `${path(['definitions', i, 'counterweight'])}: ${c.metric} has no counterweight`,
        );
      }
      conditionError(other, c.counterweight, ['definitions', i, 'counterweight']);
      counterweight = { ...c.counterweight, metric: other };
    }
    return { ...c, counterweight, title: c.title ?? c.id };
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

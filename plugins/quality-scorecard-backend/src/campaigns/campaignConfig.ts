import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type {
  CampaignDefinition,
  CampaignInput,
  CampaignTarget,
} from '@shewhart/plugin-quality-scorecard-common';
import { catalogFilterSchema } from '../config/catalogFilter';
import type { ChecksConfig } from '../engine/checks';

/**
 * Campaigns as configured (`qualityScorecard.campaigns`) and as sent to the
 * admin routes: one schema for both, so a campaign the API accepts is one
 * app-config would accept too.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(
    s => DateTime.fromISO(s, { zone: 'utc' }).isValid,
    'must be a real calendar date',
  );

const ownerRef = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'not an entity ref',
      });
      return z.NEVER;
    }
  });

const targetSchema = z
  .object({
    level: z.string().min(1).max(128).optional(),
    checks: z.array(z.string().min(1).max(128)).min(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.level === undefined) === (t.checks === undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'give either level or checks',
      });
    }
  })
  .transform(
    (t): CampaignTarget =>
      t.level !== undefined ? { level: t.level } : { checks: t.checks! },
  );

const common = {
  id: z
    .string()
    .max(64)
    .regex(
      /^[a-z0-9][a-z0-9-]*$/,
      'must be lower-case letters, digits and dashes',
    ),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  owner: ownerRef,
  target: targetSchema,
  filter: catalogFilterSchema,
  startDate: isoDate,
  dueDate: isoDate,
};

const reminderDays = z.array(z.number().int().min(0).max(366)).max(20);

/** A campaign in app-config: reminders as offsets such as `['30d', '7d', '1d']`. */
const configSchema = z
  .object({
    ...common,
    reminders: z
      .array(
        z
          .string()
          .regex(/^\d{1,3}d$/, "must be a number of days, such as '7d'"),
      )
      .max(20)
      .default([]),
  })
  .strict();

/** The body of `POST /campaigns` (`PUT` has no id: the path gives it). */
export const campaignInputSchema = z
  .object({ ...common, reminderDays: reminderDays.default([]) })
  .strict();

type ParsedInput = z.infer<typeof campaignInputSchema>;

/** Reminder days without duplicates, furthest first. */
const sortedDays = (days: number[]) => [...new Set(days)].sort((a, b) => b - a);

/**
 * What zod cannot see: the target's level or checks must be configured, and
 * the due date not before the start. The message names the key under
 * `prefix` (`qualityScorecard.campaigns[0]` in config, nothing in a body).
 */
export function campaignProblem(
  c: Pick<CampaignDefinition, 'target' | 'startDate' | 'dueDate'>,
  checks: ChecksConfig,
  prefix = '',
): string | undefined {
  const key = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (c.target.level !== undefined) {
    if (!checks.levels.some(l => l.id === c.target.level)) {
      const known =
        checks.levels.map(l => l.id).join(', ') || 'none configured';
      return `${key('target.level')}: unknown level '${
        c.target.level
      }' (known: ${known})`;
    }
  } else {
    const ids = c.target.checks ?? [];
    const i = ids.findIndex(id => !checks.checks.some(d => d.id === id));
    if (i >= 0) {
      const known =
        checks.checks.map(d => d.id).join(', ') || 'none configured';
      return `${key(`target.checks[${i}]`)}: unknown check '${
        ids[i]
      }' (known: ${known})`;
    }
  }
  if (c.dueDate < c.startDate) {
    return `${key('dueDate')}: must be on or after startDate (${c.startDate})`;
  }
  return undefined;
}

/** A zod issue's path as a key: `target.checks[1]`. */
function issuePath(path: Array<string | number>): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${p}` : p;
  }, '');
}

function definitionOf(
  parsed: Omit<ParsedInput, 'reminderDays'>,
  reminderDaysValue: number[],
): CampaignDefinition {
  return {
    id: parsed.id,
    title: parsed.title,
    ...(parsed.description !== undefined
      ? { description: parsed.description }
      : {}),
    owner: parsed.owner,
    target: parsed.target,
    filter: parsed.filter,
    startDate: parsed.startDate,
    dueDate: parsed.dueDate,
    reminderDays: sortedDays(reminderDaysValue),
    source: 'database',
  };
}

/**
 * Validates a body of the admin routes: a definition, or the first problem
 * as `field: message` (for an InputError).
 */
export function parseCampaignInput(
  body: unknown,
  checks: ChecksConfig,
): { definition: CampaignDefinition } | { problem: string } {
  const parsed = campaignInputSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issuePath(issue.path) || 'body'}: ${issue.message}` };
  }
  const definition = definitionOf(parsed.data, parsed.data.reminderDays);
  const problem = campaignProblem(definition, checks);
  return problem ? { problem } : { definition };
}

/** The stored form of a definition (what `PUT` answers with and the store keeps). */
export function inputOf(d: CampaignDefinition): CampaignInput {
  return {
    id: d.id,
    title: d.title,
    ...(d.description !== undefined ? { description: d.description } : {}),
    owner: d.owner,
    target: d.target,
    filter: d.filter,
    startDate: d.startDate,
    dueDate: d.dueDate,
    reminderDays: d.reminderDays,
  };
}

/**
 * Reads `qualityScorecard.campaigns`; a bad campaign throws an Error naming
 * its key, which stops the backend at startup.
 */
export function readCampaignsConfig(
  root: Config,
  checks: ChecksConfig,
): CampaignDefinition[] {
  const raw = root.getOptional('qualityScorecard.campaigns') ?? [];
  const base = 'qualityScorecard.campaigns';
  if (!Array.isArray(raw)) throw new Error(`${base}: must be a list`);
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const prefix = `${base}[${i}]`;
    const parsed = configSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${prefix}${issue.path.length ? '.' : ''}${issuePath(issue.path)}: ${
          issue.message
        }`,
      );
    }
    if (seen.has(parsed.data.id)) {
      throw new Error(
        `${prefix}.id: duplicate campaign id '${parsed.data.id}'`,
      );
    }
    seen.add(parsed.data.id);
    const days = parsed.data.reminders.map(r => Number(r.slice(0, -1)));
    const definition = {
      ...definitionOf(parsed.data, days),
      source: 'config' as const,
    };
    const problem = campaignProblem(definition, checks, prefix);
    if (problem) throw new Error(problem);
    return definition;
  });
}

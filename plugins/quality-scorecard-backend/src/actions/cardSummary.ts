import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import {
  METRIC_DEFINITIONS,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * What the read actions answer of a scorecard: its metrics and signals
 * without weekly series or chart limits, and the schema they declare for it.
 */

const RECENT_VIOLATIONS = 10;

/** The card's metrics and signals without series, and a summary of its AI policy block. */
export function summarize(card: ScorecardResponse) {
  const titles = new Map(METRIC_DEFINITIONS.map(d => [d.id as string, d]));
  return {
    window: card.window,
    computedAt: card.computedAt,
    demo: card.demo,
    metrics: card.metrics.map(m => ({
      id: m.id,
      title: titles.get(m.id)?.title ?? m.id,
      unit: titles.get(m.id)?.unit ?? '',
      value: m.value,
      n: m.n,
      ...(m.band ? { band: m.band } : {}),
      previous: m.previous ?? null,
      delta: m.delta ?? null,
      flags: m.flags,
    })),
    signals: card.metrics.flatMap(m =>
      (m.control?.signals ?? []).map(s => ({
        metric: m.id,
        rule: s.rule,
        side: s.side,
        start: s.start,
        end: s.end,
        description: s.description,
      })),
    ),
    aiPolicy: {
      applicable: card.aiPolicy.applicable,
      compliant: card.aiPolicy.compliant,
      rate: card.aiPolicy.rate,
      violations: card.aiPolicy.violations.length,
      recentViolations: card.aiPolicy.violations
        .slice(0, RECENT_VIOLATIONS)
        .map(v => ({
          entityRef: v.entityRef,
          pullRequest: v.pullRequest,
          url: v.url,
          title: v.title,
          author: v.author,
          mergedAt: v.mergedAt,
          ...(v.policy ? { policy: v.policy } : {}),
          rules: v.rules.map(r => r.id),
        })),
    },
  };
}

/** The zod the registry hands to schema functions (its own copy). */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

export const cardSchema = (z: Zod) => {
  const nullableNumber = z.number().nullable();
  return {
    window: z.object({ from: z.string(), to: z.string() }),
    computedAt: z
      .string()
      .nullable()
      .describe('When the snapshots were last computed; null without data'),
    demo: z
      .boolean()
      .describe('Whether the values come from generated demo data'),
    metrics: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        unit: z.string(),
        value: nullableNumber.describe('null when the window holds no data'),
        n: z.number().describe('Sample size'),
        band: z
          .string()
          .optional()
          .describe('DORA band: elite, high, medium or low'),
        previous: nullableNumber.describe('The value over the window before'),
        delta: nullableNumber,
        flags: z.array(z.string()).describe('small-sample, no-data, demo-data'),
      }),
    ),
    signals: z
      .array(
        z.object({
          metric: z.string(),
          rule: z.string(),
          side: z.string(),
          start: z.string(),
          end: z.string(),
          description: z.string(),
        }),
      )
      .describe(
        'Western Electric rule firings on the weekly control charts: real shifts, not noise',
      ),
    aiPolicy: z.object({
      applicable: z
        .number()
        .describe('Merged PRs an AI-code review policy applies to'),
      compliant: z.number(),
      rate: nullableNumber,
      violations: z.number(),
      recentViolations: z.array(
        z.object({
          entityRef: z.string(),
          pullRequest: z.number(),
          url: z.string(),
          title: z.string(),
          author: z.string(),
          mergedAt: z.string(),
          policy: z.string().optional(),
          rules: z
            .array(z.string())
            .describe('Ids of the policy rules the PR broke'),
        }),
      ),
    }),
  };
};

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

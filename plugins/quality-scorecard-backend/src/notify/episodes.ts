import {
  METRIC_DEFINITIONS,
  ScorecardResponse,
  ControlRule,
} from '@shewhart/plugin-quality-scorecard-common';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { weekStartOf, WEEK_MS } from '../engine/time';
import { RuleSetting } from '../config/notifications';
import {
  qualityLink,
  signalDetail,
  signalSummary,
  signalTitle,
} from './messages';

/**
 * Which control-chart signal episodes of a scorecard are worth telling the
 * owner about, and how they relate to the episodes already stored. Pure: the
 * clock is a parameter.
 */

/** An episode as the notifier stores it. */
export interface EpisodeFacts {
  subject: string;
  rule: string;
  side: string;
  start: number;
  end: number;
  severity: NotificationSeverity;
  title: string;
  summary: string;
  detail: string;
  link: string;
}

export interface SignalOptions {
  now: number;
  lookbackWeeks: number;
  minSampleSize: number;
  improvements: boolean;
  metrics: string[];
  rules: Record<ControlRule, RuleSetting>;
}

/** Worse when the metric moves this way. */
const isAdverse = (direction: string, side: 'above' | 'below') =>
  (direction === 'lower-is-better') === (side === 'above');

/**
 * The current, eligible signal episodes of an entity's scorecard: the metric
 * is watched, the rule is
 * switched on, the shift is for the worse (unless improvements are wanted),
 * the episode last fired in the current week or one of the `lookbackWeeks`
 * before it, and its weeks hold at least `minSampleSize` samples.
 */
export function currentSignals(
  scorecard: ScorecardResponse,
  options: SignalOptions,
): EpisodeFacts[] {
  const since = weekStartOf(options.now) - options.lookbackWeeks * WEEK_MS;
  const out: EpisodeFacts[] = [];
  for (const metric of scorecard.metrics) {
    const definition = METRIC_DEFINITIONS.find(d => d.id === metric.id);
    if (!definition || !metric.control || !options.metrics.includes(metric.id))
      continue;
    const series = metric.series.map(p => ({
      ...p,
      start: Date.parse(p.start),
    }));
    const latest = [...series].reverse().find(p => p.value !== null);
    for (const signal of metric.control.signals) {
      const setting = options.rules[signal.rule];
      const start = Date.parse(signal.start);
      const end = Date.parse(signal.end);
      if (!setting?.enabled || end < since) continue;
      if (
        !options.improvements &&
        !isAdverse(definition.direction, signal.side)
      )
        continue;
      const weeks = series.filter(p => p.start >= start && p.start <= end);
      const sample = weeks.reduce((a, p) => a + p.n, 0);
      if (sample < options.minSampleSize) continue;
      const fired = weeks.find(p => p.start === end) ?? {
        start: end,
        value: null,
        n: 0,
      };
      const detail = signalDetail(
        definition,
        fired,
        metric.control.center,
        latest,
      );
      out.push({
        subject: metric.id,
        rule: signal.rule,
        side: signal.side,
        start,
        end,
        severity: setting.severity,
        title: signalTitle(scorecard.entityRef, definition, {
          ...signal,
          start,
          end,
        }),
        summary: signalSummary(signal),
        // Say so when the numbers are the demo's, not the team's.
        detail: scorecard.demo ? `${detail} (Demo data.)` : detail,
        link: qualityLink(scorecard.entityRef, { metric: metric.id }),
      });
    }
  }
  return out;
}

export interface OpenEpisode {
  id: number;
  subject: string;
  rule: string;
  side: string;
  start: number;
  end: number;
}

/**
 * Matches the current episodes to the open stored ones. Control limits move
 * as weeks pass, so an episode's first week may move too: the same subject,
 * rule and side with overlapping weeks is the same episode. Open episodes no
 * current one matches have cleared.
 */
export function reconcile<T extends OpenEpisode>(
  open: T[],
  current: EpisodeFacts[],
) {
  const unmatched = new Set(open);
  const continued: Array<{ stored: T; facts: EpisodeFacts }> = [];
  const fresh: EpisodeFacts[] = [];
  const sameKind = (o: T, c: EpisodeFacts) =>
    o.subject === c.subject && o.rule === c.rule && o.side === c.side;
  for (const facts of current) {
    const candidates = [...unmatched].filter(o => sameKind(o, facts));
    const stored =
      candidates.find(o => o.start === facts.start) ??
      candidates.find(o => o.start <= facts.end && o.end >= facts.start);
    if (stored) {
      unmatched.delete(stored);
      continued.push({ stored, facts });
    } else {
      fresh.push(facts);
    }
  }
  return { continued, fresh, cleared: [...unmatched] };
}

const SEVERITY_RANK: Record<string, number> = {
  critical: 0,
  high: 1,
  normal: 2,
  low: 3,
};
const RULE_RANK: Record<string, number> = {
  'beyond-3-sigma': 0,
  'two-of-three-beyond-2-sigma': 1,
  'four-of-five-beyond-1-sigma': 2,
  'eight-on-one-side': 3,
};

/** The episode a grouped notification is titled by: most severe, then strongest rule, then latest. */
export function headlineFirst<
  T extends { severity: string; rule: string; end: number },
>(a: T, b: T): number {
  return (
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
    (RULE_RANK[a.rule] ?? 9) - (RULE_RANK[b.rule] ?? 9) ||
    b.end - a.end
  );
}

export function mostSevere(severities: string[]): NotificationSeverity {
  return ([...severities].sort(
    (a, b) => (SEVERITY_RANK[a] ?? 9) - (SEVERITY_RANK[b] ?? 9),
  )[0] ?? 'normal') as NotificationSeverity;
}

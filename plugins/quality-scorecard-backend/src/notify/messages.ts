import { parseEntityRef } from '@backstage/catalog-model';
import type {
  ControlSignal,
  MetricDefinition,
  ControlRule,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatMetricValue } from '@shewhart/plugin-quality-scorecard-common';

/** The words of notifications. Pure: no clock, no I/O. */

const WEEK_MS = 7 * 24 * 3600 * 1000;
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A metric value in its unit, as the UI writes it (the formatter of -common). */
export function formatValue(unit: string, value: number): string {
  return formatMetricValue({ unit: unit as MetricDefinition['unit'] }, value);
}

/** "Incidents per PR" → "incidents per PR"; "PR throughput" stays. */
export function inSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title)
    ? title[0].toLowerCase() + title.slice(1)
    : title;
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The entity's name as people say it: "fraud-scoring". */
export const entityName = (entityRef: string) => parseEntityRef(entityRef).name;

/** Where the Quality tab of an entity lives, optionally with one chart or check open. */
export function qualityLink(
  entityRef: string,
  open?: { metric?: string; check?: string },
): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const path = `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLowerCase(),
  )}/${encodeURIComponent(name)}/quality`;
  if (open?.metric) return `${path}?metric=${encodeURIComponent(open.metric)}`;
  if (open?.check) return `${path}?check=${encodeURIComponent(open.check)}`;
  return path;
}

/**
 * "fraud-scoring: incidents per PR rose above its control limit in the week
 * of 2026-08-03": what changed, in words, with rose/fell from the side.
 */
export function signalTitle(
  entityRef: string,
  definition: Pick<MetricDefinition, 'title'>,
  signal: {
    rule: ControlRule;
    side: 'above' | 'below';
    start: number;
    end: number;
  },
): string {
  const { rule, side, start, end } = signal;
  const verb = side === 'above' ? 'rose' : 'fell';
  const what = `${entityName(entityRef)}: ${inSentence(
    definition.title,
  )} ${verb}`;
  const weeks = Math.round((end - start) / WEEK_MS) + 1;
  switch (rule) {
    case 'cusum':
      return `${what}: a sustained shift ${side} its centre line since the week of ${day(
        start,
      )}`;
    case 'beyond-limit':
    case 'beyond-3-sigma':
      return weeks === 1
        ? `${what} ${side} its control limit in the week of ${day(end)}`
        : `${what} ${side} its control limit for ${weeks} weeks in a row from the week of ${day(
            start,
          )}`;
    case 'two-of-three-beyond-2-sigma':
      return `${what} more than 2σ ${side} its centre line in 2 of 3 weeks since the week of ${day(
        start,
      )}`;
    case 'four-of-five-beyond-1-sigma':
      return `${what} more than 1σ ${side} its centre line in 4 of 5 weeks since the week of ${day(
        start,
      )}`;
    default:
      return `${what} ${side} its centre line for ${weeks} weeks in a row since the week of ${day(
        start,
      )}`;
  }
}

/** The signal's own sentence, as a sentence: "4 of 5 weeks beyond 1σ above the centre line since 2026-09-07". */
export const signalSummary = (signal: Pick<ControlSignal, 'description'>) =>
  capitalize(signal.description);

/**
 * The numbers behind a signal: the value of the week it last fired with its
 * sample size and the centre line, and the latest week's value when later.
 */
export function signalDetail(
  definition: Pick<MetricDefinition, 'unit'>,
  fired: { start: number; value: number | null; n: number },
  center: number,
  latest?: { start: number; value: number | null; n: number },
): string {
  const value = (v: number | null) =>
    v === null ? 'no value' : formatValue(definition.unit, v);
  let text = `In the week of ${day(fired.start)}: ${value(fired.value)} (n = ${
    fired.n
  }); centre line ${formatValue(definition.unit, center)}.`;
  if (latest && latest.start > fired.start && latest.value !== null) {
    text += ` Latest week (${day(latest.start)}): ${value(latest.value)} (n = ${
      latest.n
    }).`;
  }
  return text;
}

/** One notification for several episodes of the same shift: the headline's title, every summary. */
export function groupDescription(
  headline: { summary: string; detail: string },
  others: Array<{ summary: string }>,
) {
  const summaries = [
    ...new Set([headline.summary, ...others.map(o => o.summary)]),
  ];
  return [`${summaries.join('; ')}.`, headline.detail]
    .filter(Boolean)
    .join(' ');
}

/** "fraud-team: 3 quality changes" with one line per change. */
export function digestText(ownerRef: string, titles: string[]) {
  const count = titles.length;
  return {
    title: `${entityName(ownerRef)}: ${count} new quality ${
      count === 1 ? 'signal' : 'signals'
    } today`,
    description: titles.map(t => `• ${t}`).join('\n'),
  };
}

export function checkFailureTitle(entityRef: string, check: { title: string }) {
  return `${entityName(entityRef)}: now fails the check "${check.title}"`;
}

export function levelDropTitle(
  entityRef: string,
  previous: string,
  current: string | null,
) {
  return current
    ? `${entityName(entityRef)}: dropped from level ${previous} to ${current}`
    : `${entityName(entityRef)}: lost level ${previous} and holds no level now`;
}

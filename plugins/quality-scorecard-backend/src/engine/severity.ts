/*
 * Severity: each source names it its own way (PagerDuty's SEV1, Opsgenie's
 * P2, Jira's Highest, a `severity: high` label). One scale of four levels
 * lets metrics be limited to the incidents and bugs that matter ("incidents
 * per PR, SEV1–2 only": `metrics.severities.incidents: [critical, high]`).
 */
import type { EntityEvents } from './model';

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export interface SeverityOptions {
  /** Only incidents of these levels count (absent: every incident, unknown severity too). */
  incidents?: SeverityLevel[];
  /** Only bugs of these levels count (absent: every bug). */
  bugs?: SeverityLevel[];
  /** A source's own names (lower case) → level, before the built-in names. */
  map?: Record<string, SeverityLevel>;
}

/** The built-in names, lower case, spaces and dashes removed. */
const BUILT_IN: Record<string, SeverityLevel> = {};
const name = (level: SeverityLevel, names: string[]) =>
  names.forEach(n => {
    BUILT_IN[n] = level;
  });
name('critical', [
  'critical',
  'sev0',
  'sev1',
  'p0',
  'p1',
  's0',
  's1',
  'blocker',
  'highest',
  'urgent',
  'emergency',
  'fatal',
]);
name('high', ['high', 'sev2', 'p2', 's2', 'error']);
name('medium', [
  'medium',
  'sev3',
  'p3',
  's3',
  'moderate',
  'major',
  'normal',
  'warning',
]);
name('low', [
  'low',
  'sev4',
  'sev5',
  'p4',
  'p5',
  's4',
  's5',
  'lowest',
  'minor',
  'trivial',
  'info',
  'informational',
]);

const compact = (raw: string) =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/**
 * The level of a source's severity name: the configured map first, then the
 * built-in names (`SEV1`, `P2`, `High`, `sev-3`, `Severity 4`…); null when
 * unknown or absent.
 */
export function severityLevel(
  raw: string | null | undefined,
  map: Record<string, SeverityLevel> = {},
): SeverityLevel | null {
  if (!raw) return null;
  const configured = map[raw.trim().toLowerCase()];
  if (configured) return configured;
  const key = compact(raw).replace(/^severity/, 'sev');
  return BUILT_IN[key] ?? null;
}

/**
 * The events the metrics count: incidents and bugs of the configured levels
 * (one of unknown severity is left out once a level list is set). The same
 * arrays when nothing is configured.
 */
export function bySeverity(
  events: EntityEvents,
  options?: SeverityOptions,
): EntityEvents {
  if (!options?.incidents && !options?.bugs) return events;
  const keep = (levels: SeverityLevel[] | undefined) => {
    if (!levels) return () => true;
    const set = new Set(levels);
    return (e: { severity?: string | null }) => {
      const level = severityLevel(e.severity, options.map);
      return level !== null && set.has(level);
    };
  };
  return {
    ...events,
    incidents: events.incidents.filter(keep(options.incidents)),
    bugs: events.bugs.filter(keep(options.bugs)),
  };
}

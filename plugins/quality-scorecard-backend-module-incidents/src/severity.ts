/*
 * One scale of four levels for incidents from every tool, as the plugin's
 * engine reads it (critical/high/medium/low): each source's own names map to
 * it by the operator's table first, then by the source's defaults.
 */

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Lower case, spaces, dashes and underscores removed: `SEV 1` and `sev-1` are one name. */
export const compactName = (raw: string) =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/**
 * The level of a source's severity: `candidates` (names such as `P1` or
 * `rank:3`, most specific first) are looked up in the configured table, then
 * in the source's defaults. Unknown: the first candidate as the source names
 * it (the plugin's `metrics.severities.map` may still place it); none: null.
 */
export function normaliseSeverity(
  candidates: string[],
  configured: Record<string, SeverityLevel>,
  defaults: Record<string, SeverityLevel>,
): string | null {
  for (const table of [configured, defaults]) {
    for (const name of candidates) {
      const level = table[compactName(name)];
      if (level) {
        return level;
      }
    }
  }
  return candidates[0] ?? null;
}

/**
 * Jira writes times as `2026-03-02T10:00:00.000+0000` (no colon in the
 * offset); epoch milliseconds, or null when it is not such a time.
 */
export function jiraTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match =
    /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?)(Z|[+-]\d\d:?\d\d)$/.exec(
      value.trim(),
    );
  if (!match) return null;
  const offset =
    match[2] === 'Z' ? 'Z' : `${match[2].slice(0, 3)}:${match[2].slice(-2)}`;
  const ms = Date.parse(`${match[1]}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}

export const isoOf = (ms: number) => new Date(ms).toISOString();

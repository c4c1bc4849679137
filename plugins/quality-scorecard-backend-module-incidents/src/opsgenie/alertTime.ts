/**
 * An Opsgenie time as epoch milliseconds. Alert webhooks send `createdAt` in
 * milliseconds and `updatedAt` in nanoseconds (1420452374669001603); the
 * magnitude tells them apart (and seconds or microseconds, should a sender
 * use them). ISO-8601 text is read as such. Null when it is none of these.
 */
export function opsgenieTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    if (value >= 1e17) return Math.floor(value / 1e6);
    if (value >= 1e14) return Math.floor(value / 1e3);
    if (value >= 1e11) return Math.floor(value);
    return Math.floor(value * 1000);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

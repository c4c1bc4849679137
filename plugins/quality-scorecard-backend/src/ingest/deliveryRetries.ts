/* When a stored delivery whose processing failed is tried again, and when never. */

/** Attempts of a delivery that fails for a reason other than its payload, before it is set aside. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** The wait before the next attempt: 30 s, doubling, at most 30 min (about 2 h over 10 attempts). */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/**
 * A failure that trying again cannot cure: the payload does not map
 * (InputError, from any copy of @backstage/errors) or the database refuses
 * its values as data (PostgreSQL's class 22, e.g. a number out of range).
 * Anything else (a lost connection, a timeout, a deadlock) may pass.
 */
export function isPermanentDeliveryError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return (
    name === 'InputError' ||
    (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code))
  );
}

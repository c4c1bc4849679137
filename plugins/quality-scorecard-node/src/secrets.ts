import { createHash, createHmac, timingSafeEqual } from 'crypto';

const sha256 = (value: string | Buffer) =>
  createHash('sha256').update(value).digest();

/**
 * The position of the first of `candidates` (webhook secrets, tokens,
 * expected signatures) that equals `given`, or -1 when none does, in time
 * that depends neither on where they differ nor on which one matches:
 * equal-length digests are compared, every candidate each time.
 * @public
 */
export function secretMatchIndex(
  given: string | Buffer,
  candidates: Array<string | Buffer>,
): number {
  const digest = sha256(given);
  let index = -1;
  candidates.forEach((candidate, i) => {
    const equal = timingSafeEqual(digest, sha256(candidate));
    // Every candidate is compared; only the first match is remembered.
    index = equal && index < 0 ? i : index;
  });
  return index;
}

/**
 * Whether `given` equals one of `candidates`, in constant time (see
 * {@link secretMatchIndex}).
 * @public
 */
export function tokenMatches(
  given: string | Buffer,
  candidates: Array<string | Buffer>,
): boolean {
  return secretMatchIndex(given, candidates) >= 0;
}

/** The fixed message whose HMAC under a secret names it. */
export const SECRET_FINGERPRINT_MESSAGE = 'shewhart-fingerprint';

/**
 * A short name of a configured secret that operators can compare and that
 * does not reveal it: the first 8 hex digits of HMAC-SHA256 of the fixed
 * message `shewhart-fingerprint`, keyed with the secret as configured. An
 * operator computes it with
 * `node -e "console.log(require('crypto').createHmac('sha256', process.argv[1]).update('shewhart-fingerprint').digest('hex').slice(0, 8))" "$SECRET"`.
 * @public
 */
export function secretFingerprint(secret: string | Buffer): string {
  return createHmac('sha256', secret)
    .update(SECRET_FINGERPRINT_MESSAGE)
    .digest('hex')
    .slice(0, 8);
}

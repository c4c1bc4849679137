import { createHash, timingSafeEqual } from 'crypto';

const sha256 = (value: string | Buffer) =>
  createHash('sha256').update(value).digest();

/**
 * Whether `given` equals one of `candidates` (webhook secrets, tokens,
 * expected signatures), in time that depends neither on where they differ nor
 * on which one matches: equal-length digests are compared, every candidate
 * each time.
 * @public
 */
export function tokenMatches(
  given: string | Buffer,
  candidates: Array<string | Buffer>,
): boolean {
  const digest = sha256(given);
  let match = false;
  for (const candidate of candidates) {
    match = timingSafeEqual(digest, sha256(candidate)) || match;
  }
  return match;
}

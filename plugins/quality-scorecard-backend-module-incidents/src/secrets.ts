import { createHash, timingSafeEqual } from 'crypto';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `token` is one of `secrets`, in time that depends neither on where
 * they differ nor on which secret matches: equal-length digests are compared,
 * every secret each time.
 */
export function tokenMatches(token: string, secrets: string[]): boolean {
  const given = sha256(token);
  let match = false;
  for (const secret of secrets) {
    match = timingSafeEqual(given, sha256(secret)) || match;
  }
  return match;
}

/** The password of an `Authorization: Basic …` header; undefined for any other scheme. */
export function basicAuthPassword(
  authorization: string | undefined,
): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

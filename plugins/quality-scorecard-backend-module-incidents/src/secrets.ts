// Constant-time comparison of a token with the configured secrets: -node's.
export { secretMatchIndex } from '@shewhart/plugin-quality-scorecard-node';

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

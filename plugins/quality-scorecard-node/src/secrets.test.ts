import { secretFingerprint, secretMatchIndex, tokenMatches } from './secrets';
import { describeWebhookSecrets } from './webhooks';

/*
 * Fingerprints computed apart from this code, with
 *   printf %s shewhart-fingerprint | openssl dgst -sha256 -hmac <secret>
 * (the first 8 hex digits).
 */
const FINGERPRINTS: Array<[string, string]> = [
  ['old-secret', '4903092e'],
  ['new-secret', 'be5da7fc'],
  ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '2670ec2f'],
];

describe('secretFingerprint', () => {
  it.each(FINGERPRINTS)('names %p as %p', (secret, fingerprint) => {
    expect(secretFingerprint(secret)).toBe(fingerprint);
    expect(secretFingerprint(Buffer.from(secret, 'utf8'))).toBe(fingerprint);
  });

  it('is 8 lower-case hex digits and differs from the secret and its plain hash', () => {
    for (const [secret] of FINGERPRINTS) {
      const fingerprint = secretFingerprint(secret);
      expect(fingerprint).toMatch(/^[0-9a-f]{8}$/);
      expect(secret).not.toContain(fingerprint);
    }
  });
});

describe('secretMatchIndex', () => {
  const candidates = ['alpha', 'beta', 'gamma', 'beta'];
  it.each([
    ['alpha', 0],
    ['beta', 1], // the first of two equal candidates
    ['gamma', 2],
    ['delta', -1],
    ['', -1],
    ['alph', -1],
    ['alphaa', -1],
  ])('finds %p at %p', (given, index) => {
    expect(secretMatchIndex(given, candidates)).toBe(index);
    expect(secretMatchIndex(Buffer.from(given), candidates)).toBe(index);
    expect(tokenMatches(given, candidates)).toBe(index >= 0);
  });

  it('finds nothing among no candidates', () => {
    expect(secretMatchIndex('alpha', [])).toBe(-1);
    expect(tokenMatches('alpha', [])).toBe(false);
  });
});

describe('describeWebhookSecrets', () => {
  it('names each secret by its position, list and fingerprint', () => {
    expect(
      describeWebhookSecrets(
        ['old-secret', 'new-secret'],
        'qualityScorecard.github.webhookSecrets',
      ),
    ).toEqual([
      {
        list: 'qualityScorecard.github.webhookSecrets',
        position: 0,
        fingerprint: '4903092e',
      },
      {
        list: 'qualityScorecard.github.webhookSecrets',
        position: 1,
        fingerprint: 'be5da7fc',
      },
    ]);
    expect(describeWebhookSecrets(['new-secret'])).toEqual([
      { position: 0, fingerprint: 'be5da7fc' },
    ]);
  });
});

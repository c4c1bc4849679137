import { InputError } from '@backstage/errors';
import type {
  QualityWebhookSecret,
  QualityWebhookSource,
} from '@shewhart/plugin-quality-scorecard-node';
import type { DeliveryStore } from '../database/QualityStore';

const DAY_MS = 86_400_000;

/** The longest window `GET /admin/webhook-secrets?days=` answers for. */
export const MAX_SECRET_USAGE_DAYS = 3650;

/**
 * The `verifiedBy` of a module's delivery as the columns hold it; a malformed
 * one is left out rather than refusing a delivery that did verify.
 */
export function storedSecret(
  verifiedBy: QualityWebhookSecret | undefined,
): { position: number; fingerprint: string } | undefined {
  if (!verifiedBy) return undefined;
  const { position, fingerprint } = verifiedBy;
  if (
    !Number.isInteger(position) ||
    position < 0 ||
    position > 2 ** 31 - 1 ||
    typeof fingerprint !== 'string' ||
    !/^[0-9a-f]{1,64}$/.test(fingerprint)
  ) {
    return undefined;
  }
  return { position, fingerprint };
}

/** One configured secret and what it verified. */
export interface WebhookSecretReport {
  list: string | null;
  position: number;
  fingerprint: string;
  /** Stored deliveries it verified in the last `days` days. */
  deliveries: number;
  /** When the latest stored delivery it verified was received; null when none. */
  lastVerifiedAt: string | null;
}

/** One source's secrets, as `GET /admin/webhook-secrets` answers. */
export interface WebhookSourceSecretsReport {
  source: string;
  /** False for a module's source that does not report its secrets. */
  reportsSecrets: boolean;
  secrets: WebhookSecretReport[];
  /** Fingerprints of stored deliveries that no configured secret has now (removed secrets). */
  unconfigured: Array<{
    fingerprint: string;
    deliveries: number;
    lastVerifiedAt: string;
  }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Each source's configured secrets, matched by fingerprint (positions move
 * when an old secret is removed) with the stored deliveries each verified:
 * how many in the last `days` days, and the latest ever stored.
 */
export async function webhookSecretUsage(
  store: Pick<DeliveryStore, 'countDeliveriesBySecret'>,
  sources: QualityWebhookSource[],
  options: { days: number; now: number },
): Promise<{
  days: number;
  since: string;
  sources: WebhookSourceSecretsReport[];
}> {
  const since = options.now - options.days * DAY_MS;
  const usage = await store.countDeliveriesBySecret({ since });
  return {
    days: options.days,
    since: iso(since),
    sources: sources.map(source => {
      const configured = source.secretFingerprints?.();
      const used = new Map(
        usage.filter(u => u.source === source.id).map(u => [u.fingerprint, u]),
      );
      const secrets = (configured ?? []).map(secret => {
        const u = used.get(secret.fingerprint);
        return {
          list: secret.list ?? null,
          position: secret.position,
          fingerprint: secret.fingerprint,
          deliveries: u?.deliveries ?? 0,
          lastVerifiedAt: u ? iso(u.lastReceivedAt) : null,
        };
      });
      const known = new Set(secrets.map(s => s.fingerprint));
      const unconfigured = [...used.values()]
        .filter(u => !known.has(u.fingerprint))
        .map(u => ({
          fingerprint: u.fingerprint,
          deliveries: u.deliveries,
          lastVerifiedAt: iso(u.lastReceivedAt),
        }));
      return {
        source: source.id,
        reportsSecrets: configured !== undefined,
        secrets,
        unconfigured,
      };
    }),
  };
}

/**
 * `?days=` of `GET /admin/webhook-secrets`: a whole number of days, 30 when
 * absent (the OpenAPI validator may have made it a number already).
 */
export function parseSecretUsageDays(value: unknown): number {
  if (value === undefined) return 30;
  const days =
    typeof value === 'number' ||
    (typeof value === 'string' && /^\d+$/.test(value))
      ? Number(value)
      : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_SECRET_USAGE_DAYS) {
    throw new InputError(
      `days must be a whole number from 1 to ${MAX_SECRET_USAGE_DAYS}`,
    );
  }
  return days;
}

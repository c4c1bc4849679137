import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/**
 * A webhook delivery that something other than the plugin has verified
 * (Backstage's events backend, by its own signature validator), named as
 * the source names its own deliveries so that the same delivery arriving
 * both ways is stored once.
 * @public
 */
export interface QualityVerifiedWebhookDelivery {
  /** The id the sender gives this delivery, the same on its retries (`X-GitHub-Delivery`). */
  deliveryId: string;
  /** The name of its event (`X-GitHub-Event`: `pull_request`, `push`, …). */
  eventName: string;
  payload: JsonObject;
}

/** @public */
export interface QualityVerifiedWebhookResult {
  deliveryId: string;
  /** Already stored under this source and delivery id: nothing was done. */
  duplicate: boolean;
  processed: boolean;
  events: number;
  /** Stored, and still being mapped when the answer was due. */
  queued?: boolean;
}

/**
 * Where verified deliveries go: the same raw log and mapping as the
 * plugin's signed webhook routes, without their signature check.
 * @public
 */
export interface QualityVerifiedWebhookReceiver {
  /** The ids of the installed webhook sources (`github`, `gitlab`, …). */
  sourceIds(): string[];
  /**
   * Stores the raw delivery (once per source and delivery id: a duplicate
   * is not mapped again) before it resolves, then maps it as a signed
   * delivery of that source would be, waiting a few seconds at most for the
   * mapping. Throws a `NotFoundError` for a source that is not installed
   * and an `InputError` for a delivery id or event name the raw log cannot
   * hold; a rejection means nothing was stored.
   */
  receiveVerified(
    sourceId: string,
    delivery: QualityVerifiedWebhookDelivery,
  ): Promise<QualityVerifiedWebhookResult>;
}

/**
 * Something that hands the plugin deliveries it has verified itself, such
 * as a subscriber to Backstage's events service. The plugin calls `connect`
 * once at startup, after its raw log is ready.
 * @public
 */
export interface QualityVerifiedWebhookFeed {
  id: string;
  connect(receiver: QualityVerifiedWebhookReceiver): Promise<void>;
}

/** @public */
export interface QualityScorecardVerifiedWebhooksExtensionPoint {
  addVerifiedWebhookFeed(feed: QualityVerifiedWebhookFeed): void;
}

/**
 * Lets backend modules deliver webhooks that another component verified
 * (Backstage's events backend) into the plugin's raw log and mapping.
 * Whatever a feed hands over is trusted as verified: only a feed that
 * receives from a verifying ingress belongs here.
 * @public
 */
export const qualityScorecardVerifiedWebhooksExtensionPoint =
  createExtensionPoint<QualityScorecardVerifiedWebhooksExtensionPoint>({
    id: 'quality-scorecard.verified-webhooks',
  });

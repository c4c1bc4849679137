/**
 * Extension points for modules of the Shewhart quality scorecard backend.
 *
 * @packageDocumentation
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  IngestResponse,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * Where an event source delivers events: the same attribution and
 * idempotent store as the events API and webhooks.
 * @public
 */
export interface QualityEventSink {
  ingest(events: QualityEvent[]): Promise<IngestResponse>;
  /**
   * Removes an incident or bug the source says is gone (deleted, or no longer
   * an incident or bug); its entity is recomputed. False when none was stored.
   */
  deleteEvent(
    type: 'incident' | 'bug',
    source: string,
    externalId: string,
  ): Promise<boolean>;
}

/**
 * A source of events, such as a scheduled pull from GitHub. The plugin calls
 * `connect` once at startup with the sink to deliver to.
 * @public
 */
export interface QualityEventSource {
  id: string;
  connect(sink: QualityEventSink): Promise<void>;
}

/** @public */
export interface QualityScorecardEventSourcesExtensionPoint {
  addEventSource(source: QualityEventSource): void;
}

/**
 * Lets backend modules add event sources to the quality scorecard plugin.
 * @public
 */
export const qualityScorecardEventSourcesExtensionPoint =
  createExtensionPoint<QualityScorecardEventSourcesExtensionPoint>({
    id: 'quality-scorecard.event-sources',
  });
export * from './policy';
export * from './webhooks';
export * from './locators';
export * from './issues';
export * from './syncRouter';
export * from './secrets';
export * from './verifiedWebhooks';
export * from './catalogPages';

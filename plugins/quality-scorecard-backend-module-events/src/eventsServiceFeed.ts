import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { EventParams, EventsService } from '@backstage/plugin-events-node';
import type { JsonObject } from '@backstage/types';
import type {
  QualityVerifiedWebhookFeed,
  QualityVerifiedWebhookReceiver,
} from '@shewhart/plugin-quality-scorecard-node';
import { EventHeaders, EventsTopic, eventsTopics } from './eventsTopics';

/**
 * Waits before the second and third attempt to store a delivery. The
 * events backend answers the sender only after its subscribers return, and
 * GitHub gives up after 10 seconds: a database that is back within about
 * 3 seconds loses nothing.
 */
export const STORE_RETRY_DELAYS_MS = [1000, 2000];

/** Failures another attempt cannot cure: the delivery itself is refused. */
function isPermanent(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'InputError' || name === 'NotFoundError';
}

/**
 * The quality scorecard as a subscriber of the events service: each topic
 * whose events the events backend verifies is subscribed to, and each
 * delivery on it stored in the scorecard's raw log before `onEvent`
 * returns (the events backend answers the sender after that).
 */
export function createEventsServiceFeed(options: {
  config: Config;
  logger: LoggerService;
  events: EventsService;
  topics?: EventsTopic[];
  retryDelaysMs?: number[];
}): QualityVerifiedWebhookFeed {
  const { config, logger, events } = options;
  const retryDelaysMs = options.retryDelaysMs ?? STORE_RETRY_DELAYS_MS;
  return {
    id: 'events-service',
    async connect(receiver) {
      const installed = new Set(receiver.sourceIds());
      for (const topic of options.topics ?? eventsTopics) {
        if (!installed.has(topic.sourceId)) {
          logger.info(
            `Not subscribed to the '${topic.topic}' events topic: the quality scorecard's ${topic.sourceId} webhook source is not installed`,
          );
          continue;
        }
        if (!topic.verified(config)) {
          logger.info(
            `Not subscribed to the '${topic.topic}' events topic: the events backend does not verify it without ${topic.verifierConfig}`,
          );
          continue;
        }
        await events.subscribe({
          id: `${topic.topic}-webhooks`,
          topics: [topic.topic],
          onEvent: event =>
            deliver(topic, event, receiver, logger, retryDelaysMs),
        });
        logger.info(
          `Subscribed to the '${topic.topic}' events topic: deliveries the events backend verified are stored as ${topic.sourceId} webhook deliveries`,
        );
      }
    },
  };
}

async function deliver(
  topic: EventsTopic,
  event: EventParams,
  receiver: QualityVerifiedWebhookReceiver,
  logger: LoggerService,
  retryDelaysMs: number[],
): Promise<void> {
  const payload = event.eventPayload;
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  ) {
    logger.warn(
      `A '${topic.topic}' event whose payload is not a JSON object was not stored`,
    );
    return;
  }
  const named = topic.name(
    payload as JsonObject,
    (event.metadata ?? {}) as EventHeaders,
  );
  if (!named) {
    // The event bus passes payloads between backend instances without
    // their headers: only the instance whose ingress received it can name it.
    logger.warn(
      `A '${topic.topic}' event without its delivery headers was not stored: run the events backend's HTTP ingress in the backend that runs the quality scorecard`,
    );
    return;
  }
  const delivery = { ...named, payload: payload as JsonObject };
  for (let attempt = 0; ; attempt++) {
    try {
      await receiver.receiveVerified(topic.sourceId, delivery);
      return;
    } catch (error) {
      const last = attempt >= retryDelaysMs.length || isPermanent(error);
      if (last) {
        // The events backend has answered, or will answer, 202 regardless.
        logger.error(
          `The ${topic.sourceId} delivery ${named.deliveryId} (${named.eventName}) from the '${topic.topic}' events topic was not stored; redeliver it from the sender`,
          error as Error,
        );
        return;
      }
      await new Promise(resolve => setTimeout(resolve, retryDelaysMs[attempt]));
    }
  }
}

import { createHash } from 'crypto';
import type { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';

/** Request headers as the events backend's HTTP ingress passes them on (`metadata`). */
export type EventHeaders = Record<string, string | string[] | undefined>;

/** A topic of the events backend that carries one webhook source's deliveries. */
export interface EventsTopic {
  topic: string;
  /** The scorecard's webhook source that maps its deliveries. */
  sourceId: string;
  /** The config that makes the events backend verify posts to this topic, named for the log. */
  verifierConfig: string;
  /** Whether the events backend's module verifies posts to this topic. */
  verified(config: Config): boolean;
  /**
   * The delivery id and event name, as the scorecard's own route names the
   * same delivery; undefined without the headers that carry them.
   */
  name(
    payload: JsonObject,
    headers: EventHeaders,
  ): { deliveryId: string; eventName: string } | undefined;
}

function header(headers: EventHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/**
 * GitHub: `@backstage/plugin-events-backend-module-github` adds its
 * signature validator to the `github` topic when
 * `events.modules.github.webhookSecret` or the `webhookSecret` of a GitHub
 * App in `integrations.github` is set (and no ingress otherwise).
 */
const github: EventsTopic = {
  topic: 'github',
  sourceId: 'github',
  verifierConfig:
    'events.modules.github.webhookSecret or integrations.github[].apps[].webhookSecret',
  verified(config) {
    if (config.getOptionalString('events.modules.github.webhookSecret')) {
      return true;
    }
    return (config.getOptionalConfigArray('integrations.github') ?? []).some(
      integration =>
        (integration.getOptionalConfigArray('apps') ?? []).some(
          app =>
            Boolean(app.getOptional('appId')) &&
            Boolean(app.getOptionalString('webhookSecret')),
        ),
    );
  },
  name(_payload, headers) {
    const deliveryId = header(headers, 'x-github-delivery');
    const eventName = header(headers, 'x-github-event');
    return deliveryId && eventName ? { deliveryId, eventName } : undefined;
  },
};

/**
 * GitLab: `@backstage/plugin-events-backend-module-gitlab` checks
 * `X-Gitlab-Token` against `events.modules.gitlab.webhookSecret`. Named by
 * `Idempotency-Key` as the scorecard's GitLab route does; without it by a
 * hash of the event name and the payload as parsed (the raw bytes the
 * route hashes are not passed on), so such a delivery arriving both ways is
 * stored twice, though GitLab's retries through the events backend are
 * stored once.
 */
const gitlab: EventsTopic = {
  topic: 'gitlab',
  sourceId: 'gitlab',
  verifierConfig: 'events.modules.gitlab.webhookSecret',
  verified(config) {
    return Boolean(
      config.getOptionalString('events.modules.gitlab.webhookSecret'),
    );
  },
  name(payload, headers) {
    const eventName = header(headers, 'x-gitlab-event');
    if (!eventName) {
      return undefined;
    }
    const deliveryId =
      header(headers, 'idempotency-key') ??
      `sha256:${createHash('sha256')
        .update(eventName)
        .update('\n')
        .update(JSON.stringify(payload))
        .digest('hex')}`;
    return { deliveryId, eventName };
  },
};

/** The topics this module subscribes to, each when it is verified. */
export const eventsTopics: EventsTopic[] = [github, gitlab];

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { qualityScorecardVerifiedWebhooksExtensionPoint } from '@shewhart/plugin-quality-scorecard-node';
import { createEventsServiceFeed } from './eventsServiceFeed';

/**
 * Subscribes the quality scorecard to the `github` and `gitlab` topics of
 * Backstage's events service, which `@backstage/plugin-events-backend` with
 * its GitHub and GitLab modules publishes webhooks on. A topic is only
 * subscribed to when the events backend verifies it (its module's webhook
 * secret is configured); without one it would accept unsigned posts, and
 * this module logs why it stays off.
 *
 * @public
 */
export const qualityScorecardModuleEvents = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'events',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        events: eventsServiceRef,
        feeds: qualityScorecardVerifiedWebhooksExtensionPoint,
      },
      async init({ config, logger, events, feeds }) {
        feeds.addVerifiedWebhookFeed(
          createEventsServiceFeed({ config, logger, events }),
        );
      },
    });
  },
});

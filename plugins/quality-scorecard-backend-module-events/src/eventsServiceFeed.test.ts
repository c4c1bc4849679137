import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import type {
  QualityVerifiedWebhookDelivery,
  QualityVerifiedWebhookReceiver,
} from '@shewhart/plugin-quality-scorecard-node';
import { createEventsServiceFeed } from './eventsServiceFeed';

/*
 * The feed on the events service's real local bus (no event bus client),
 * with a receiver that records what it is handed and fails as told.
 */

const connectionLost = () =>
  Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
const inputError = () =>
  Object.assign(new Error('delivery id must be at most 255 characters'), {
    name: 'InputError',
  });

function setup(options: {
  config: object;
  sourceIds?: string[];
  failures?: Error[];
}) {
  const logger = mockServices.logger.mock();
  const root = DefaultEventsService.create({ logger });
  const received: Array<[string, QualityVerifiedWebhookDelivery]> = [];
  const failures = [...(options.failures ?? [])];
  let attempts = 0;
  const receiver: QualityVerifiedWebhookReceiver = {
    sourceIds: () => options.sourceIds ?? ['github', 'gitlab'],
    async receiveVerified(sourceId, delivery) {
      attempts += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      received.push([sourceId, delivery]);
      return {
        deliveryId: delivery.deliveryId,
        duplicate: false,
        processed: true,
        events: 1,
      };
    },
  };
  const feed = createEventsServiceFeed({
    config: new ConfigReader(options.config),
    logger,
    events: root.forPlugin('quality-scorecard'),
    retryDelaysMs: [0, 0],
  });
  const publisher = root.forPlugin('events');
  return {
    logger,
    received,
    attempts: () => attempts,
    connect: () => feed.connect(receiver),
    publish: (topic: string, payload: object, metadata?: object) =>
      publisher.publish({
        topic,
        eventPayload: payload,
        metadata: metadata as any,
      }),
  };
}

const GITHUB_HEADERS = {
  'x-github-event': 'pull_request',
  'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
};
const VERIFIED = {
  events: {
    modules: {
      github: { webhookSecret: 'gh' },
      gitlab: { webhookSecret: 'gl' },
    },
  },
};

describe('createEventsServiceFeed', () => {
  it('names GitHub deliveries by their headers and GitLab ones by Idempotency-Key or a hash', async () => {
    const t = setup({ config: VERIFIED });
    await t.connect();
    await t.publish('github', { action: 'opened' }, GITHUB_HEADERS);
    await t.publish(
      'gitlab',
      { object_kind: 'merge_request' },
      { 'x-gitlab-event': 'Merge Request Hook', 'idempotency-key': 'key-1' },
    );
    await t.publish(
      'gitlab',
      { object_kind: 'merge_request' },
      { 'x-gitlab-event': 'Merge Request Hook' },
    );
    expect(t.received).toEqual([
      [
        'github',
        {
          deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
          eventName: 'pull_request',
          payload: { action: 'opened' },
        },
      ],
      [
        'gitlab',
        {
          deliveryId: 'key-1',
          eventName: 'Merge Request Hook',
          payload: { object_kind: 'merge_request' },
        },
      ],
      [
        'gitlab',
        {
          // printf 'Merge Request Hook\n{"object_kind":"merge_request"}' | sha256sum
          deliveryId:
            'sha256:6fc2ac61af52f09790e738a544f4962e75a1ec017c59d81d519580a931855713',
          eventName: 'Merge Request Hook',
          payload: { object_kind: 'merge_request' },
        },
      ],
    ]);
  });

  it('tries a failed store again before the sender is answered, then gives up and says so', async () => {
    const t = setup({
      config: VERIFIED,
      failures: [connectionLost(), connectionLost()],
    });
    await t.connect();
    await t.publish('github', { action: 'opened' }, GITHUB_HEADERS);
    expect([t.attempts(), t.received.length]).toEqual([3, 1]);

    const lost = setup({
      config: VERIFIED,
      failures: [connectionLost(), connectionLost(), connectionLost()],
    });
    await lost.connect();
    await lost.publish('github', { action: 'opened' }, GITHUB_HEADERS);
    expect([lost.attempts(), lost.received.length]).toEqual([3, 0]);
    expect(lost.logger.error).toHaveBeenCalledWith(
      "The github delivery 72d3162e-cc78-11e3-81ab-4c9367dc0958 (pull_request) from the 'github' events topic was not stored; redeliver it from the sender",
      expect.objectContaining({ message: 'connection lost' }),
    );
  });

  it('does not retry a delivery the raw log refuses', async () => {
    const t = setup({ config: VERIFIED, failures: [inputError()] });
    await t.connect();
    await t.publish('github', { action: 'opened' }, GITHUB_HEADERS);
    expect([t.attempts(), t.received.length]).toEqual([1, 0]);
    expect(t.logger.error).toHaveBeenCalledTimes(1);
  });

  it('skips events without their headers, as the event bus passes them between instances', async () => {
    const t = setup({ config: VERIFIED });
    await t.connect();
    await t.publish('github', { action: 'opened' });
    await t.publish('gitlab', { object_kind: 'push' }, {});
    await t.publish('github', ['not', 'an', 'object'], GITHUB_HEADERS);
    expect([t.attempts(), t.received]).toEqual([0, []]);
    expect(t.logger.warn.mock.calls.map(c => c[0])).toEqual([
      "A 'github' event without its delivery headers was not stored: run the events backend's HTTP ingress in the backend that runs the quality scorecard",
      "A 'gitlab' event without its delivery headers was not stored: run the events backend's HTTP ingress in the backend that runs the quality scorecard",
      "A 'github' event whose payload is not a JSON object was not stored",
    ]);
  });

  it.each([
    [
      'no secrets',
      {},
      ['github', 'gitlab'],
      [
        "Not subscribed to the 'github' events topic: the events backend does not verify it without events.modules.github.webhookSecret or integrations.github[].apps[].webhookSecret",
        "Not subscribed to the 'gitlab' events topic: the events backend does not verify it without events.modules.gitlab.webhookSecret",
      ],
    ],
    [
      'a GitHub App webhook secret, GitLab module not installed',
      {
        integrations: {
          github: [
            {
              host: 'github.com',
              apps: [
                {
                  appId: 7,
                  webhookSecret: 'app',
                  privateKey: 'k',
                  clientId: 'c',
                  clientSecret: 's',
                },
              ],
            },
          ],
        },
        events: { modules: { gitlab: { webhookSecret: 'gl' } } },
      },
      ['github', 'pagerduty'],
      [
        "Subscribed to the 'github' events topic: deliveries the events backend verified are stored as github webhook deliveries",
        "Not subscribed to the 'gitlab' events topic: the quality scorecard's gitlab webhook source is not installed",
      ],
    ],
  ])(
    'with %s, subscribes to what is verified and installed',
    async (_, config, sourceIds, logs) => {
      const t = setup({ config, sourceIds });
      await t.connect();
      expect(t.logger.info.mock.calls.map(c => c[0])).toEqual(logs);
      await t.publish('github', { action: 'opened' }, GITHUB_HEADERS);
      await t.publish(
        'gitlab',
        { object_kind: 'push' },
        { 'x-gitlab-event': 'Push Hook' },
      );
      expect(t.received.map(([source]) => source)).toEqual(
        logs[0].startsWith('Subscribed') ? ['github'] : [],
      );
    },
  );
});

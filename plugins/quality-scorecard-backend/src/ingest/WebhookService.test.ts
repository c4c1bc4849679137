import { TestDatabases } from '@backstage/backend-test-utils';
import { sign } from '@octokit/webhooks-methods';
import { QualityStore } from '../database/QualityStore';
import {
  COUPON_COMMITS,
  OPENED_PR,
  pullRequestDelivery,
  pushDelivery,
  reviewDelivery,
} from '../__fixtures__/github';
import {
  GITHUB_SECRET,
  createIngestHarness,
} from '../__fixtures__/ingestHarness';
import { PD_SERVICE, incidentWebhook } from '../__fixtures__/pagerduty';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './WebhookService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CHECKOUT = 'component:default/checkout';
const PR_ID = 'acme/checkout#42';

/** What a lost database connection looks like to knex's caller. */
const connectionLost = () =>
  Object.assign(new Error('simulated lost connection'), { code: 'ECONNRESET' });

/** Makes chosen store calls fail, as if the process died or the database went away. */
class Faults {
  crashAfterRawWrite = false;
  failMarking = false;
  /** How many of the next event writes fail, through serialize's store too. */
  failWrites = 0;
  wrap = (store: QualityStore): QualityStore => {
    // eslint-disable-next-line consistent-this
    const faults = this;
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'serialize') {
          // PostgreSQL hands mapping a store bound to its transaction.
          return (key: string, fn: (s: QualityStore) => Promise<unknown>) =>
            value.call(target, key, (inner: QualityStore) =>
              fn(faults.wrap(inner)),
            );
        }
        if (prop === 'writeEvents') {
          return async (...args: any[]) => {
            if (faults.failWrites > 0) {
              faults.failWrites -= 1;
              throw connectionLost();
            }
            return value.apply(target, args);
          };
        }
        if (prop === 'insertRawDelivery') {
          return async (...args: any[]) => {
            const result = await value.apply(target, args);
            if (faults.crashAfterRawWrite)
              throw new Error('simulated crash after the raw write');
            return result;
          };
        }
        if (prop === 'markDeliveryProcessed') {
          return async (...args: any[]) => {
            if (faults.failMarking)
              throw new Error('simulated lost connection');
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  };
}

describe.each(databases.eachSupportedId())(
  'WebhookService on %p',
  databaseId => {
    async function harness() {
      const faults = new Faults();
      const knex = await databases.init(databaseId);
      const h = await createIngestHarness(knex, {
        repositories: { 'acme/checkout': CHECKOUT },
        pagerDutyServices: { [PD_SERVICE]: CHECKOUT },
        wrapStore: faults.wrap,
      });
      /** The retry bookkeeping of each raw delivery, in order. */
      const retries = async () =>
        (
          await h
            .knex('qs_raw_deliveries')
            .orderBy('id')
            .select(
              'delivery_id',
              'processed_at',
              'attempts',
              'retry_at',
              'error',
            )
        ).map(r => ({
          deliveryId: r.delivery_id,
          processedAt: r.processed_at === null ? null : Number(r.processed_at),
          attempts: Number(r.attempts),
          retryAt: r.retry_at === null ? null : Number(r.retry_at),
          error: r.error,
        }));
      return { ...h, faults, retries };
    }

    it('resumes a delivery that was stored but not processed, and stores it once when it is sent again', async () => {
      const h = await harness();
      const pr = pullRequestDelivery('opened', OPENED_PR);
      h.faults.crashAfterRawWrite = true;
      await expect(h.github('pull_request', pr, 'crash-1')).rejects.toThrow(
        'simulated crash after the raw write',
      );
      await expect(
        h.pagerDuty(
          incidentWebhook({
            eventId: 'EV-crash',
            eventType: 'incident.triggered',
            occurredAt: '2026-02-10T08:00:00Z',
          }),
        ),
      ).rejects.toThrow('simulated crash after the raw write');
      h.faults.crashAfterRawWrite = false;
      expect(
        (await h.rawDeliveries()).map(r => [r.delivery_id, r.processed_at]),
      ).toEqual([
        ['crash-1', null],
        ['EV-crash', null],
      ]);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 0,
        deployment: 0,
        incident: 0,
        bug: 0,
      });

      // Deliveries younger than a minute may still be in flight: left alone.
      expect(await h.webhooks.resumeUnprocessed()).toBe(0);
      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(2);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 0,
        incident: 1,
        bug: 0,
      });
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        title: 'Add coupon codes',
        entityRef: CHECKOUT,
      });
      expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toMatchObject({
        createdAt: '2026-02-10T08:00:00.000Z',
        entityRef: CHECKOUT,
      });
      expect(
        (await h.rawDeliveries()).map(r => [
          r.delivery_id,
          r.processed_at,
          r.error,
        ]),
      ).toEqual([
        ['crash-1', h.clock.now, null],
        ['EV-crash', h.clock.now, null],
      ]);

      // Nothing left; the sender's retry of the unacknowledged delivery is a duplicate.
      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(0);
      expect(await h.github('pull_request', pr, 'crash-1')).toEqual({
        deliveryId: 'crash-1',
        duplicate: true,
        processed: false,
        events: 0,
      });
      expect(await h.rawDeliveries()).toHaveLength(2);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 0,
        incident: 1,
        bug: 0,
      });
    });

    it('re-processes a delivery whose events were written but not marked processed without doubling them', async () => {
      const h = await harness();
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      await h.github(
        'push',
        pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS),
      );
      h.faults.failMarking = true;
      const review = reviewDelivery(
        'submitted',
        {
          id: 9001,
          reviewer: 'grace',
          state: 'approved',
          submittedAt: '2026-02-03T10:00:00Z',
        },
        OPENED_PR,
      );
      expect(await h.github('pull_request_review', review, 'review-1')).toEqual(
        {
          deliveryId: 'review-1',
          duplicate: false,
          processed: false,
          events: 0,
        },
      );
      const push = pushDelivery('refs/heads/feature/coupons', [
        {
          id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0003',
          message: 'Round down',
          timestamp: '2026-02-02T12:00:00Z',
          author: 'ada',
        },
      ]);
      expect(await h.github('push', push, 'push-2')).toMatchObject({
        processed: false,
      });
      h.faults.failMarking = false;
      const before = await h.store.getPullRequest('github', PR_ID);
      expect(before!.reviews).toHaveLength(1);
      expect(before!.commits).toHaveLength(3);

      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(2);
      expect(await h.store.getPullRequest('github', PR_ID)).toEqual(before);
      expect(
        Number((await h.knex('qs_push_commits').count({ n: '*' }))[0].n),
      ).toBe(3);
      expect(
        (await h.rawDeliveries()).every(
          r => r.processed_at !== null && r.error === null,
        ),
      ).toBe(true);
    });

    it('ends a resume run when deliveries cannot be marked processed, and retries them on the next run', async () => {
      const h = await harness();
      h.faults.crashAfterRawWrite = true;
      for (const id of ['a', 'b', 'c']) {
        await expect(
          h.github(
            'pull_request',
            pullRequestDelivery('opened', OPENED_PR),
            id,
          ),
        ).rejects.toThrow();
      }
      h.faults.crashAfterRawWrite = false;
      h.faults.failMarking = true;
      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(3);
      expect((await h.rawDeliveries()).map(r => r.processed_at)).toEqual([
        null,
        null,
        null,
      ]);
      h.faults.failMarking = false;
      // Each failed attempt was counted: the next one is due 30 s later.
      expect((await h.retries()).map(r => [r.attempts, r.retryAt])).toEqual([
        [1, h.clock.now + 30_000],
        [1, h.clock.now + 30_000],
        [1, h.clock.now + 30_000],
      ]);
      expect(await h.webhooks.resumeUnprocessed()).toBe(0);
      h.clock.now += 30_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(3);
      expect((await h.rawDeliveries()).map(r => r.processed_at)).toEqual([
        h.clock.now,
        h.clock.now,
        h.clock.now,
      ]);
      expect(await h.store.countEvents()).toMatchObject({ pull_request: 1 });
    });

    it('stores one delivery when the same X-GitHub-Delivery arrives twice at once', async () => {
      const h = await harness();
      const body = JSON.stringify(pullRequestDelivery('opened', OPENED_PR));
      const signature = await sign(GITHUB_SECRET, body);
      const send = () =>
        h.receiveGithub({
          rawBody: Buffer.from(body),
          signature,
          eventName: 'pull_request',
          deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
        });
      const results = await Promise.all([send(), send()]);
      expect(results.map(r => r.duplicate).sort()).toEqual([false, true]);
      expect(await h.rawDeliveries()).toHaveLength(1);
      expect(await h.store.countEvents()).toMatchObject({ pull_request: 1 });
    });

    it('answers a stored delivery still waiting for its turn before the sender gives up, and processes it anyway', async () => {
      const knex = await databases.init(databaseId);
      // Processing a delivery takes 300 ms more: the third of three deliveries
      // about one PR waits about 600 ms for its turn.
      let slow = true;
      const h = await createIngestHarness(knex, {
        repositories: { 'acme/checkout': CHECKOUT },
        answerWithinMs: 400,
        wrapStore: store =>
          new Proxy(store, {
            get(target, prop, receiver) {
              const value = Reflect.get(target, prop, receiver);
              if (prop !== 'serialize')
                return typeof value === 'function' ? value.bind(target) : value;
              return async (...args: any[]) => {
                if (slow) await new Promise(r => setTimeout(r, 300));
                return value.apply(target, args);
              };
            },
          }),
      });
      const review = (id: number, reviewer: string) =>
        h.github(
          'pull_request_review',
          reviewDelivery(
            'submitted',
            {
              id,
              reviewer,
              state: 'approved',
              submittedAt: `2026-02-03T10:0${id}:00Z`,
            },
            OPENED_PR,
          ),
        );
      const results = await Promise.all([
        review(1, 'grace'),
        review(2, 'lin'),
        review(3, 'ada'),
      ]);
      expect(results.map(r => [r.processed, r.queued ?? false])).toEqual([
        [true, false],
        [false, true],
        [false, true],
      ]);
      expect((await h.rawDeliveries()).length).toBe(3);
      slow = false;
      // Still processed, in turn, without the sender.
      for (
        let i = 0;
        i < 50 && (await h.rawDeliveries()).some(r => r.processed_at === null);
        i++
      ) {
        await new Promise(r => setTimeout(r, 100));
      }
      expect((await h.rawDeliveries()).map(r => r.error ?? null)).toEqual([
        null,
        null,
        null,
      ]);
      const pr = await h.store.getPullRequest('github', PR_ID);
      expect(pr!.reviews.map(r => r.reviewer).sort()).toEqual([
        'ada',
        'grace',
        'lin',
      ]);
    });

    it('keeps every change when deliveries about one PR are processed at the same time', async () => {
      const h = await harness();
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      const grown = {
        ...OPENED_PR,
        additions: 30,
        deletions: 5,
        changedFiles: 4,
        updatedAt: '2026-02-03T09:00:00Z',
      };
      const results = await Promise.all([
        h.github(
          'pull_request_review',
          reviewDelivery(
            'submitted',
            {
              id: 1,
              reviewer: 'grace',
              state: 'approved',
              submittedAt: '2026-02-03T10:00:00Z',
            },
            OPENED_PR,
          ),
        ),
        h.github(
          'pull_request_review',
          reviewDelivery(
            'submitted',
            {
              id: 2,
              reviewer: 'lin',
              state: 'commented',
              submittedAt: '2026-02-03T10:01:00Z',
            },
            OPENED_PR,
          ),
        ),
        h.github('pull_request', pullRequestDelivery('synchronize', grown)),
        h.github(
          'push',
          pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS),
        ),
      ]);
      expect(results.map(r => [r.duplicate, r.processed, r.events])).toEqual([
        [false, true, 1],
        [false, true, 1],
        [false, true, 1],
        [false, true, 1],
      ]);
      const pr = await h.store.getPullRequest('github', PR_ID);
      expect(pr).toMatchObject({
        additions: 30,
        deletions: 5,
        changedFiles: 4,
      });
      expect(pr!.reviews.map(r => r.reviewer).sort()).toEqual(['grace', 'lin']);
      expect(pr!.commits.map(c => c.sha)).toEqual(
        COUPON_COMMITS.map(c => c.id),
      );
    });

    it('records a delivery it cannot store with its error, the same way on every database', async () => {
      const h = await harness();
      const bad = pullRequestDelivery('closed', {
        ...OPENED_PR,
        closedAt: '2026-02-04T12:00:00Z',
      });
      bad.pull_request.merged_at = 'yesterday';
      expect(await h.github('pull_request', bad, 'bad-time')).toEqual({
        deliveryId: 'bad-time',
        duplicate: false,
        processed: false,
        events: 0,
      });
      const error =
        'InputError: pull_request acme/checkout#42: mergedAt is not a time: yesterday';
      // A payload that cannot be mapped is failed at once: no retry would cure it.
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'bad-time',
          processedAt: h.clock.now,
          attempts: 0,
          retryAt: null,
          error,
        },
      ]);
      expect(await h.store.countEvents()).toMatchObject({ pull_request: 0 });
      h.clock.now += 3600_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(0);
      expect(await h.webhooks.failedDeliveries()).toEqual({
        retrying: 0,
        failed: 1,
        items: [
          {
            id: expect.any(Number),
            source: 'github',
            deliveryId: 'bad-time',
            eventName: 'pull_request',
            receivedAt: '2026-03-01T00:00:00.000Z',
            failedAt: '2026-03-01T00:00:00.000Z',
            attempts: 0,
            error,
          },
        ],
      });
    });

    it('retries a delivery whose processing failed for a reason that may pass, until it is processed', async () => {
      const h = await harness();
      const received = h.clock.now;
      h.faults.failWrites = 2;
      // Acknowledged (stored) even though its processing failed.
      expect(
        await h.github(
          'pull_request',
          pullRequestDelivery('opened', OPENED_PR),
          'flaky-1',
        ),
      ).toEqual({
        deliveryId: 'flaky-1',
        duplicate: false,
        processed: false,
        events: 0,
      });
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'flaky-1',
          processedAt: null,
          attempts: 1,
          retryAt: received + 30_000,
          error: 'Error: simulated lost connection',
        },
      ]);
      expect(await h.webhooks.failedDeliveries()).toEqual({
        retrying: 1,
        failed: 0,
        items: [],
      });

      // The second attempt fails too: the third waits twice as long.
      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(1);
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'flaky-1',
          processedAt: null,
          attempts: 2,
          retryAt: h.clock.now + 60_000,
          error: 'Error: simulated lost connection',
        },
      ]);
      h.clock.now += 59_999;
      expect(await h.webhooks.resumeUnprocessed()).toBe(0);
      expect(await h.store.countEvents()).toMatchObject({ pull_request: 0 });

      h.clock.now += 1;
      expect(await h.webhooks.resumeUnprocessed()).toBe(1);
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'flaky-1',
          processedAt: h.clock.now,
          attempts: 0,
          retryAt: null,
          error: null,
        },
      ]);
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        title: 'Add coupon codes',
        entityRef: CHECKOUT,
      });
      expect(await h.webhooks.failedDeliveries()).toEqual({
        retrying: 0,
        failed: 0,
        items: [],
      });
      // The sender's retry of the delivery is a duplicate of the stored one.
      expect(
        await h.github(
          'pull_request',
          pullRequestDelivery('opened', OPENED_PR),
          'flaky-1',
        ),
      ).toMatchObject({ duplicate: true });
      expect(await h.rawDeliveries()).toHaveLength(1);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
    });

    it(`sets a delivery aside as failed after ${MAX_DELIVERY_ATTEMPTS} failed attempts, and replays it once the cause is gone`, async () => {
      const h = await harness();
      const received = h.clock.now;
      h.faults.failWrites = Number.MAX_SAFE_INTEGER;
      await h.pagerDuty(
        incidentWebhook({
          eventId: 'EV-down',
          eventType: 'incident.triggered',
          occurredAt: '2026-02-10T08:00:00Z',
        }),
      );
      h.clock.now += 60_000;
      const attempts = [(await h.retries())[0].attempts];
      for (let run = 0; run < 2 * MAX_DELIVERY_ATTEMPTS; run++) {
        h.clock.now += retryDelayMs(MAX_DELIVERY_ATTEMPTS);
        await h.webhooks.resumeUnprocessed();
        attempts.push((await h.retries())[0].attempts);
      }
      // One attempt per run until the tenth; then nothing is tried any more.
      expect(attempts).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
        10,
      ]);
      const failedAt =
        received + 60_000 + 9 * retryDelayMs(MAX_DELIVERY_ATTEMPTS);
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'EV-down',
          processedAt: failedAt,
          attempts: 10,
          retryAt: null,
          error: 'Error: simulated lost connection',
        },
      ]);
      expect(await h.webhooks.failedDeliveries()).toEqual({
        retrying: 0,
        failed: 1,
        items: [
          {
            id: expect.any(Number),
            source: 'pagerduty',
            deliveryId: 'EV-down',
            eventName: 'incident.triggered',
            receivedAt: new Date(received).toISOString(),
            failedAt: new Date(failedAt).toISOString(),
            attempts: 10,
            error: 'Error: simulated lost connection',
          },
        ],
      });
      expect(await h.store.countEvents()).toMatchObject({ incident: 0 });

      h.faults.failWrites = 0;
      expect(await h.webhooks.replay()).toBe(1);
      expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toMatchObject({
        status: 'triggered',
        entityRef: CHECKOUT,
      });
      expect(await h.webhooks.failedDeliveries()).toEqual({
        retrying: 0,
        failed: 0,
        items: [],
      });
    });

    it('retries a processed delivery whose replay failed for a reason that may pass', async () => {
      const h = await harness();
      await h.github(
        'pull_request',
        pullRequestDelivery('opened', OPENED_PR),
        'replayed',
      );
      await h.knex('qs_pull_requests').delete();
      h.faults.failWrites = 1;
      expect(await h.webhooks.replay()).toBe(1);
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'replayed',
          processedAt: null,
          attempts: 1,
          retryAt: h.clock.now + 30_000,
          error: 'Error: simulated lost connection',
        },
      ]);
      h.clock.now += 61_000;
      expect(await h.webhooks.resumeUnprocessed()).toBe(1);
      expect(await h.store.countEvents()).toMatchObject({ pull_request: 1 });
      expect((await h.retries())[0]).toMatchObject({
        processedAt: h.clock.now,
        attempts: 0,
        error: null,
      });
    });

    it('fails a delivery at once when the database refuses its values as data', async () => {
      const h = await harness();
      // A PR number beyond PostgreSQL's integer column; SQLite stores it.
      const huge = pullRequestDelivery('opened', {
        ...OPENED_PR,
        number: 2 ** 31,
      });
      const result = await h.github('pull_request', huge, 'huge-number');
      // What each database makes of it: PostgreSQL refuses the value (a
      // data exception, no retry would cure it), SQLite stores it.
      const refused = databaseId === 'POSTGRES_15';
      const outOfRange = expect.stringMatching(/out of range for type integer/);
      expect(result).toMatchObject(
        refused
          ? { processed: false, events: 0 }
          : { processed: true, events: 1 },
      );
      expect(await h.retries()).toEqual([
        {
          deliveryId: 'huge-number',
          processedAt: h.clock.now,
          attempts: 0,
          retryAt: null,
          error: refused ? outOfRange : null,
        },
      ]);
      expect(await h.webhooks.failedDeliveries()).toMatchObject({
        retrying: 0,
        failed: refused ? 1 : 0,
      });
      expect(await h.store.countEvents()).toMatchObject({
        pull_request: refused ? 0 : 1,
      });
    });

    it('replays stored deliveries into the same state after the normalized rows are lost', async () => {
      const h = await harness();
      await h.github(
        'push',
        pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS),
      );
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'submitted',
          {
            id: 1,
            reviewer: 'grace',
            state: 'approved',
            submittedAt: '2026-02-03T10:00:00Z',
          },
          OPENED_PR,
        ),
      );
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'dismissed',
          {
            id: 1,
            reviewer: 'grace',
            state: 'dismissed',
            submittedAt: '2026-02-03T10:00:00Z',
          },
          OPENED_PR,
        ),
      );
      await h.pagerDuty(
        incidentWebhook({
          eventId: 'EV-1',
          eventType: 'incident.triggered',
          occurredAt: '2026-02-10T08:00:00Z',
        }),
      );
      await h.pagerDuty(
        incidentWebhook({
          eventId: 'EV-2',
          eventType: 'incident.resolved',
          occurredAt: '2026-02-10T09:00:00Z',
        }),
      );
      const pr = await h.store.getPullRequest('github', PR_ID);
      const incident = await h.store.getIncident('pagerduty', 'Q1CHK0UT');

      // Replaying over the stored state changes nothing.
      expect(await h.webhooks.replay()).toBe(6);
      expect(await h.store.getPullRequest('github', PR_ID)).toEqual(pr);
      expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toEqual(
        incident,
      );

      await h.knex('qs_pull_requests').delete();
      await h.knex('qs_push_commits').delete();
      await h.knex('qs_incidents').delete();
      expect(await h.webhooks.replay({ source: 'github' })).toBe(4);
      expect(await h.store.getPullRequest('github', PR_ID)).toEqual(pr);
      expect(
        await h.store.getIncident('pagerduty', 'Q1CHK0UT'),
      ).toBeUndefined();
      expect(await h.webhooks.replay({ source: 'pagerduty' })).toBe(2);
      expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toEqual(
        incident,
      );
      expect(await h.rawDeliveries()).toHaveLength(6);
    });
  },
);

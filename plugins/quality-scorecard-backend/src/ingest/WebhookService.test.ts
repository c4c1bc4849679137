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
import { GITHUB_SECRET, createIngestHarness } from '../__fixtures__/ingestHarness';
import { PD_SERVICE, incidentWebhook } from '../__fixtures__/pagerduty';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CHECKOUT = 'component:default/checkout';
const PR_ID = 'acme/checkout#42';

/** Makes chosen store calls fail, as if the process died or the database went away. */
class Faults {
  crashAfterRawWrite = false;
  failMarking = false;
  wrap = (store: QualityStore): QualityStore => {
    // eslint-disable-next-line consistent-this
    const faults = this;
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'insertRawDelivery') {
          return async (...args: any[]) => {
            const result = await value.apply(target, args);
            if (faults.crashAfterRawWrite) throw new Error('simulated crash after the raw write');
            return result;
          };
        }
        if (prop === 'markDeliveryProcessed') {
          return async (...args: any[]) => {
            if (faults.failMarking) throw new Error('simulated lost connection');
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  };
}

describe.each(databases.eachSupportedId())('WebhookService on %p', databaseId => {
  async function harness() {
    const faults = new Faults();
    const knex = await databases.init(databaseId);
    const h = await createIngestHarness(knex, {
      repositories: { 'acme/checkout': CHECKOUT },
      pagerDutyServices: { [PD_SERVICE]: CHECKOUT },
      wrapStore: faults.wrap,
    });
    return { ...h, faults };
  }

  it('resumes a delivery that was stored but not processed, and stores it once when it is sent again', async () => {
    const h = await harness();
    const pr = pullRequestDelivery('opened', OPENED_PR);
    h.faults.crashAfterRawWrite = true;
    await expect(h.github('pull_request', pr, 'crash-1')).rejects.toThrow('simulated crash after the raw write');
    await expect(
      h.pagerDuty(incidentWebhook({ eventId: 'EV-crash', eventType: 'incident.triggered', occurredAt: '2026-02-10T08:00:00Z' })),
    ).rejects.toThrow('simulated crash after the raw write');
    h.faults.crashAfterRawWrite = false;
    expect((await h.rawDeliveries()).map(r => [r.delivery_id, r.processed_at])).toEqual([
      ['crash-1', null],
      ['EV-crash', null],
    ]);
    expect(await h.store.countEvents()).toEqual({ pull_request: 0, deployment: 0, incident: 0, bug: 0 });

    // Deliveries younger than a minute may still be in flight: left alone.
    expect(await h.webhooks.resumeUnprocessed()).toBe(0);
    h.clock.now += 61_000;
    expect(await h.webhooks.resumeUnprocessed()).toBe(2);
    expect(await h.store.countEvents()).toEqual({ pull_request: 1, deployment: 0, incident: 1, bug: 0 });
    expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({ title: 'Add coupon codes', entityRef: CHECKOUT });
    expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toMatchObject({
      createdAt: '2026-02-10T08:00:00.000Z',
      entityRef: CHECKOUT,
    });
    expect((await h.rawDeliveries()).map(r => [r.delivery_id, r.processed_at, r.error])).toEqual([
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
    expect(await h.store.countEvents()).toEqual({ pull_request: 1, deployment: 0, incident: 1, bug: 0 });
  });

  it('re-processes a delivery whose events were written but not marked processed without doubling them', async () => {
    const h = await harness();
    await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
    await h.github('push', pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS));
    h.faults.failMarking = true;
    const review = reviewDelivery(
      'submitted',
      { id: 9001, reviewer: 'grace', state: 'approved', submittedAt: '2026-02-03T10:00:00Z' },
      OPENED_PR,
    );
    expect(await h.github('pull_request_review', review, 'review-1')).toEqual({
      deliveryId: 'review-1',
      duplicate: false,
      processed: false,
      events: 0,
    });
    const push = pushDelivery('refs/heads/feature/coupons', [
      { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0003', message: 'Round down', timestamp: '2026-02-02T12:00:00Z', author: 'ada' },
    ]);
    expect(await h.github('push', push, 'push-2')).toMatchObject({ processed: false });
    h.faults.failMarking = false;
    const before = await h.store.getPullRequest('github', PR_ID);
    expect(before!.reviews).toHaveLength(1);
    expect(before!.commits).toHaveLength(3);

    h.clock.now += 61_000;
    expect(await h.webhooks.resumeUnprocessed()).toBe(2);
    expect(await h.store.getPullRequest('github', PR_ID)).toEqual(before);
    expect(Number((await h.knex('qs_push_commits').count({ n: '*' }))[0].n)).toBe(3);
    expect((await h.rawDeliveries()).every(r => r.processed_at !== null && r.error === null)).toBe(true);
  });

  it('ends a resume run when deliveries cannot be marked processed, and retries them on the next run', async () => {
    const h = await harness();
    h.faults.crashAfterRawWrite = true;
    for (const id of ['a', 'b', 'c']) {
      await expect(h.github('pull_request', pullRequestDelivery('opened', OPENED_PR), id)).rejects.toThrow();
    }
    h.faults.crashAfterRawWrite = false;
    h.faults.failMarking = true;
    h.clock.now += 61_000;
    expect(await h.webhooks.resumeUnprocessed()).toBe(3);
    expect((await h.rawDeliveries()).map(r => r.processed_at)).toEqual([null, null, null]);
    h.faults.failMarking = false;
    expect(await h.webhooks.resumeUnprocessed()).toBe(3);
    expect((await h.rawDeliveries()).map(r => r.processed_at)).toEqual([h.clock.now, h.clock.now, h.clock.now]);
    expect(await h.store.countEvents()).toMatchObject({ pull_request: 1 });
  });

  it('stores one delivery when the same X-GitHub-Delivery arrives twice at once', async () => {
    const h = await harness();
    const body = JSON.stringify(pullRequestDelivery('opened', OPENED_PR));
    const signature = await sign(GITHUB_SECRET, body);
    const send = () =>
      h.webhooks.receiveGithub({
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
            if (prop !== 'serialize') return typeof value === 'function' ? value.bind(target) : value;
            return async (...args: any[]) => {
              if (slow) await new Promise(r => setTimeout(r, 300));
              return value.apply(target, args);
            };
          },
        }),
    });
    const review = (id: number, reviewer: string) =>
      h.github('pull_request_review', reviewDelivery('submitted', { id, reviewer, state: 'approved', submittedAt: `2026-02-03T10:0${id}:00Z` }, OPENED_PR));
    const results = await Promise.all([review(1, 'grace'), review(2, 'lin'), review(3, 'ada')]);
    expect(results.map(r => [r.processed, r.queued ?? false])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect((await h.rawDeliveries()).length).toBe(3);
    slow = false;
    // Still processed, in turn, without the sender.
    for (let i = 0; i < 50 && (await h.rawDeliveries()).some(r => r.processed_at === null); i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect((await h.rawDeliveries()).map(r => r.error ?? null)).toEqual([null, null, null]);
    const pr = await h.store.getPullRequest('github', PR_ID);
    expect(pr!.reviews.map(r => r.reviewer).sort()).toEqual(['ada', 'grace', 'lin']);
  });

  it('keeps every change when deliveries about one PR are processed at the same time', async () => {
    const h = await harness();
    await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
    const grown = { ...OPENED_PR, additions: 30, deletions: 5, changedFiles: 4, updatedAt: '2026-02-03T09:00:00Z' };
    const results = await Promise.all([
      h.github(
        'pull_request_review',
        reviewDelivery('submitted', { id: 1, reviewer: 'grace', state: 'approved', submittedAt: '2026-02-03T10:00:00Z' }, OPENED_PR),
      ),
      h.github(
        'pull_request_review',
        reviewDelivery('submitted', { id: 2, reviewer: 'lin', state: 'commented', submittedAt: '2026-02-03T10:01:00Z' }, OPENED_PR),
      ),
      h.github('pull_request', pullRequestDelivery('synchronize', grown)),
      h.github('push', pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS)),
    ]);
    expect(results.map(r => [r.duplicate, r.processed, r.events])).toEqual([
      [false, true, 1],
      [false, true, 1],
      [false, true, 1],
      [false, true, 1],
    ]);
    const pr = await h.store.getPullRequest('github', PR_ID);
    expect(pr).toMatchObject({ additions: 30, deletions: 5, changedFiles: 4 });
    expect(pr!.reviews.map(r => r.reviewer).sort()).toEqual(['grace', 'lin']);
    expect(pr!.commits.map(c => c.sha)).toEqual(COUPON_COMMITS.map(c => c.id));
  });

  it('records a delivery it cannot store with its error, the same way on every database', async () => {
    const h = await harness();
    const bad = pullRequestDelivery('closed', { ...OPENED_PR, closedAt: '2026-02-04T12:00:00Z' });
    bad.pull_request.merged_at = 'yesterday';
    expect(await h.github('pull_request', bad, 'bad-time')).toEqual({
      deliveryId: 'bad-time',
      duplicate: false,
      processed: false,
      events: 0,
    });
    const [raw] = await h.rawDeliveries();
    expect(raw).toMatchObject({ delivery_id: 'bad-time', processed_at: h.clock.now });
    expect(raw.error).toBe('InputError: pull_request acme/checkout#42: mergedAt is not a time: yesterday');
    expect(await h.store.countEvents()).toMatchObject({ pull_request: 0 });
  });

  it('replays stored deliveries into the same state after the normalized rows are lost', async () => {
    const h = await harness();
    await h.github('push', pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS));
    await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
    await h.github(
      'pull_request_review',
      reviewDelivery('submitted', { id: 1, reviewer: 'grace', state: 'approved', submittedAt: '2026-02-03T10:00:00Z' }, OPENED_PR),
    );
    await h.github(
      'pull_request_review',
      reviewDelivery('dismissed', { id: 1, reviewer: 'grace', state: 'dismissed', submittedAt: '2026-02-03T10:00:00Z' }, OPENED_PR),
    );
    await h.pagerDuty(incidentWebhook({ eventId: 'EV-1', eventType: 'incident.triggered', occurredAt: '2026-02-10T08:00:00Z' }));
    await h.pagerDuty(incidentWebhook({ eventId: 'EV-2', eventType: 'incident.resolved', occurredAt: '2026-02-10T09:00:00Z' }));
    const pr = await h.store.getPullRequest('github', PR_ID);
    const incident = await h.store.getIncident('pagerduty', 'Q1CHK0UT');

    // Replaying over the stored state changes nothing.
    expect(await h.webhooks.replay()).toBe(6);
    expect(await h.store.getPullRequest('github', PR_ID)).toEqual(pr);
    expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toEqual(incident);

    await h.knex('qs_pull_requests').delete();
    await h.knex('qs_push_commits').delete();
    await h.knex('qs_incidents').delete();
    expect(await h.webhooks.replay({ source: 'github' })).toBe(4);
    expect(await h.store.getPullRequest('github', PR_ID)).toEqual(pr);
    expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toBeUndefined();
    expect(await h.webhooks.replay({ source: 'pagerduty' })).toBe(2);
    expect(await h.store.getIncident('pagerduty', 'Q1CHK0UT')).toEqual(incident);
    expect(await h.rawDeliveries()).toHaveLength(6);
  });
});

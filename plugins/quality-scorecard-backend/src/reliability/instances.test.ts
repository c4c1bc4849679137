/*
 * Two backend instances on one PostgreSQL database, in one process: two sets
 * of ingestion and webhook services over the same database, as two backend
 * processes would have. Deliveries about one pull request reach both at once
 * (GitHub spreads them over a load balancer); every change must be kept.
 * (test/reliability/instances.js proves the same with two real processes.)
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { QualityStore } from '../database/QualityStore';
import {
  OPENED_PR,
  pullRequestDelivery,
  reviewDelivery,
} from '../__fixtures__/github';
import { createIngestHarness } from '../__fixtures__/ingestHarness';

jest.setTimeout(60_000);

// SQLite is one file of one process: several instances need PostgreSQL.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'two instances on %p',
  databaseId => {
    it('keep every review when deliveries about one PR reach both at the same time', async () => {
      const knex = await databases.init(databaseId);
      const options = {
        repositories: { 'acme/checkout': 'component:default/checkout' },
      };
      const a = await createIngestHarness(knex, options);
      const b = await createIngestHarness(knex, options);
      await a.github(
        'pull_request',
        pullRequestDelivery('opened', OPENED_PR),
        'open',
      );
      const reviewers = Array.from({ length: 16 }, (_, i) => `reviewer${i}`);
      const results = await Promise.all(
        reviewers.map((reviewer, i) =>
          (i % 2 ? b : a).github(
            'pull_request_review',
            reviewDelivery(
              'submitted',
              {
                id: i + 1,
                reviewer,
                state: 'approved',
                submittedAt: `2026-02-03T10:${String(i).padStart(2, '0')}:00Z`,
              },
              OPENED_PR,
            ),
            `review-${i}`,
          ),
        ),
      );
      expect(results.every(r => r.processed)).toBe(true);
      const pr = await a.store.getPullRequest('github', 'acme/checkout#42');
      expect(pr!.reviews.map(r => r.reviewer).sort()).toEqual(
        [...reviewers].sort(),
      );
    });

    it('lose reviews without the lock (what the test above guards against)', async () => {
      const knex = await databases.init(databaseId);
      // Hides serialize: each instance then serializes only its own deliveries.
      const withoutLock = (store: QualityStore) =>
        new Proxy(store, {
          get: (target, prop, receiver) => {
            if (prop === 'serialize') return undefined;
            const value = Reflect.get(target, prop, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      const options = {
        repositories: { 'acme/checkout': 'component:default/checkout' },
        wrapStore: withoutLock,
      };
      const a = await createIngestHarness(knex, options);
      const b = await createIngestHarness(knex, options);
      await a.github(
        'pull_request',
        pullRequestDelivery('opened', OPENED_PR),
        'open',
      );
      const reviewers = Array.from({ length: 16 }, (_, i) => `reviewer${i}`);
      await Promise.all(
        reviewers.map((reviewer, i) =>
          (i % 2 ? b : a).github(
            'pull_request_review',
            reviewDelivery(
              'submitted',
              {
                id: i + 1,
                reviewer,
                state: 'approved',
                submittedAt: `2026-02-03T10:${String(i).padStart(2, '0')}:00Z`,
              },
              OPENED_PR,
            ),
            `review-${i}`,
          ),
        ),
      );
      const pr = await a.store.getPullRequest('github', 'acme/checkout#42');
      expect(pr!.reviews.length).toBeLessThan(reviewers.length);
    });
  },
);

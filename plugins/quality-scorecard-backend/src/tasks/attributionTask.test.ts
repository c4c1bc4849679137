import { TestDatabases } from '@backstage/backend-test-utils';
import { createIngestHarness } from '../__fixtures__/ingestHarness';
import { pullRequest } from '../__fixtures__/events';
import { OPENED_PR, pullRequestDelivery } from '../__fixtures__/github';
import { attributionTask } from './attributionTask';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'attributionTask on %p',
  databaseId => {
    it('is scheduled as often as the annotation index refreshes, at least every 10 s', () => {
      const noop = {
        resumeUnprocessed: async () => 0,
        reattribute: async () => 0,
      };
      const task = (refreshIntervalMs: number) =>
        attributionTask({ webhooks: noop, ingestion: noop, refreshIntervalMs });
      expect(task(60_000)).toMatchObject({
        id: 'quality-scorecard-attribution',
        frequency: { seconds: 60 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 15 },
      });
      expect(task(1_000).frequency).toEqual({ seconds: 10 });
    });

    it('processes stored deliveries left unprocessed and attributes events the catalog now matches', async () => {
      const knex = await databases.init(databaseId);
      const h = await createIngestHarness(knex, {});
      // An event of a repository no entity claims yet.
      await h.ingestion.ingest([
        pullRequest({ id: 'acme/search#1', repository: 'acme/search' }),
      ]);
      // A delivery stored before a crash, never processed.
      await h.store.insertRawDelivery({
        source: 'github',
        deliveryId: 'left-behind',
        eventName: 'pull_request',
        payload: JSON.stringify(pullRequestDelivery('opened', OPENED_PR)),
        receivedAt: h.clock.now - 120_000,
      });
      h.annotations.repositories.set('acme/search', 'component:default/search');

      const task = attributionTask({
        webhooks: h.webhooks,
        ingestion: h.ingestion,
        refreshIntervalMs: 60_000,
      });
      await task.fn(new AbortController().signal);

      expect(await h.rawDeliveries()).toEqual([
        expect.objectContaining({
          delivery_id: 'left-behind',
          processed_at: h.clock.now,
          error: null,
        }),
      ]);
      const attributed = await knex('qs_pull_requests')
        .where('external_id', 'acme/search#1')
        .select('entity_ref');
      expect(attributed).toEqual([{ entity_ref: 'component:default/search' }]);
    });
  },
);

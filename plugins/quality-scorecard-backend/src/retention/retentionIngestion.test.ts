import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createIngestHarness } from '../__fixtures__/ingestHarness';
import { deployment, pullRequest } from '../__fixtures__/events';
import { pushDelivery } from '../__fixtures__/github';
import { DAY_MS } from '../engine/time';
import { RetentionStore } from './RetentionStore';
import { RetentionService } from './RetentionService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NOW = Date.parse('2026-11-20T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const THREE_YEARS_AGO = NOW - 3 * 365 * DAY_MS;
const RECENT = NOW - 3_600_000;

const PERIODS = {
  rawDeliveries: 30 * DAY_MS,
  events: 730 * DAY_MS,
  snapshots: 1095 * DAY_MS,
  checkHistory: 730 * DAY_MS,
  notificationEpisodes: 365 * DAY_MS,
  exemptionAudit: 2555 * DAY_MS,
};

const oldOpenPr = (i: number, mergedAt: string | null = null) =>
  pullRequest({
    id: `acme/payments#${i}`,
    number: i,
    createdAt: iso(THREE_YEARS_AGO + i * 60_000),
    mergedAt,
    closedAt: mergedAt,
  });

describe.each(databases.eachSupportedId())(
  'retention during ingestion on %p',
  databaseId => {
    it('loses no event or delivery that ingestion accepts while it runs', async () => {
      const knex = await databases.init(databaseId);
      const harness = await createIngestHarness(knex, {
        repositories: { 'acme/payments': 'component:default/payments' },
      });
      harness.clock.now = NOW;

      // Past their period: 150 deployments, 60 raw deliveries, 20 open PRs.
      await harness.ingestion.ingest(
        Array.from({ length: 150 }, (_, i) =>
          deployment({
            id: `old-deploy-${i}`,
            finishedAt: iso(THREE_YEARS_AGO + i * 60_000),
          }),
        ),
      );
      await harness.ingestion.ingest(
        Array.from({ length: 20 }, (_, i) => oldOpenPr(i + 1)),
      );
      await knex('qs_raw_deliveries').insert(
        Array.from({ length: 60 }, (_, i) => ({
          source: 'github',
          delivery_id: `old-delivery-${i}`,
          event_name: 'push',
          received_at: NOW - 60 * DAY_MS,
          payload: '{}',
        })),
      );

      // Small batches, so that ingestion's writes fall between them.
      const service = new RetentionService(
        await RetentionStore.create({
          database: { getClient: async () => knex },
        }),
        {
          periodsMs: PERIODS,
          batchSize: 5,
          logger: mockServices.logger.mock(),
        },
      );
      const order: string[] = [];
      knex.on('query', (q: { sql: string }) => {
        if (
          /^delete from [`"]?qs_(deployments|raw_deliveries)[`"]?/i.test(q.sql)
        )
          order.push('retention');
        if (
          /^insert into [`"]?qs_(deployments|pull_requests|raw_deliveries)[`"]?/i.test(
            q.sql,
          )
        )
          order.push('ingestion');
      });

      let accepted = 0;
      const webhookAnswers: object[] = [];
      async function ingestMeanwhile() {
        for (let i = 0; i < 30; i++) {
          const result = await harness.ingestion.ingest([
            deployment({ id: `new-deploy-${i}`, finishedAt: iso(RECENT) }),
            pullRequest({
              id: `acme/payments#${100 + i}`,
              number: 100 + i,
              createdAt: iso(RECENT - DAY_MS),
              mergedAt: iso(RECENT),
              closedAt: iso(RECENT),
            }),
            // An old PR merged just now: young again, it must stay.
            ...(i < 20 ? [oldOpenPr(i + 1, iso(RECENT))] : []),
          ]);
          accepted += result.accepted;
          if (i % 3 === 0) {
            const answer = await harness.github(
              'push',
              pushDelivery('refs/heads/feature', [
                {
                  id: `${String(i).padStart(2, '0')}${'a'.repeat(38)}`,
                  message: 'Work',
                  timestamp: iso(RECENT),
                  author: 'ada',
                },
              ]),
              `push-${i}`,
            );
            webhookAnswers.push({
              duplicate: answer.duplicate,
              processed: answer.processed,
            });
          }
        }
      }

      const [report] = await Promise.all([service.run(NOW), ingestMeanwhile()]);

      // The two really ran at once: ingestion wrote between retention's batches.
      const first = order.indexOf('retention');
      const last = order.lastIndexOf('retention');
      expect(
        order.slice(first, last).filter(o => o === 'ingestion').length,
      ).toBeGreaterThan(0);

      expect(accepted).toBe(30 + 30 + 20);
      expect(webhookAnswers).toEqual(
        Array(10).fill({ duplicate: false, processed: true }),
      );
      expect(report.deleted).toMatchObject({
        qs_deployments: 150,
        qs_raw_deliveries: 60,
      });

      const deployments = (await knex('qs_deployments').select('external_id'))
        .map(r => r.external_id)
        .sort();
      expect(deployments).toEqual(
        Array.from({ length: 30 }, (_, i) => `new-deploy-${i}`).sort(),
      );
      const prs = await knex('qs_pull_requests').select('number', 'merged_at');
      expect(prs.map(r => Number(r.number)).sort((a, b) => a - b)).toEqual([
        ...Array.from({ length: 20 }, (_, i) => i + 1),
        ...Array.from({ length: 30 }, (_, i) => 100 + i),
      ]);
      expect(prs.every(r => Number(r.merged_at) === RECENT)).toBe(true);
      expect(
        (
          await knex('qs_raw_deliveries').orderBy('id').select('delivery_id')
        ).map(r => r.delivery_id),
      ).toEqual(Array.from({ length: 10 }, (_, i) => `push-${i * 3}`));
      expect(
        Number((await knex('qs_push_commits').count({ n: '*' }))[0].n),
      ).toBe(10);
    });
  },
);

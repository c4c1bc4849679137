import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { generateDemoEvents } from '../demo/demoData';
import { BUILT_IN_RULES } from '../engine/policy';
import { parseAiPolicies, readAiPolicies } from '../config/aiPolicies';
import { DEFAULT_AI_DETECTION } from '../engine/aiDetection';
import { createScorecardServices, ScorecardServices } from '../scorecards/scorecardServices';
import type { ScorecardServiceOptions } from '../scorecards/scorecardOptions';
import { OwnershipService } from '../scorecards/OwnershipService';
import { RecomputeWorkers } from './RecomputeWorkers';
import { defaultWindow, Window } from '../engine/scorecardDocument';
import { gunzipSync } from 'zlib';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';

/** What a read sends: 'stored' (the stored rendering) or 'computed', and its JSON text. */
async function read(service: ScorecardServices, ref: string, window: Window) {
  const body = await service.reader.entityScorecardBody(ref, window);
  return 'gzip' in body
    ? { source: 'stored', text: gunzipSync(body.gzip).toString('utf8') }
    : { source: 'computed', text: body.json };
}
const bodyOf = (d: any) => gunzipSync(d.body_gzip).toString('utf8');

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const END = Date.parse('2026-11-23T00:00:00Z'); // a Monday

// Two policies, one of them only for the payments system: the worker rebuilds
// both from this config and applies each entity's by id.
const POLICY_CONFIG = {
  aiPolicies: [
    {
      id: 'ai-review',
      title: 'AI-assisted changes are reviewed by another human',
      rules: [
        { id: 'human-approvals', options: { min: 1 } },
        { id: 'no-self-merge' },
        { id: 'approval-after-last-commit' },
      ],
    },
    {
      id: 'payments-size',
      title: 'Small AI changes in payments',
      filter: { system: ['payments'] },
      rules: [{ id: 'size-limit', options: { maxChangedLines: 200 } }],
    },
  ],
};

const component = (name: string, system?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team', system },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team' }],
});

async function setup(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const events = generateDemoEvents({ endAt: END });
  const refs = [...new Set(events.map(e => e.entityRef!))].sort();
  const ownership = new OwnershipService(
    catalogServiceMock({
      entities: refs.map((ref, i) =>
        component(ref.split('/')[1], i % 2 === 0 ? 'payments' : undefined),
      ) as any,
    }),
    mockServices.auth(),
  );
  await store.writeEvents(
    events.map(e => ({ ...e, resolvedEntityRef: e.entityRef! })),
    { demo: false, now: END },
  );
  const logger = mockServices.logger.mock();
  const options = (
    workers?: RecomputeWorkers,
  ): ScorecardServiceOptions => ({
    engine: { productionEnvironments: ['production'] },
    policies: readAiPolicies(
      new ConfigReader({ qualityScorecard: POLICY_CONFIG }),
      [...BUILT_IN_RULES],
    ),
    aggregate: {
      minSampleSize: 5,
      timeToRestoreAggregation: 'median',
      baselineWeeks: 12, signals: DEFAULT_SIGNAL_SETTINGS,
    },
    seriesWeeks: 26,
    contextWeeks: 4,
    workers,
    version: '1.2.3',
    logger,
  });
  const workers = new RecomputeWorkers({
    logger,
    threads: 2,
    engine: {
      productionEnvironments: ['production'],
      aiDetection: DEFAULT_AI_DETECTION,
      aiPolicies: parseAiPolicies(new ConfigReader({ qualityScorecard: POLICY_CONFIG })),
    },
  });
  const threaded = createScorecardServices(store, ownership, options(workers));
  const inThread = createScorecardServices(store, ownership, options());
  return { knex, store, refs, workers, threaded, inThread, logger };
}

const snapshotsOf = async (knex: any) =>
  (await knex('qs_snapshots').orderBy(['entity_ref', 'week_start'])).map(
    (r: any) => ({
      ref: r.entity_ref,
      week: Number(r.week_start),
      stats: JSON.parse(r.stats),
      computedAt: Number(r.computed_at),
    }),
  );

describe.each(databases.eachSupportedId())(
  'recompute worker threads on %p',
  databaseId => {
    it('compute the same snapshots and scorecards as the main thread, and store the scorecards', async () => {
      const { knex, store, refs, workers, threaded, inThread, logger } =
        await setup(databaseId);
      try {
        expect(await inThread.recompute.recomputeDirty(() => END)).toBe(refs.length);
        const expected = await snapshotsOf(knex);
        // The in-thread service stores no scorecards.
        expect(
          Number((await knex('qs_scorecard_documents').count({ n: '*' }))[0].n),
        ).toBe(0);
        const violations = expected.reduce(
          (a: number, s: any) => a + s.stats.violations.length,
          0,
        );
        expect(violations).toBeGreaterThan(0);

        await threaded.recompute.markAllForFullRecompute(END);
        expect(await threaded.recompute.recomputeDirty(() => END)).toBe(refs.length);
        expect(workers.threaded).toBe(true);
        expect(await snapshotsOf(knex)).toEqual(expected);

        const stored = await knex('qs_scorecard_documents').orderBy('entity_ref');
        expect(stored.map((d: any) => d.entity_ref)).toEqual(refs);
        const versions = await store.snapshotVersions(refs);
        for (const ref of refs) {
          const { source, text } = await read(threaded, ref, defaultWindow(END));
          const doc = stored.find((d: any) => d.entity_ref === ref);
          expect(source).toBe('stored');
          expect(text).toBe(bodyOf(doc));
          expect(Number(doc.version)).toBe(versions.get(ref));
          expect(JSON.parse(text)).toEqual(
            await inThread.reader.entityScorecard(ref, defaultWindow(END)),
          );
        }
        expect(logger.warn).not.toHaveBeenCalled();
      } finally {
        await workers.close();
      }
    });

    it('serves a stored scorecard only while it is of the current snapshots, window and configuration', async () => {
      const { knex, store, refs, workers, threaded, inThread } =
        await setup(databaseId);
      try {
        await threaded.recompute.recomputeDirty(() => END);
        const ref = refs[0];
        const w = defaultWindow(END);
        const body = bodyOf(
          await knex('qs_scorecard_documents').where({ entity_ref: ref }).first(),
        );
        // Rewritten snapshots without a new rendering (another instance, an
        // older version): the stored text is a version behind and not served.
        const before = (await store.snapshotVersions([ref])).get(ref)!;
        await store.replaceSnapshotsMany([
          { entityRef: ref, rows: [], fromWeek: END - 7 * 86_400_000 },
        ]);
        expect((await store.snapshotVersions([ref])).get(ref)).toBe(before + 1);
        await knex('qs_scorecard_documents')
          .where({ entity_ref: ref })
          .update({ body_gzip: Buffer.from('not served') });
        const stale = await read(threaded, ref, w);
        expect(stale.source).toBe('computed');
        expect(JSON.parse(stale.text)).toEqual(
          await inThread.reader.entityScorecard(ref, w),
        );
        // Another window is computed, not the stored one.
        const other = { from: w.from - 7 * 86_400_000, to: w.to - 7 * 86_400_000 };
        const past = await read(threaded, refs[1], other);
        expect(past.source).toBe('computed');
        expect(JSON.parse(past.text)).toEqual(
          await inThread.reader.entityScorecard(refs[1], other),
        );
        // A refresh renders it again.
        await threaded.recompute.recomputeEntity(ref, END);
        const again = await knex('qs_scorecard_documents')
          .where({ entity_ref: ref })
          .first();
        expect(bodyOf(again)).toBe(body);
        expect(await read(threaded, ref, w)).toEqual({ source: 'stored', text: body });
        // Another configuration (here the plugin version) does not serve it.
        await knex('qs_scorecard_documents')
          .where({ entity_ref: ref })
          .update({ config_key: 'another' });
        expect((await read(threaded, ref, w)).source).toBe('computed');
      } finally {
        await workers.close();
      }
    });

    it('renders every stored scorecard again when a new week moves the default window', async () => {
      const { knex, refs, workers, threaded, inThread } = await setup(databaseId);
      try {
        await threaded.recompute.recomputeDirty(() => END);
        const week = (d: any) => [Number(d.first_week), Number(d.end_week)];
        const before = await knex('qs_scorecard_documents').orderBy('entity_ref');
        expect(new Set(before.map((d: any) => week(d).join()))).toEqual(
          new Set([[Date.parse('2026-10-26T00:00:00Z'), END].join()]),
        );
        // Nothing is dirty a week later; the run renders the new window's scorecards.
        const later = END + 7 * 86_400_000 + 3_600_000;
        expect(await threaded.recompute.recomputeDirty(() => later)).toBe(0);
        const after = await knex('qs_scorecard_documents').orderBy('entity_ref');
        expect(after.map((d: any) => d.entity_ref)).toEqual(refs);
        for (const d of after) {
          // The 28 days ending on Monday 01:00 touch five weeks: Nov 2 to Dec 7.
          expect(week(d)).toEqual([
            Date.parse('2026-11-02T00:00:00Z'),
            Date.parse('2026-12-07T00:00:00Z'),
          ]);
          expect(Number(d.rendered_at)).toBe(later);
          expect(await read(threaded, d.entity_ref, defaultWindow(later))).toEqual({
            source: 'stored',
            text: bodyOf(d),
          });
          expect(JSON.parse(bodyOf(d))).toEqual(
            await inThread.reader.entityScorecard(d.entity_ref, defaultWindow(later)),
          );
        }
        // And a run with everything current renders nothing.
        await threaded.recompute.recomputeDirty(() => later + 60_000);
        const again = await knex('qs_scorecard_documents').orderBy('entity_ref');
        expect(again.map((d: any) => Number(d.rendered_at))).toEqual(
          refs.map(() => later),
        );
      } finally {
        await workers.close();
      }
    });
  },
);

describe('RecomputeWorkers', () => {
  it('goes on in this thread, with the same results, once a worker dies', async () => {
    const logger = mockServices.logger.mock();
    const workers = new RecomputeWorkers({
      logger,
      threads: 1,
      engine: { productionEnvironments: ['production'], aiDetection: DEFAULT_AI_DETECTION },
    });
    // Per event type one JSON array of rows, each an array of the columns.
    const rows = {
      pullRequests: JSON.stringify([
        [
          'acme/payments#1', 1, 'Add', 'ada', 'u', 'acme/payments',
          Date.parse('2026-11-02T09:00:00Z'), Date.parse('2026-11-03T09:00:00Z'),
          Date.parse('2026-11-03T09:00:00Z'), 10, 2, 1, [], null, null, 'abc',
          'grace', null, null,
          [{ sha: 'abc', authoredAt: Date.parse('2026-11-02T08:00:00Z'), message: 'Add' }],
          [{ reviewer: 'grace', state: 'APPROVED', submittedAt: Date.parse('2026-11-03T08:00:00Z'), isBot: false }],
          0,
        ],
      ]),
      deployments: JSON.stringify([
        ['d1', 'production', 'success', null, Date.parse('2026-11-04T09:00:00Z'), 'abc', [1], 0],
      ]),
      incidents: '[]',
      bugs: '[]',
    };
    const job = { entityRef: 'component:default/a', rows, rewriteFrom: 0, now: END };
    try {
      const inWorker = await workers.compute(job);
      expect(inWorker.rows).toHaveLength(1);
      const stats = JSON.parse(inWorker.rows[0].stats);
      expect(stats).toMatchObject({ merged: 1, deployments: 1, reviewed: 1 });
      // lead time: 1 h coding + 24 h review + 24 h to deploy
      expect(stats.leadTimes).toEqual([49 * 3600]);
      await (workers as any).slots[0].worker.terminate();
      await new Promise(r => setTimeout(r, 50));
      expect(workers.threaded).toBe(false);
      expect(await workers.compute(job)).toEqual(inWorker);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    } finally {
      await workers.close();
    }
  });
});

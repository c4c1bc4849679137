import { gzipSync } from 'zlib';
import request from 'supertest';
import type { Server } from 'http';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  METRIC_DEFINITIONS,
  MetricValue,
  ScorecardResponse,
  ScorecardSummaryResponse,
  metricWithChart,
  summaryWeekStarts,
} from '@shewhart/plugin-quality-scorecard-common';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { DEMO_STORIES } from '../demo/demoData';

/*
 * `?view=summary` and `…/metrics/{metricId}/chart` on the real router, over
 * the demo history (ending now, so that the default window is served from
 * the stored renderings; an explicit 90-day window is computed): the
 * summary is the full scorecard without each metric's series and control
 * chart, and the chart route answers exactly the full view's part.
 */

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ENTITY = 'component:default/payments-api';
const ENTITY_PATH = '/scorecards/entity/component/default/payments-api';
const OWNER_PATH = '/scorecards/owner/group/default/demo-team';
const READER = 'user:default/reader';
const NO_BASIC = 'user:default/no-basic';
const NO_ENTITY = 'user:default/no-entity';

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'demo-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  ...DEMO_STORIES.map(s => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: s.component, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'demo-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/demo-team' }],
  })),
];

/** The fields a summary metric has: the full metric's but series and control, plus weekly (and signals with a chart). */
const summaryKeys = (full: MetricValue) =>
  [
    ...Object.keys(full).filter(k => k !== 'series' && k !== 'control'),
    'weekly',
    ...(full.control ? ['signals'] : []),
  ].sort();

const NINETY_DAYS = (() => {
  const to = new Date();
  const from = new Date(to.getTime() - 90 * 86_400_000);
  return `from=${from.toISOString()}&to=${to.toISOString()}`;
})();

describe.each(databases.eachSupportedId())(
  'scorecard views on %p',
  databaseId => {
    let server: Server;
    const get = (path: string, user = READER) =>
      request(server).get(`${BASE}${path}`).set(as(user));

    beforeAll(async () => {
      ({ server } = await startQualityBackend({
        knex: await databases.init(databaseId),
        entities: ENTITIES,
        qualityScorecard: { demoData: { enabled: true } },
        allow: ({ permission, user, resourceRef }) =>
          !(
            (user === NO_BASIC &&
              permission === 'quality-scorecard.scorecard.read') ||
            (user === NO_ENTITY &&
              permission === 'quality-scorecard.entity.read' &&
              resourceRef === ENTITY)
          ),
      }));
    });

    describe.each([
      ['the default window (stored rendering)', ''],
      ['a 90-day window (computed)', NINETY_DAYS],
    ])('the entity read, %s', (_name, window) => {
      const q = (extra?: string) =>
        [window, extra]
          .filter(Boolean)
          .join('&')
          .replace(/^(?=.)/, '?');

      it('summary: the same top-level fields; each metric without series and control', async () => {
        const full: ScorecardResponse = (
          await get(`${ENTITY_PATH}${q()}`).expect(200)
        ).body;
        const summary: ScorecardSummaryResponse = (
          await get(`${ENTITY_PATH}${q('view=summary')}`).expect(200)
        ).body;
        expect(full.metrics.map(m => m.id)).toEqual(
          METRIC_DEFINITIONS.map(d => d.id),
        );
        expect(Object.keys(summary)).toEqual(Object.keys(full));
        const { metrics: fullMetrics, ...fullTop } = full;
        const { metrics: summaryMetrics, ...summaryTop } = summary;
        expect(summaryTop).toEqual(fullTop);
        expect(summaryMetrics.map(m => m.id)).toEqual(
          METRIC_DEFINITIONS.map(d => d.id),
        );
        summaryMetrics.forEach((m, i) => {
          const f = fullMetrics[i];
          expect(Object.keys(m).sort()).toEqual(summaryKeys(f));
          expect('series' in m || 'control' in m).toBe(false);
          const { series, control, ...fields } = f;
          const { weekly, signals, ...summaryFields } = m;
          expect(summaryFields).toEqual(fields);
          expect(weekly).toEqual(
            series.map(p =>
              p.value === null ? null : Number(p.value.toPrecision(4)),
            ),
          );
          expect(signals).toEqual(control?.signals);
          expect(summaryWeekStarts(summary.window, weekly.length)).toEqual(
            series.map(p => p.start),
          );
        });
        // The demo has charts, signals and a band to keep.
        const lead = summaryMetrics.find(
          m => m.id === 'lead_time_for_changes',
        )!;
        expect(lead.weekly).toHaveLength(26);
        expect(lead.signals).toBeInstanceOf(Array);
        expect(summaryMetrics.some(m => (m.signals ?? []).length > 0)).toBe(
          true,
        );
      });

      it('view=full is the default', async () => {
        const byDefault = await get(`${ENTITY_PATH}${q()}`).expect(200);
        const full = await get(`${ENTITY_PATH}${q('view=full')}`).expect(200);
        expect(full.text).toBe(byDefault.text);
      });

      it("the chart route answers each metric's series and control as the full view holds them", async () => {
        const full: ScorecardResponse = (
          await get(`${ENTITY_PATH}${q()}`).expect(200)
        ).body;
        const summary: ScorecardSummaryResponse = (
          await get(`${ENTITY_PATH}${q('view=summary')}`).expect(200)
        ).body;
        for (const [i, metric] of full.metrics.entries()) {
          const res = await get(
            `${ENTITY_PATH}/metrics/${metric.id}/chart${q()}`,
          ).expect(200);
          expect(res.body).toEqual({
            entityRef: ENTITY,
            window: full.window,
            metric: metric.id,
            series: metric.series,
            ...(metric.control ? { control: metric.control } : {}),
          });
          // The summary and the chart make the full metric again.
          expect(metricWithChart(summary.metrics[i], res.body)).toEqual(metric);
        }
      });
    });

    it('the summary body is a small part of the full one', async () => {
      const full = await get(ENTITY_PATH).expect(200);
      const summary = await get(`${ENTITY_PATH}?view=summary`).expect(200);
      const sizes = {
        full: Buffer.byteLength(full.text),
        summary: Buffer.byteLength(summary.text),
        fullGzip: gzipSync(full.text).length,
        summaryGzip: gzipSync(summary.text).length,
      };
      // Measured on the demo entity (2026-12-04): 15,785 against 102,204 bytes;
      // 3,319 against 11,722 gzip-compressed.
      expect(sizes.summary * 4).toBeLessThan(sizes.full);
      expect(sizes.summaryGzip * 3).toBeLessThan(sizes.fullGzip);
    });

    it('sends the summary compressed to a client that accepts gzip, and as text to one that does not', async () => {
      const plain = await get(`${ENTITY_PATH}?view=summary`)
        .set('Accept-Encoding', 'identity')
        .expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const zipped = await get(`${ENTITY_PATH}?view=summary`)
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(/^application\/json/);
      expect(zipped.text).toBe(plain.text);
    });

    it.each([
      ['view=bogus', `${ENTITY_PATH}?view=bogus`],
      ['view=SUMMARY', `${ENTITY_PATH}?view=SUMMARY`],
      ['an owner with view=chart', `${OWNER_PATH}?view=chart`],
    ])('answers 400 naming view for %s', async (_name, path) => {
      const res = await get(path).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain('view');
    });

    it('answers 400 for a metric that does not exist', async () => {
      const res = await get(
        `${ENTITY_PATH}/metrics/no_such_metric/chart`,
      ).expect(400);
      expect(res.body.error.message).toContain('metricId');
    });

    it.each([
      ['the full read', ''],
      ['the summary', '?view=summary'],
      ['a chart', '/metrics/lead_time_for_changes/chart'],
    ])(
      'guards %s as the entity read: both permissions, then 401 without credentials',
      async (_name, suffix) => {
        const path = `${ENTITY_PATH}${suffix}`;
        const noBasic = await get(path, NO_BASIC).expect(403);
        expect(noBasic.body.error.message).toBe(
          `Not allowed: quality-scorecard.scorecard.read on ${ENTITY}`,
        );
        const noEntity = await get(path, NO_ENTITY).expect(403);
        expect(noEntity.body.error.message).toBe(
          `Not allowed: quality-scorecard.entity.read on ${ENTITY}`,
        );
        await request(server).get(`${BASE}${path}`).expect(401);
      },
    );

    it("the owner's summary and charts are the parts of its full roll-up", async () => {
      const full: ScorecardResponse = (await get(OWNER_PATH).expect(200)).body;
      const summary: ScorecardSummaryResponse = (
        await get(`${OWNER_PATH}?view=summary`).expect(200)
      ).body;
      expect(full.entities).toHaveLength(DEMO_STORIES.length);
      expect(Object.keys(summary)).toEqual(Object.keys(full));
      expect(summary.entities).toEqual(full.entities);
      summary.metrics.forEach((m, i) =>
        expect(Object.keys(m).sort()).toEqual(summaryKeys(full.metrics[i])),
      );
      for (const id of ['lead_time_for_changes', 'change_failure_rate']) {
        const chart = (
          await get(`${OWNER_PATH}/metrics/${id}/chart`).expect(200)
        ).body;
        const i = full.metrics.findIndex(m => m.id === id);
        expect(chart.series).toEqual(full.metrics[i].series);
        expect(chart.control).toEqual(full.metrics[i].control);
        expect(metricWithChart(summary.metrics[i], chart)).toEqual(
          full.metrics[i],
        );
      }
      await get(`${OWNER_PATH}?view=summary`, NO_BASIC).expect(403);
      await get(
        `${OWNER_PATH}/metrics/lead_time_for_changes/chart`,
        NO_BASIC,
      ).expect(403);
    });
  },
);

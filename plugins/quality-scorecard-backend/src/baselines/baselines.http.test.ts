import request from 'supertest';
import { gunzipSync } from 'zlib';
import { Knex } from 'knex';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { weekStartOf } from '../engine/time';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ENTITY = 'component:default/payments-api';
const PATH = 'component/default/payments-api';
const OWNER = 'user:default/ada';
const OUTSIDER = 'user:default/mallory';
const DAY = 86_400_000;

interface AuditRecord {
  eventId: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta?: object;
  error?: string;
}

/** An auditor that keeps its events, as the backend's would log them. */
function recordingAuditor(records: AuditRecord[]): AuditorService {
  return {
    async createEvent(options) {
      records.push({
        eventId: options.eventId,
        status: 'initiated',
        meta: options.meta,
      });
      return {
        async success(params) {
          records.push({
            eventId: options.eventId,
            status: 'succeeded',
            meta: { ...options.meta, ...params?.meta },
          });
        },
        async fail(params) {
          records.push({
            eventId: options.eventId,
            status: 'failed',
            meta: { ...options.meta, ...params.meta },
            error: `${params.error.name}: ${params.error.message}`,
          });
        },
      };
    },
  };
}

/** A deployment a day, one in four failing, over the last 27 weeks (the charts' series and more). */
function deployments(now: number) {
  return Array.from({ length: 189 }, (_, i) => ({
    type: 'deployment',
    id: `d${i}`,
    source: 'ci',
    entityRef: ENTITY,
    environment: 'production',
    status: i % 4 === 0 ? 'failure' : 'success',
    finishedAt: new Date(now - (i + 0.5) * DAY).toISOString(),
  }));
}

describe.each(databases.eachSupportedId())(
  'control-chart baselines over HTTP on %p',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const audits: AuditRecord[] = [];
      // Everyone reads; only the owner may start baselines on the entity.
      const { server, permissions } = await startQualityBackend({
        knex,
        allow: ({ permission, user, resourceRef }) =>
          permission !== 'quality-scorecard.baseline.manage' ||
          (user === OWNER && resourceRef === ENTITY),
        features: [
          mockServices.scheduler.mock().factory,
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => recordingAuditor(audits),
          }),
        ],
      });
      return { server, knex, audits, permissions };
    }

    const cfrChart = (body: any) =>
      body.metrics.find((m: any) => m.id === 'change_failure_rate').control;
    const manualPeriods = (chart: any) =>
      chart.baselines.filter((b: any) => b.source === 'manual');
    const count = async (knex: Knex) =>
      Number((await knex('qs_baselines').count({ n: '*' }))[0].n);

    it('starts a baseline that the stored and computed scorecards show at once, audited, and lists them in order', async () => {
      const { server, knex, audits } = await start();
      const now = Date.now();
      await request(server)
        .post(`${BASE}/events`)
        .set(as(OWNER))
        .send({ events: deployments(now) })
        .expect(200);
      // The refresh renders and stores the default-window scorecard.
      await request(server)
        .post(`${BASE}/scorecards/entity/${PATH}/refresh`)
        .set(as(OWNER))
        .expect(200);
      const storedBody = async () => {
        const doc = await knex('qs_scorecard_documents')
          .where({ entity_ref: ENTITY })
          .first();
        const version = await knex('qs_snapshot_versions')
          .where({ entity_ref: ENTITY })
          .first();
        return {
          current: Number(doc.version) === Number(version.version),
          body: JSON.parse(gunzipSync(doc.body_gzip).toString('utf8')),
        };
      };
      expect((await storedBody()).current).toBe(true);
      const before = await request(server)
        .get(`${BASE}/scorecards/entity/${PATH}`)
        .set(as(OWNER))
        .expect(200);
      expect(manualPeriods(cfrChart(before.body))).toEqual([]);
      // A read of another window, kept in memory.
      const window = `?from=${new Date(
        now - 56 * DAY,
      ).toISOString()}&to=${new Date(now).toISOString()}`;
      const otherBefore = await request(server)
        .get(`${BASE}/scorecards/entity/${PATH}${window}`)
        .set(as(OWNER))
        .expect(200);
      expect(manualPeriods(cfrChart(otherBefore.body))).toEqual([]);

      // Any time in the week: the period starts on its Monday.
      const from = new Date(
        weekStartOf(now) - 3 * 7 * DAY + 2.5 * DAY,
      ).toISOString();
      const weekStart = new Date(weekStartOf(now) - 3 * 7 * DAY).toISOString();
      const started = await request(server)
        .post(`${BASE}/baselines/entity/${PATH}`)
        .set(as(OWNER))
        .send({
          metric: 'change_failure_rate',
          from,
          reason: '  New canary stage in the deploy pipeline ',
        })
        .expect(201);
      expect(started.body).toEqual({
        id: expect.any(Number),
        entityRef: ENTITY,
        metric: 'change_failure_rate',
        from: weekStart,
        reason: 'New canary stage in the deploy pipeline',
        startedBy: OWNER,
        startedAt: expect.any(String),
      });
      expect(
        Math.abs(Date.parse(started.body.startedAt) - Date.now()),
      ).toBeLessThan(60_000);
      // The refresh of the entity above is audited too (scorecard-refresh).
      expect(audits.filter(a => a.eventId === 'baseline-start')).toEqual([
        {
          eventId: 'baseline-start',
          status: 'initiated',
          meta: { entityRef: ENTITY },
        },
        {
          eventId: 'baseline-start',
          status: 'succeeded',
          meta: {
            entityRef: ENTITY,
            baselineId: started.body.id,
            metric: 'change_failure_rate',
            from: weekStart,
            reason: 'New canary stage in the deploy pipeline',
            startedBy: OWNER,
          },
        },
      ]);

      // At once: the stored rendering is no longer current, so the read computes.
      expect((await storedBody()).current).toBe(false);
      const expected = {
        from: weekStart,
        to: null,
        source: 'manual',
        reason: 'New canary stage in the deploy pipeline',
        startedBy: OWNER,
        startedAt: started.body.startedAt,
      };
      for (const url of [
        `${BASE}/scorecards/entity/${PATH}`,
        `${BASE}/scorecards/entity/${PATH}${window}`,
      ]) {
        const after = await request(server).get(url).set(as(OWNER)).expect(200);
        expect([url, manualPeriods(cfrChart(after.body))]).toEqual([
          url,
          [expect.objectContaining(expected)],
        ]);
        // Only the chosen metric's chart.
        const others = after.body.metrics.filter(
          (m: any) => m.id !== 'change_failure_rate' && m.control?.baselines,
        );
        expect(others.flatMap((m: any) => manualPeriods(m.control))).toEqual(
          [],
        );
      }

      // The next rendering (here a refresh; otherwise the scheduled pass) stores it with the baseline.
      await request(server)
        .post(`${BASE}/scorecards/entity/${PATH}/refresh`)
        .set(as(OWNER))
        .expect(200);
      const rerendered = await storedBody();
      expect(rerendered.current).toBe(true);
      expect(manualPeriods(cfrChart(rerendered.body))).toEqual([
        expect.objectContaining(expected),
      ]);

      // A baseline of every metric from an earlier week: listed first.
      const earlier = await request(server)
        .post(`${BASE}/baselines/entity/${PATH}`)
        .set(as(OWNER))
        .send({
          from: new Date(weekStartOf(now) - 6 * 7 * DAY).toISOString(),
          reason: 'Team split',
        })
        .expect(201);
      expect(earlier.body).toMatchObject({
        metric: null,
        from: new Date(weekStartOf(now) - 6 * 7 * DAY).toISOString(),
      });
      const listed = await request(server)
        .get(`${BASE}/baselines/entity/${PATH}`)
        .set(as(OUTSIDER))
        .expect(200);
      expect(listed.body).toEqual({
        entityRef: ENTITY,
        baselines: [earlier.body, started.body],
      });
      const card = await request(server)
        .get(`${BASE}/scorecards/entity/${PATH}`)
        .set(as(OWNER))
        .expect(200);
      expect(
        manualPeriods(cfrChart(card.body)).map((b: any) => b.reason),
      ).toEqual(['Team split', 'New canary stage in the deploy pipeline']);
      const frequency = card.body.metrics.find(
        (m: any) => m.id === 'deployment_frequency',
      ).control;
      expect(manualPeriods(frequency).map((b: any) => b.reason)).toEqual([
        'Team split',
      ]);
      await request(server).get(`${BASE}/baselines/entity/${PATH}`).expect(401);
    });

    it('refuses bad input naming the field, and callers the policy denies; stores nothing', async () => {
      const { server, knex, audits, permissions } = await start();
      const now = Date.now();
      const valid = {
        from: new Date(now - 14 * DAY).toISOString(),
        reason: 'Shift confirmed',
      };
      const bad: Array<[object, string]> = [
        [
          { ...valid, from: 'last tuesday' },
          'from: must be an ISO-8601 date-time with an offset',
        ],
        [
          { ...valid, from: '2026-11-03' },
          'from: must be an ISO-8601 date-time with an offset',
        ],
        [
          {
            ...valid,
            from: new Date(weekStartOf(now) + 7 * DAY).toISOString(),
          },
          'from: must not be after the current week',
        ],
        [{ reason: 'no start' }, 'from: Required'],
        [
          { ...valid, metric: 'happiness' },
          'metric: not a metric id (GET /metrics lists them)',
        ],
        [{ ...valid, reason: '   ' }, 'reason: give a reason'],
        [
          { ...valid, reason: 'x'.repeat(501) },
          'reason: at most 500 characters',
        ],
        [
          { ...valid, startedBy: 'user:default/someone-else' },
          "body: Unrecognized key(s) in object: 'startedBy'",
        ],
      ];
      for (const [body, message] of bad) {
        const res = await request(server)
          .post(`${BASE}/baselines/entity/${PATH}`)
          .set(as(OWNER))
          .send(body);
        expect([
          res.status,
          res.body.error?.name,
          res.body.error?.message,
        ]).toEqual([400, 'InputError', message]);
      }
      // The current week itself may start a period.
      await request(server)
        .post(`${BASE}/baselines/entity/${PATH}`)
        .set(as(OWNER))
        .send({ ...valid, from: new Date(now).toISOString() })
        .expect(201);
      expect(await count(knex)).toBe(1);

      const denied = await request(server)
        .post(`${BASE}/baselines/entity/${PATH}`)
        .set(as(OUTSIDER))
        .send(valid);
      expect([
        denied.status,
        denied.body.error?.name,
        denied.body.error?.message,
      ]).toEqual([
        403,
        'NotAllowedError',
        `Not allowed: quality-scorecard.baseline.manage on ${ENTITY}`,
      ]);
      // The owner of one entity may not start baselines on another.
      await request(server)
        .post(`${BASE}/baselines/entity/component/default/search`)
        .set(as(OWNER))
        .send(valid)
        .expect(403);
      await request(server)
        .post(`${BASE}/baselines/entity/${PATH}`)
        .send(valid)
        .expect(401);
      expect(await count(knex)).toBe(1);

      // The permission is asked about the entity (a policy's conditions resolve against it).
      const asked = permissions.authorize.mock.calls
        .flatMap(([requests]) => requests)
        .filter(r => r.permission.name === 'quality-scorecard.baseline.manage');
      expect(
        asked.map(r => (r as { resourceRef?: string }).resourceRef),
      ).toContain('component:default/search');
      expect(
        asked.every(
          r => typeof (r as { resourceRef?: string }).resourceRef === 'string',
        ),
      ).toBe(true);
      const failed = audits.filter(a => a.status === 'failed');
      expect(failed.map(a => a.error)).toEqual([
        ...bad.map(([, message]) => `InputError: ${message}`),
        `NotAllowedError: Not allowed: quality-scorecard.baseline.manage on ${ENTITY}`,
        'NotAllowedError: Not allowed: quality-scorecard.baseline.manage on component:default/search',
      ]);
    });
  },
);

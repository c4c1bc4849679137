import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';

import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import {
  SCENARIO_CHECKS,
  SCENARIO_ENTITIES,
  scenarioEvents,
} from '../__fixtures__/checksScenario';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const OWNER = 'user:default/ada';
const OUTSIDER = 'user:default/mallory';
const DAY = 86_400_000;

async function start(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  // Everyone but the outsider may read; everyone may decide exemptions.
  const { server } = await startQualityBackend({
    knex,
    entities: SCENARIO_ENTITIES,
    allow: ({ user }) => user !== OUTSIDER,
    qualityScorecard: { checks: SCENARIO_CHECKS },
  });
  await request(server)
    .post('/api/quality-scorecard/events')
    .set(as(OWNER))
    .send({ events: scenarioEvents(Date.now()) })
    .expect(200);
  for (const name of ['payments-api', 'checkout-web']) {
    await request(server)
      .post(
        `/api/quality-scorecard/scorecards/entity/component/default/${name}/refresh`,
      )
      .set(as(OWNER))
      .expect(200);
  }
  return server;
}

const REFS = [
  'component:default/payments-api',
  'component:default/checkout-web',
  'component:default/identity',
];

describe.each(databases.eachSupportedId())('bulk reads on %p', databaseId => {
  it('answers facts and check results of many entities, equal to the per-entity reads', async () => {
    const server = await start(databaseId);

    const facts = await request(server)
      .post('/api/quality-scorecard/facts/by-refs')
      .set(as(OWNER))
      .send({ entityRefs: REFS })
      .expect(200);
    expect(facts.body.items.map((i: any) => i.entityRef)).toEqual(REFS);
    const [payments, checkout, identity] = facts.body.items;

    expect(payments.metrics.review_coverage).toEqual({ value: 0.5, n: 4 });
    expect(payments.metrics.ai_policy_compliance).toEqual({ value: 0.5, n: 2 });
    expect(payments.metrics.change_failure_rate).toEqual({
      value: 0,
      n: 2,
      band: 'elite',
    });
    expect(payments.metrics.incidents_per_pr).toEqual({ value: 0, n: 4 });
    expect(payments).toMatchObject({
      level: 'bronze',
      checks: { pass: 1, fail: 3, exempt: 0, 'insufficient-data': 0 },
      failing: ['review', 'ai-policy', 'pci-sigma'],
    });
    expect(checkout.metrics.change_failure_rate).toEqual({
      value: 1 / 3,
      n: 3,
      band: 'low',
    });
    expect(checkout.metrics.review_coverage).toEqual({ value: 1, n: 3 });
    expect(checkout.metrics.ai_policy_compliance).toEqual({
      value: null,
      n: 0,
    });
    expect(checkout).toMatchObject({
      level: null,
      checks: { pass: 1, fail: 1, exempt: 0, 'insufficient-data': 1 },
      failing: ['cfr'],
    });
    // Never evaluated: no data and no level (not every level vacuously).
    expect(identity).toMatchObject({
      computedAt: null,
      level: null,
      checks: { pass: 0, fail: 0, exempt: 0, 'insufficient-data': 0 },
      failing: [],
    });
    // No deployments is zero deployment days a week, rarer than any DORA 2024
    // band (the lowest is once every six months); every other metric has no value.
    const { deployment_frequency: frequency, ...others } = identity.metrics;
    expect(frequency).toEqual({ value: 0, n: 0 });
    expect(
      Object.values(others).every((m: any) => m.value === null && m.n === 0),
    ).toBe(true);

    // The same values as each entity's scorecard over the same window.
    for (const item of [payments, checkout]) {
      const [kind, rest] = item.entityRef.split(':');
      const card = await request(server)
        .get(
          `/api/quality-scorecard/scorecards/entity/${kind}/${rest}?from=${facts.body.window.from}&to=${facts.body.window.to}`,
        )
        .set(as(OWNER))
        .expect(200);
      for (const m of card.body.metrics) {
        expect([m.id, item.metrics[m.id].value, item.metrics[m.id].n]).toEqual([
          m.id,
          m.value,
          m.n,
        ]);
      }
    }

    // Check results: the statuses, values and levels of GET /checks/entity, for each entity, in order.
    const bulkChecks = async () =>
      (
        await request(server)
          .post('/api/quality-scorecard/checks/by-refs')
          .set(as(OWNER))
          .send({ entityRefs: REFS })
          .expect(200)
      ).body;
    const perEntity = async (ref: string) => {
      const one = (
        await request(server)
          .get(`/api/quality-scorecard/checks/entity/${ref.replace(':', '/')}`)
          .set(as(OWNER))
          .expect(200)
      ).body;
      const times = one.results.map((r: any) => Date.parse(r.evaluatedAt));
      return {
        entityRef: ref,
        level: one.level,
        ...(one.next ? { next: one.next } : {}),
        evaluatedAt: times.length
          ? new Date(Math.max(...times)).toISOString()
          : null,
        results: one.results.map((r: any) => ({
          checkId: r.checkId,
          status: r.status,
          value: r.value,
          n: r.n,
          ...(r.status === 'exempt' ? { exemptionId: r.exemption.id } : {}),
        })),
      };
    };
    const bulk = await bulkChecks();
    expect(bulk.levels.map((l: any) => l.id)).toEqual([
      'bronze',
      'silver',
      'gold',
    ]);
    expect(bulk.checks.map((c: any) => [c.id, c.threshold])).toEqual([
      ['cfr', '≤ 0.15'],
      ['review', '≥ 0.9'],
      ['ai-policy', '≥ 0.95'],
      ['pci-sigma', '≥ 3'],
    ]);
    for (const [i, ref] of REFS.entries()) {
      expect(bulk.items[i]).toEqual(await perEntity(ref));
    }
    expect(bulk.items[2]).toEqual({
      entityRef: REFS[2],
      level: null,
      evaluatedAt: null,
      results: [],
    });

    // An approved exemption counts as exempt, not failing.
    const requested = await request(server)
      .post('/api/quality-scorecard/exemptions')
      .set(as(OWNER))
      .send({
        entityRef: REFS[0],
        checkId: 'ai-policy',
        reason: 'Agent PRs are paired live this quarter',
        expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
      })
      .expect(201);
    // Another person approves: a requester cannot approve their own.
    await request(server)
      .post(`/api/quality-scorecard/exemptions/${requested.body.id}/approve`)
      .set(as(OWNER))
      .send({})
      .expect(403);
    await request(server)
      .post(`/api/quality-scorecard/exemptions/${requested.body.id}/approve`)
      .set(as('user:default/platform-lead'))
      .send({})
      .expect(200);
    const after = await request(server)
      .post('/api/quality-scorecard/facts/by-refs')
      .set(as(OWNER))
      .send({ entityRefs: [REFS[0]], windowDays: 7 })
      .expect(200);
    expect(after.body.items[0]).toMatchObject({
      level: 'bronze',
      checks: { pass: 1, fail: 2, exempt: 1, 'insufficient-data': 0 },
      failing: ['review', 'pci-sigma'],
    });
    expect(
      Date.parse(after.body.window.to) - Date.parse(after.body.window.from),
    ).toBeLessThanOrEqual(14 * DAY);
    const exempted = await bulkChecks();
    expect(exempted.items[0]).toEqual(await perEntity(REFS[0]));
    expect(exempted.items[0].results[2]).toEqual({
      checkId: 'ai-policy',
      status: 'exempt',
      value: 0.5,
      n: 2,
      exemptionId: requested.body.id,
    });

    // Bad input names the field; reads need credentials and the read permission.
    const bare = await request(server)
      .post('/api/quality-scorecard/facts/by-refs')
      .set(as(OWNER))
      .send({ entityRefs: [REFS[0], 'checkout-web'] })
      .expect(400);
    expect(bare.body.error.message).toBe(
      "entityRefs.1: not an entity ref: 'checkout-web'",
    );
    const many = Array.from(
      { length: 1001 },
      (_, i) => `component:default/s${i}`,
    );
    const tooMany = await request(server)
      .post('/api/quality-scorecard/checks/by-refs')
      .set(as(OWNER))
      .send({ entityRefs: many })
      .expect(400);
    expect(tooMany.body.error.message).toBe(
      'entityRefs: Array must contain at most 1000 element(s)',
    );
    const window = await request(server)
      .post('/api/quality-scorecard/checks/by-refs')
      .set(as(OWNER))
      .send({ entityRefs: REFS, windowDays: 7 })
      .expect(400);
    expect(window.body.error.message).toBe(
      'windowDays: check results have the window of their evaluation',
    );
    await request(server)
      .post('/api/quality-scorecard/facts/by-refs')
      .send({ entityRefs: REFS })
      .expect(401);
    await request(server)
      .post('/api/quality-scorecard/facts/by-refs')
      .set(as(OUTSIDER))
      .send({ entityRefs: REFS })
      .expect(403);
  });
});

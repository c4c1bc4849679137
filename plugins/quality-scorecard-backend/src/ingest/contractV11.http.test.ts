import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { SCENARIO_ENTITIES } from '../__fixtures__/checksScenario';

/*
 * Contract v1.1 through the events API as a user sends it: a draft PR's
 * readyForReviewAt and a deployment's `unplanned`, to DORA's rework rate and
 * recovery time and the PR flow breakdown on the scorecard, and a balanced
 * check that holds a speed metric with its counterweight.
 *
 * Hand-computed: PR 1 (a draft ready at +4 h, commits from −2 h, approved
 * at +5 h, merged at +6 h) ships in d1 at +8 h; PR 2 (label hotfix, commit
 * at −1 h, approved at +1 h, merged at +2 h) ships in d2 at +9 h; d3 (+30 h)
 * is marked unplanned; d4 (+50 h) is ordinary. An incident at +8.5 h follows
 * d1 and is resolved at +11 h.
 *   rework rate 2 / 4 (d2: hotfix PR, d3: unplanned); change failure rate 1 / 4;
 *   failed deployment recovery time 11 − 8 = 3 h (DORA 2024: high, < 1 day);
 *   time to restore 11 − 8.5 = 2.5 h; coding 2 h, 1 h → 1.5 h; pickup 1 h
 *   (PR 1 from ready, not from opening), 1 h → 1 h; review 1 h, 1 h → 1 h;
 *   deploy 2 h, 7 h → 4.5 h.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const OWNER = 'user:default/ada';
const ENTITY = 'component:default/payments-api';
const HOUR = 3_600_000;

function events(base: number) {
  const at = (h: number) => new Date(base + h * HOUR).toISOString();
  const pr = (number: number, extra: object) => ({
    type: 'pull_request',
    source: 'test',
    id: `pr-${number}`,
    entityRef: ENTITY,
    number,
    title: `PR ${number}`,
    author: 'ada',
    url: `https://example.com/pr/${number}`,
    createdAt: at(0),
    additions: 1,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    ...extra,
  });
  const deployment = (id: string, h: number, extra: object = {}) => ({
    type: 'deployment',
    source: 'test',
    id,
    entityRef: ENTITY,
    environment: 'production',
    status: 'success',
    finishedAt: at(h),
    ...extra,
  });
  return [
    pr(1, {
      readyForReviewAt: at(4),
      mergedAt: at(6),
      commits: [{ sha: 'aaaaaaa1', authoredAt: at(-2), message: 'one' }],
      reviews: [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(5) }],
    }),
    pr(2, {
      labels: ['hotfix'],
      mergedAt: at(2),
      commits: [{ sha: 'bbbbbbb2', authoredAt: at(-1), message: 'two' }],
      reviews: [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(1) }],
    }),
    deployment('d1', 8, { pullRequests: [1] }),
    deployment('d2', 9, { pullRequests: [2] }),
    deployment('d3', 30, { unplanned: true }),
    deployment('d4', 50),
    {
      type: 'incident',
      source: 'test',
      id: 'inc-1',
      entityRef: ENTITY,
      title: 'Payments down',
      createdAt: at(8.5),
      resolvedAt: at(11),
    },
  ];
}

describe.each(databases.eachSupportedId())('contract v1.1 on %p', databaseId => {
  async function start() {
    const { server } = await startQualityBackend({
      knex: await databases.init(databaseId),
      entities: SCENARIO_ENTITIES,
      qualityScorecard: {
        checks: {
          definitions: [
            {
              id: 'fast-and-safe',
              metric: 'lead_time_for_changes',
              operator: '<=',
              threshold: 86_400,
              counterweight: { operator: '<=', threshold: 0.2 },
            },
          ],
        },
      },
    });
    return server;
  }

  it('turns readyForReviewAt and unplanned into DORA’s five metrics and the flow breakdown', async () => {
    const server = await start();
    // Monday 00:00 UTC of two weeks ago: every event in one complete week.
    const monday = new Date();
    monday.setUTCHours(0, 0, 0, 0);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - 14);
    await request(server)
      .post('/api/quality-scorecard/events')
      .set(as(OWNER))
      .send({ events: events(monday.getTime() + 9 * HOUR) })
      .expect(200);
    await request(server)
      .post(`/api/quality-scorecard/scorecards/entity/component/default/payments-api/refresh`)
      .set(as(OWNER))
      .expect(200);
    const card = await request(server)
      .get('/api/quality-scorecard/scorecards/entity/component/default/payments-api')
      .set(as(OWNER))
      .expect(200);
    const m = (id: string) => card.body.metrics.find((x: any) => x.id === id);
    expect(m('deployment_rework_rate')).toMatchObject({ value: 0.5, n: 4, numerator: 2, denominator: 4 });
    expect(m('deployment_rework_rate').band).toBeUndefined();
    // 25% is above the high cluster's 20%: low.
    expect(m('change_failure_rate')).toMatchObject({ value: 0.25, band: 'low', bandEdition: 'DORA 2024' });
    expect(m('failed_deployment_recovery_time')).toMatchObject({
      value: 3 * 3600,
      n: 1,
      band: 'high',
      bandEdition: 'DORA 2024',
    });
    expect(m('time_to_restore')).toMatchObject({ value: 2.5 * 3600, n: 1, bandEdition: 'DORA 2022' });
    expect(m('pr_coding_time')).toMatchObject({ value: 1.5 * 3600, n: 2 });
    expect(m('pr_pickup_time')).toMatchObject({ value: 3600, n: 2 });
    expect(m('pr_review_time')).toMatchObject({ value: 3600, n: 2 });
    expect(m('pr_deploy_time')).toMatchObject({ value: 4.5 * 3600, n: 2 });

    // Lead time 2 + 6 + 2 h and 1 + 2 + 7 h, 10 h, meets ≤ 1 day; its counterweight, rework rate 0.5, does not.
    const checks = await request(server)
      .get('/api/quality-scorecard/checks/entity/component/default/payments-api')
      .set(as(OWNER))
      .expect(200);
    expect(checks.body.results.map((r: any) => [r.checkId, r.status, r.reason])).toEqual([
      [
        'fast-and-safe',
        'fail',
        '36000 meets ≤ 86400; counterweight deployment_rework_rate: 0.5 misses ≤ 0.2',
      ],
    ]);

    const definitions = await request(server)
      .get('/api/quality-scorecard/metrics')
      .set(as(OWNER))
      .expect(200);
    const lead = definitions.body.metrics.find((d: any) => d.id === 'lead_time_for_changes');
    expect(lead).toMatchObject({ counterweight: 'deployment_rework_rate', dora: 'throughput' });
    expect(lead.bands.edition).toBe('DORA 2024');
  });

  it.each([
    ['unplanned', { unplanned: 'yes' }, 'deployment'],
    ['readyForReviewAt', { readyForReviewAt: 'yesterday' }, 'pull_request'],
  ])('answers 400 naming %s, and stores nothing of the batch', async (field, bad, type) => {
    const server = await start();
    const batch = events(Date.now() - 48 * HOUR);
    const index = batch.findIndex(e => e.type === type);
    batch[index] = { ...batch[index], ...bad } as any;
    const res = await request(server)
      .post('/api/quality-scorecard/events')
      .set(as(OWNER))
      .send({ events: batch })
      .expect(400);
    expect(res.body.error.message).toContain(`events[${index}].${field}`);
    const stored = await request(server)
      .post('/api/quality-scorecard/events')
      .set(as(OWNER))
      .send({ events: events(Date.now() - 48 * HOUR) })
      .expect(200);
    // Nothing of the refused batch was kept: every event is new.
    expect(stored.body).toMatchObject({ accepted: 7, duplicates: 0 });
  });
});

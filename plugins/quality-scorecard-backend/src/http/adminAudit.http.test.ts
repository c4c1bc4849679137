import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import {
  type CapturedAuditEvent,
  capturingAuditorFactory,
} from '../__testUtils__/capturingAuditor';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const BASE = '/api/quality-scorecard';
const ADMIN = 'user:default/ken';
const OUTSIDER = 'user:default/mallory';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
];

async function start() {
  const audits: CapturedAuditEvent[] = [];
  const { server } = await startQualityBackend({
    knex: await databases.init('SQLITE_3'),
    entities,
    allow: ({ user }) => user !== OUTSIDER,
    features: [capturingAuditorFactory(audits)],
  });
  return { server, audits };
}

describe('audited admin calls', () => {
  it('audits a replay with the caller, the source and the outcome, and a refused one', async () => {
    const { server, audits } = await start();
    await request(server)
      .post(`${BASE}/replay`)
      .query({ source: 'github' })
      .set(as(ADMIN))
      .expect(200, { deliveries: 0, attributed: 0 });
    await request(server).post(`${BASE}/replay`).set(as(OUTSIDER)).expect(403);
    expect(audits.filter(a => a.eventId === 'webhook-replay')).toEqual([
      {
        plugin: 'quality-scorecard',
        eventId: 'webhook-replay',
        severityLevel: 'medium',
        status: 'initiated',
        actorId: ADMIN,
        meta: { source: 'github' },
      },
      {
        plugin: 'quality-scorecard',
        eventId: 'webhook-replay',
        severityLevel: 'medium',
        status: 'succeeded',
        actorId: ADMIN,
        meta: { source: 'github', deliveries: 0, attributed: 0 },
      },
      {
        plugin: 'quality-scorecard',
        eventId: 'webhook-replay',
        severityLevel: 'medium',
        status: 'initiated',
        actorId: OUTSIDER,
        meta: { source: null },
      },
      {
        plugin: 'quality-scorecard',
        eventId: 'webhook-replay',
        severityLevel: 'medium',
        status: 'failed',
        actorId: OUTSIDER,
        meta: { source: null },
        error: 'NotAllowedError: Not allowed: quality-scorecard.admin',
      },
    ]);
  });

  it('audits a scorecard refresh with the caller, the entity and the outcome, and a refused one', async () => {
    const { server, audits } = await start();
    const refreshed = await request(server)
      .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
      .set(as(ADMIN))
      .expect(200);
    await request(server)
      .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
      .set(as(OUTSIDER))
      .expect(403);
    const entityRef = 'component:default/payments';
    const event = {
      plugin: 'quality-scorecard',
      eventId: 'scorecard-refresh',
      severityLevel: 'low',
    };
    expect(audits.filter(a => a.eventId === 'scorecard-refresh')).toEqual([
      { ...event, status: 'initiated', actorId: ADMIN, meta: { entityRef } },
      {
        ...event,
        status: 'succeeded',
        actorId: ADMIN,
        meta: { entityRef, weeks: 0 },
      },
      { ...event, status: 'initiated', actorId: OUTSIDER, meta: { entityRef } },
      {
        ...event,
        status: 'failed',
        actorId: OUTSIDER,
        meta: { entityRef },
        error: 'NotAllowedError: Not allowed: quality-scorecard.refresh',
      },
    ]);
    // Without events there are no weeks to compute.
    expect(refreshed.body).toEqual({ entityRef, weeks: 0 });
  });
});

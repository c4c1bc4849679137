import request from 'supertest';
import type { Server } from 'http';
import { TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import {
  capturingAuditorFactory,
  type CapturedAuditEvent,
} from '../__testUtils__/capturingAuditor';
import { DatabaseChecksStore } from '../checks/ChecksStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ADMIN = 'user:default/platform-admin';
const OWNER = 'user:default/ada';
const DAY = 86_400_000;
const date = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const entities = [
  component('payments-api', 'payments-team'),
  component('ledger', 'payments-team'),
  component('search', 'search-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team' },
    relations: [{ type: 'childOf', targetRef: 'group:default/engineering' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'search-team', namespace: 'default' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'engineering', namespace: 'default' },
    spec: { type: 'department' },
    relations: [{ type: 'parentOf', targetRef: 'group:default/payments-team' }],
  },
];

const definition = (id: string) => ({
  id,
  title: 'At most 15% failed changes',
  metric: 'change_failure_rate',
  operator: '<=',
  threshold: 0.15,
});

async function start(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const audits: CapturedAuditEvent[] = [];
  // Everyone reads; only the platform admin manages campaigns; ada may not
  // read search by itself (the conditional decision of lists is the mock's
  // allow-all: the filtering of lists is CampaignService.test.ts's).
  const { server } = await startQualityBackend({
    knex,
    entities,
    features: [capturingAuditorFactory(audits)],
    allow: ({ permission, user, resourceRef }) => {
      if (permission === 'quality-scorecard.campaign.manage')
        return user === ADMIN;
      if (permission === 'quality-scorecard.entity.read' && user === OWNER) {
        return resourceRef !== 'component:default/search';
      }
      return true;
    },
    qualityScorecard: {
      checks: {
        definitions: [definition('cfr'), definition('review')],
        levels: [
          { id: 'bronze', checks: ['cfr'] },
          { id: 'silver', checks: ['review'] },
        ],
      },
      campaigns: [
        {
          id: 'silver-for-payments',
          title: 'Silver for payments',
          owner: 'group:default/engineering',
          target: { level: 'silver' },
          filter: { kind: ['component'] },
          startDate: date(-10),
          dueDate: date(20),
          reminders: ['7d', '1d'],
        },
      ],
    },
  });
  // Check results as evaluation stores them (the history with them).
  const checks = new DatabaseChecksStore(knex);
  const save = (name: string, days: number, cfr: string, review: string) =>
    checks.saveResults(
      `component:default/${name}`,
      [
        {
          checkId: 'cfr',
          status: cfr as 'pass',
          value: null,
          n: 10,
          reason: '',
        },
        {
          checkId: 'review',
          status: review as 'pass',
          value: null,
          n: 10,
          reason: '',
        },
      ],
      Date.now() + days * DAY,
    );
  await save('payments-api', -20, 'pass', 'fail');
  await save('payments-api', -3, 'pass', 'pass');
  await save('ledger', -20, 'pass', 'fail');
  await save('search', -5, 'fail', 'fail');
  return { server: server as Server, audits };
}

describe.each(databases.eachSupportedId())(
  'campaign routes on %s',
  databaseId => {
    let server: Server;
    let audits: CapturedAuditEvent[];
    beforeAll(async () => {
      ({ server, audits } = await start(databaseId));
    });

    it('lists campaigns with their progress', async () => {
      const admin = await request(server)
        .get(`${BASE}/campaigns`)
        .set(as(ADMIN))
        .expect(200);
      expect(admin.body.items).toEqual([
        {
          id: 'silver-for-payments',
          title: 'Silver for payments',
          owner: 'group:default/engineering',
          target: { level: 'silver' },
          filter: { kind: ['component'] },
          startDate: date(-10),
          dueDate: date(20),
          reminderDays: [7, 1],
          source: 'config',
          state: 'active',
          closedAt: null,
          daysLeft: 20,
          progress: { inScope: 3, meeting: 1, exempted: 0, notMeeting: 2 },
        },
      ]);
      await request(server).get(`${BASE}/campaigns`).expect(401);
    });

    it('answers a campaign with owners, entities and the daily series', async () => {
      const res = await request(server)
        .get(`${BASE}/campaigns/silver-for-payments`)
        .set(as(ADMIN))
        .expect(200);
      expect(res.body.owners).toEqual([
        {
          owner: 'group:default/payments-team',
          inScope: 2,
          meeting: 1,
          exempted: 0,
          notMeeting: 1,
        },
        {
          owner: 'group:default/search-team',
          inScope: 1,
          meeting: 0,
          exempted: 0,
          notMeeting: 1,
        },
      ]);
      expect(
        res.body.entities.map((e: any) => [
          e.entityRef,
          e.standing,
          e.open.map((o: any) => o.checkId),
        ]),
      ).toEqual([
        ['component:default/ledger', 'not-meeting', ['review']],
        ['component:default/search', 'not-meeting', ['cfr', 'review']],
        ['component:default/payments-api', 'meeting', []],
      ]);
      // 11 days: from the start to today; search joins 5 days ago, payments-api meets from 3 days ago.
      expect(res.body.series.map((d: any) => [d.inScope, d.meeting])).toEqual([
        ...Array(5).fill([2, 0]),
        [3, 0],
        [3, 0],
        ...Array(4).fill([3, 1]),
      ]);
      expect(res.body.series[0].date).toBe(date(-10));
      await request(server)
        .get(`${BASE}/campaigns/nope`)
        .set(as(ADMIN))
        .expect(404);
    });

    it("answers an entity's and an owner's campaigns", async () => {
      const entity = await request(server)
        .get(`${BASE}/campaigns/entity/component/default/ledger`)
        .set(as(OWNER))
        .expect(200);
      expect(
        entity.body.items.map((i: any) => [
          i.campaign.id,
          i.entities.map((e: any) => e.standing),
        ]),
      ).toEqual([['silver-for-payments', ['not-meeting']]]);
      await request(server)
        .get(`${BASE}/campaigns/entity/component/default/search`)
        .set(as(OWNER))
        .expect(403);
      // Engineering owns payments-team's services through the hierarchy.
      const owner = await request(server)
        .get(`${BASE}/campaigns/owner/group/default/engineering`)
        .set(as(ADMIN))
        .expect(200);
      expect(owner.body.items[0].entities.map((e: any) => e.entityRef)).toEqual(
        ['component:default/ledger', 'component:default/payments-api'],
      );
      await request(server)
        .get(`${BASE}/campaigns/owner/group/default/nobody`)
        .set(as(ADMIN))
        .expect(404);
    });

    it('creates, changes and closes database campaigns, audited, for campaign managers only', async () => {
      const body = {
        id: 'bronze-everywhere',
        title: 'Bronze everywhere',
        owner: 'engineering',
        target: { checks: ['cfr'] },
        startDate: date(-1),
        dueDate: date(30),
        reminderDays: [7],
      };
      const denied = await request(server)
        .post(`${BASE}/campaigns`)
        .set(as(OWNER))
        .send(body)
        .expect(403);
      expect(denied.body.error.message).toBe(
        'Not allowed: quality-scorecard.campaign.manage',
      );
      const created = await request(server)
        .post(`${BASE}/campaigns`)
        .set(as(ADMIN))
        .send(body)
        .expect(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          id: 'bronze-everywhere',
          owner: 'group:default/engineering',
          source: 'database',
          progress: { inScope: 3, meeting: 2, exempted: 0, notMeeting: 1 },
        }),
      );
      const bad = await request(server)
        .post(`${BASE}/campaigns`)
        .set(as(ADMIN))
        .send({ ...body, id: 'other', dueDate: date(-5) })
        .expect(400);
      expect(bad.body.error.message).toBe(
        `dueDate: must be on or after startDate (${date(-1)})`,
      );
      await request(server)
        .post(`${BASE}/campaigns`)
        .set(as(ADMIN))
        .send(body)
        .expect(409);
      const { id, ...change } = { ...body, title: 'Bronze for all' };
      await request(server)
        .put(`${BASE}/campaigns/silver-for-payments`)
        .set(as(ADMIN))
        .send(change)
        .expect(409);
      const changed = await request(server)
        .put(`${BASE}/campaigns/bronze-everywhere`)
        .set(as(ADMIN))
        .send(change)
        .expect(200);
      expect(changed.body.title).toBe('Bronze for all');
      await request(server)
        .post(`${BASE}/campaigns/silver-for-payments/close`)
        .set(as(ADMIN))
        .expect(409);
      const closed = await request(server)
        .post(`${BASE}/campaigns/bronze-everywhere/close`)
        .set(as(ADMIN))
        .expect(200);
      expect(closed.body.state).toBe('closed');
      await request(server)
        .post(`${BASE}/campaigns/bronze-everywhere/close`)
        .set(as(ADMIN))
        .expect(409);

      const campaignAudits = audits
        .filter(
          a => a.eventId.startsWith('campaign-') && a.status !== 'initiated',
        )
        .map(a => [
          a.eventId,
          a.status,
          a.actorId,
          a.error ?? (a.meta as any)?.campaignId,
        ]);
      expect(campaignAudits).toEqual([
        [
          'campaign-create',
          'failed',
          OWNER,
          'NotAllowedError: Not allowed: quality-scorecard.campaign.manage',
        ],
        ['campaign-create', 'succeeded', ADMIN, 'bronze-everywhere'],
        [
          'campaign-create',
          'failed',
          ADMIN,
          `InputError: dueDate: must be on or after startDate (${date(-1)})`,
        ],
        [
          'campaign-create',
          'failed',
          ADMIN,
          "ConflictError: Campaign 'bronze-everywhere' exists already",
        ],
        [
          'campaign-update',
          'failed',
          ADMIN,
          "ConflictError: Campaign 'silver-for-payments' is defined in app-config; change it there",
        ],
        ['campaign-update', 'succeeded', ADMIN, 'bronze-everywhere'],
        [
          'campaign-close',
          'failed',
          ADMIN,
          "ConflictError: Campaign 'silver-for-payments' is defined in app-config; change it there",
        ],
        ['campaign-close', 'succeeded', ADMIN, 'bronze-everywhere'],
        [
          'campaign-close',
          'failed',
          ADMIN,
          "ConflictError: Campaign 'bronze-everywhere' is closed already",
        ],
      ]);
    });
  },
);

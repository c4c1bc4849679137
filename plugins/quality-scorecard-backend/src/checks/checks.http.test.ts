import request from 'supertest';
import { execFile } from 'child_process';
import { promisify } from 'util';
import path from 'path';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';

import { as, startQualityBackend } from '../__testUtils__/qualityBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const run = promisify(execFile);
const CLI = path.resolve(
  __dirname,
  '../../../quality-scorecard-gate/bin/shewhart-gate.js',
);

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', tags: ['pci'] },
    spec: { type: 'service', owner: 'payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
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
    metadata: { name: 'engineering', namespace: 'default' },
    spec: { type: 'department' },
    relations: [{ type: 'parentOf', targetRef: 'group:default/payments-team' }],
  },
];

const ADMIN = 'user:default/platform-admin';
const OWNER = 'user:default/ada';

async function start(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  // Everyone may read and request; only the platform admin reviews exemptions.
  const { server } = await startQualityBackend({
    knex,
    entities,
    allow: ({ permission, user }) =>
      permission !== 'quality-scorecard.exemption.review' || user === ADMIN,
    qualityScorecard: {
      checks: {
        definitions: [
          {
            id: 'cfr',
            title: 'Change failure rate at most 15%',
            metric: 'change_failure_rate',
            operator: '<=',
            threshold: 0.15,
          },
          {
            id: 'review',
            title: 'Review coverage at least 90%',
            metric: 'review_coverage',
            operator: '>=',
            threshold: 0.9,
            minSampleSize: 3,
          },
          {
            id: 'pci-sigma',
            title: 'PCI services run at 3σ',
            metric: 'sigma_level',
            operator: '>=',
            threshold: 3,
            filter: { tags: ['pci'] },
          },
        ],
        levels: [
          { id: 'bronze', checks: ['cfr'] },
          { id: 'silver', checks: ['review'] },
          { id: 'gold', checks: ['pci-sigma'] },
        ],
      },
    },
  });
  return server;
}

const DAY = 86_400_000;

function events(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const pr = (n: number, approved: boolean) => ({
    type: 'pull_request',
    id: `acme/payments#${n}`,
    source: 'github',
    entityRef: 'component:default/payments-api',
    number: n,
    title: `Change ${n}`,
    author: 'ada',
    url: `https://github.com/acme/payments/pull/${n}`,
    createdAt: at(10 - n),
    mergedAt: at(9.5 - n),
    closedAt: at(9.5 - n),
    additions: 10,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [
      { sha: `abc${n}def`, authoredAt: at(10.5 - n), message: `Change ${n}` },
    ],
    reviews: approved
      ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(9.6 - n) }]
      : [],
    mergedBy: 'ada',
  });
  const deploy = (id: string, daysAgo: number) => ({
    type: 'deployment',
    id,
    source: 'ci',
    entityRef: 'component:default/payments-api',
    environment: 'production',
    status: 'success',
    finishedAt: at(daysAgo),
  });
  // 4 merged PRs, 2 approved: review coverage 0.5. 2 deployments, no incidents: CFR 0.
  return [
    pr(1, true),
    pr(2, false),
    pr(3, true),
    pr(4, false),
    deploy('d1', 5),
    deploy('d2', 1),
  ];
}

describe.each(databases.eachSupportedId())(
  'checks, levels, exemptions and the gate on %p',
  databaseId => {
    it('evaluates on recompute, gates CI, and takes an approved exemption into account', async () => {
      const server = await start(databaseId);
      const base = `http://localhost:${
        (server.address() as { port: number }).port
      }`;
      const entityPath = 'component/default/payments-api';

      await request(server)
        .post('/api/quality-scorecard/events')
        .set(as(OWNER))
        .send({ events: events(Date.now()) })
        .expect(200);
      await request(server)
        .post(`/api/quality-scorecard/scorecards/entity/${entityPath}/refresh`)
        .set(as(OWNER))
        .expect(200);

      // Times may be written as people type them, without URL encoding.
      const from = new Date(Date.now() - 28 * DAY).toISOString();
      const card = await request(server)
        .get(
          `/api/quality-scorecard/scorecards/entity/${entityPath}?from=${from}`,
        )
        .set(as(OWNER))
        .expect(200);
      expect(
        card.body.metrics.find((m: any) => m.id === 'review_coverage'),
      ).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });

      const checks = await request(server)
        .get(`/api/quality-scorecard/checks/entity/${entityPath}`)
        .set(as(OWNER))
        .expect(200);
      expect(checks.body.level).toBe('bronze');
      expect(checks.body.next).toEqual({
        level: 'silver',
        failing: ['review'],
      });
      expect(
        checks.body.results.map((r: any) => [
          r.checkId,
          r.status,
          r.value,
          r.n,
          r.reason,
        ]),
      ).toEqual([
        ['cfr', 'pass', 0, 2, '0 meets ≤ 0.15'],
        ['review', 'fail', 0.5, 4, '0.5 misses ≥ 0.9'],
        // (0 defects + ½ continuity correction) / 4 PRs = 12.5% → Φ⁻¹(0.875) + 1.5 = 2.65σ
        ['pci-sigma', 'fail', expect.closeTo(2.65, 3), 4, '2.6503 misses ≥ 3'],
      ]);
      expect(
        checks.body.history.map((h: any) => [h.checkId, h.status]),
      ).toEqual(
        expect.arrayContaining([
          ['cfr', 'pass'],
          ['review', 'fail'],
          ['pci-sigma', 'fail'],
        ]),
      );

      const silver = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=silver`)
        .set(as(OWNER))
        .expect(200);
      expect(silver.body).toMatchObject({
        entityRef: 'component:default/payments-api',
        level: 'silver',
        pass: false,
        heldLevel: 'bronze',
      });
      expect(silver.body.failing.map((r: any) => r.checkId)).toEqual([
        'review',
      ]);
      const bronze = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=bronze`)
        .set(as(OWNER))
        .expect(200);
      expect(bronze.body.pass).toBe(true);
      const unknown = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=platinum`)
        .set(as(OWNER))
        .expect(400);
      expect(unknown.body.error.message).toBe(
        "level: unknown level 'platinum' (known: bronze, silver, gold)",
      );
      await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=silver`)
        .expect(401);

      // The CLI, as a pipeline step runs it.
      const token = mockCredentials.user.token(OWNER);
      const failed = await run(
        'node',
        [
          CLI,
          '--url',
          base,
          '--entity',
          'component:default/payments-api',
          '--level',
          'silver',
        ],
        {
          env: { ...process.env, SHEWHART_TOKEN: token },
        },
      ).then(
        () => ({ code: 0, stdout: '' }),
        (e: { code: number; stdout: string }) => e,
      );
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe(
        'FAIL component:default/payments-api does not hold silver (highest level held: bronze)\n' +
          '  - review [fail] Review coverage at least 90%: 0.5 misses ≥ 0.9\n',
      );

      // Bad requests name the field.
      const short = await request(server)
        .post('/api/quality-scorecard/exemptions')
        .set(as(OWNER))
        .send({
          entityRef: 'component:default/payments-api',
          checkId: 'review',
          reason: 'soon',
          expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
        })
        .expect(400);
      expect(short.body.error.message).toBe(
        'reason: give a reason of at least 10 characters',
      );
      const nope = await request(server)
        .post('/api/quality-scorecard/exemptions')
        .set(as(OWNER))
        .send({
          entityRef: 'component:default/payments-api',
          checkId: 'nope',
          reason: 'a reason long enough',
          expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
        })
        .expect(400);
      expect(nope.body.error.message).toBe("checkId: unknown check 'nope'");

      // The owner requests; the owner may not approve; the platform admin approves.
      const requested = await request(server)
        .post('/api/quality-scorecard/exemptions')
        .set(as(OWNER))
        .send({
          entityRef: 'component:default/payments-api',
          checkId: 'review',
          reason: 'Pairing replaces reviews during the migration',
          expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
        })
        .expect(201);
      expect(requested.body).toMatchObject({
        checkId: 'review',
        status: 'pending',
        requestedBy: OWNER,
        expired: false,
      });
      const id = requested.body.id;
      await request(server)
        .post(`/api/quality-scorecard/exemptions/${id}/approve`)
        .set(as(OWNER))
        .send({})
        .expect(403);
      const stillFailing = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=silver`)
        .set(as(OWNER))
        .expect(200);
      expect(stillFailing.body.pass).toBe(false);

      const approved = await request(server)
        .post(`/api/quality-scorecard/exemptions/${id}/approve`)
        .set(as(ADMIN))
        .send({ note: 'ok until the migration ends' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decidedBy: ADMIN,
        decisionNote: 'ok until the migration ends',
      });
      expect(approved.body.audit.map((a: any) => [a.action, a.actor])).toEqual([
        ['requested', OWNER],
        ['approved', ADMIN],
      ]);
      const conflict = await request(server)
        .post(`/api/quality-scorecard/exemptions/${id}/deny`)
        .set(as(ADMIN))
        .send({})
        .expect(409);
      expect(conflict.body.error.message).toBe(
        `Exemption ${id} is approved; it cannot be denied`,
      );

      const passing = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=silver`)
        .set(as(OWNER))
        .expect(200);
      expect(passing.body).toMatchObject({
        pass: true,
        heldLevel: 'silver',
        failing: [],
      });
      const after = await request(server)
        .get(`/api/quality-scorecard/checks/entity/${entityPath}`)
        .set(as(OWNER))
        .expect(200);
      expect(
        after.body.results.find((r: any) => r.checkId === 'review'),
      ).toMatchObject({ status: 'exempt', rawStatus: 'fail' });
      const passed = await run(
        'node',
        [
          CLI,
          '--url',
          base,
          '--entity',
          'component:default/payments-api',
          '--level',
          'silver',
        ],
        {
          env: { ...process.env, SHEWHART_TOKEN: token },
        },
      );
      expect(passed.stdout).toBe(
        'PASS component:default/payments-api holds silver (highest level held: silver)\n',
      );

      // Roll-ups: how many services hold each level.
      const owner = await request(server)
        .get('/api/quality-scorecard/checks/owner/group/default/engineering')
        .set(as(OWNER))
        .expect(200);
      expect(owner.body).toMatchObject({
        entities: 1,
        levels: { none: 0, bronze: 0, silver: 1, gold: 0 },
      });
      const overview = await request(server)
        .get('/api/quality-scorecard/checks/overview')
        .set(as(OWNER))
        .expect(200);
      expect(
        overview.body.groups.map((g: any) => [g.entityRef, g.levels.silver]),
      ).toEqual([
        ['group:default/payments-team', 1],
        ['group:default/engineering', 1],
      ]);

      // Revoking ends it at once.
      await request(server)
        .post(`/api/quality-scorecard/exemptions/${id}/revoke`)
        .set(as(ADMIN))
        .send({})
        .expect(200);
      const revoked = await request(server)
        .get(`/api/quality-scorecard/gate/${entityPath}?level=silver`)
        .set(as(OWNER))
        .expect(200);
      expect(revoked.body.pass).toBe(false);
      const listed = await request(server)
        .get(
          '/api/quality-scorecard/exemptions?entityRef=component:default/payments-api',
        )
        .set(as(OWNER))
        .expect(200);
      expect(listed.body.items[0].audit.map((a: any) => a.action)).toEqual([
        'requested',
        'approved',
        'revoked',
      ]);
    });
  },
);

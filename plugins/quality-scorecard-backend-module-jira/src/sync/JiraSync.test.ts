/*
 * The scheduled sync against a Jira site on loopback (Cloud and Data Center),
 * through the real plugin and store, on SQLite and PostgreSQL.
 */
import request from 'supertest';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  AUTH,
  BASE,
  counts,
  scorecard,
  sendPullRequests,
  startBackend,
  storedIssues,
} from '../__testUtils__/backend';
import { FakeJira } from '../__testUtils__/FakeJira';
import { IssueInput } from '../__testUtils__/jiraPayloads';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const WINDOW = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };

/** Ordered by `updated`: OPS-1 last; PAY in pages of two: [1, 2] [3, 4] [5]. */
const ISSUES: IssueInput[] = [
  {
    id: '10001',
    key: 'PAY-1',
    summary: 'Refund rounding',
    components: ['Payments'],
    priority: 'Highest',
    created: '2026-03-02T10:00:00.000+0000',
    updated: '2026-03-03T10:00:00.000+0000',
    resolved: '2026-03-03T10:00:00.000+0000',
    category: 'done',
  },
  {
    id: '10002',
    key: 'PAY-2',
    summary: 'Slow export',
    priority: 'Minor',
    created: '2026-03-04T09:00:00.000+0100',
    updated: '2026-03-04T09:00:00.000+0100',
  },
  {
    id: '10003',
    key: 'PAY-3',
    type: 'Incident',
    summary: 'Card payments fail',
    components: ['Payments'],
    priority: 'High',
    created: '2026-03-04T09:00:00.000+0100',
    updated: '2026-03-04T11:00:00.000+0100',
    resolved: '2026-03-04T11:00:00.000+0100',
    category: 'done',
  },
  {
    id: '10004',
    key: 'PAY-4',
    type: 'Task',
    components: ['Payments'],
    created: '2026-03-04T11:00:00.000+0000',
    updated: '2026-03-04T11:00:00.000+0000',
  },
  {
    id: '10005',
    key: 'PAY-5',
    summary: 'Double charge',
    components: ['Payments'],
    priority: 'Major',
    created: '2026-03-05T09:00:00.000+0000',
    updated: '2026-03-05T09:00:00.000+0000',
    // REST v3 sends descriptions as Atlassian Documents.
    description: {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Caused by !7 in the retry loop' }],
        },
      ],
    },
  },
  {
    id: '10011',
    key: 'OPS-1',
    summary: 'Disk full',
    priority: 'Low',
    created: '2026-03-06T09:00:00.000+0000',
    updated: '2026-03-06T09:00:00.000+0000',
  },
];

function expectedRows(site: string) {
  const host = site.replace('http://', '');
  return {
    bugs: [
      {
        id: `${host}/10011`,
        entityRef: 'component:default/ops',
        title: 'Disk full',
        severity: 'low',
        createdAt: '2026-03-06T09:00:00.000Z',
        closedAt: null,
        introducedBy: null,
        url: `${site}/browse/OPS-1`,
      },
      {
        id: `${host}/10001`,
        entityRef: 'component:default/payments',
        title: 'Refund rounding',
        severity: 'critical',
        createdAt: '2026-03-02T10:00:00.000Z',
        closedAt: '2026-03-03T10:00:00.000Z',
        introducedBy: null,
        url: `${site}/browse/PAY-1`,
      },
      {
        id: `${host}/10002`,
        entityRef: 'component:default/pay-all',
        title: 'Slow export',
        severity: 'low',
        createdAt: '2026-03-04T08:00:00.000Z',
        closedAt: null,
        introducedBy: null,
        url: `${site}/browse/PAY-2`,
      },
      {
        id: `${host}/10005`,
        entityRef: 'component:default/payments',
        title: 'Double charge',
        severity: 'medium',
        createdAt: '2026-03-05T09:00:00.000Z',
        closedAt: null,
        introducedBy: 7,
        url: `${site}/browse/PAY-5`,
      },
    ],
    incidents: [
      {
        id: `${host}/10003`,
        entityRef: 'component:default/payments',
        title: 'Card payments fail',
        severity: 'high',
        createdAt: '2026-03-04T08:00:00.000Z',
        resolvedAt: '2026-03-04T10:00:00.000Z',
        url: `${site}/browse/PAY-3`,
      },
    ],
  };
}

async function start(
  databaseId: TestDatabaseId,
  jira: FakeJira,
  extra: Record<string, unknown> = {},
) {
  const knex = await databases.init(databaseId);
  const instance =
    jira.kind === 'cloud'
      ? {
          baseUrl: jira.baseUrl,
          kind: 'cloud',
          email: 'bot@example.com',
          apiToken: 'cloud-api-token',
        }
      : {
          baseUrl: jira.baseUrl,
          kind: 'datacenter',
          token: 'dc-pat',
          ...extra,
        };
  const server = await startBackend(knex, {
    instances: [instance],
    sync: { historyDays: 400, pageSize: 2 },
  });
  return { knex, server };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

async function syncOnce(server: Server) {
  await request(server)
    .post(`${BASE}/jira/sync`)
    .set(AUTH)
    .send({})
    .expect(202);
  return (
    await request(server).get(`${BASE}/jira/sync/status`).set(AUTH).expect(200)
  ).body;
}

describe.each(databases.eachSupportedId())('Jira sync on %p', databaseId => {
  let jira: FakeJira;
  afterEach(() => jira.stop());

  it('pages Cloud search/jql by nextPageToken, waits out a 429, retries a 5xx', async () => {
    jira = await new FakeJira('cloud').start();
    jira.issues = ISSUES;
    jira.failures = [
      { project: 'PAY', status: 429, headers: { 'Retry-After': '1' } },
      { project: 'PAY', from: '2', status: 503 },
    ];
    const { knex, server } = await start(databaseId, jira);
    const status = await syncOnce(server);
    expect(status.runs[0]).toMatchObject({
      status: 'succeeded',
      requests: 6,
      items: { bugs: 4, incidents: 1 },
      errors: [],
    });
    // OPS: one page; PAY: 429 then page 1, page 2 after a 503, page 3.
    expect(
      jira.requests.map(r => [
        r.path,
        r.jql.slice(0, 14),
        r.from ?? null,
        r.maxResults,
        r.status,
      ]),
    ).toEqual([
      ['/rest/api/3/search/jql', 'project = "OPS', null, 2, 200],
      ['/rest/api/3/search/jql', 'project = "PAY', null, 2, 429],
      ['/rest/api/3/search/jql', 'project = "PAY', null, 2, 200],
      ['/rest/api/3/search/jql', 'project = "PAY', '2', 2, 503],
      ['/rest/api/3/search/jql', 'project = "PAY', '2', 2, 200],
      ['/rest/api/3/search/jql', 'project = "PAY', '4', 2, 200],
    ]);
    expect(new Set(jira.requests.map(r => r.authorization))).toEqual(
      new Set([
        `Basic ${Buffer.from('bot@example.com:cloud-api-token').toString(
          'base64',
        )}`,
      ]),
    );
    expect(await storedIssues(knex)).toEqual(expectedRows(jira.baseUrl));
    expect(
      status.projects.map((p: any) => [p.project, p.status, p.cursor]),
    ).toEqual([
      ['OPS', 'ok', '2026-03-06T09:00:00.000Z'],
      ['PAY', 'ok', '2026-03-05T09:00:00.000Z'],
    ]);

    await sendPullRequests(server, 'payments');
    const metrics = await scorecard(server, 'payments', WINDOW);
    // PAY-1 (03-02) and PAY-5 (03-05) / alice and bob = 1.
    expect(metrics.bugs_per_developer).toMatchObject({
      value: 1,
      numerator: 2,
      denominator: 2,
    });
    // PAY-3 / two merged PRs.
    expect(metrics.incidents_per_pr).toMatchObject({
      value: 0.5,
      numerator: 1,
      denominator: 2,
    });
  });

  it('pages Data Center search by startAt, and a run stopped mid-project resumes without loss or duplicates', async () => {
    jira = await new FakeJira('datacenter').start();
    jira.issues = ISSUES;
    // PAY's third page fails for good in the first run (a 400 is not retried).
    jira.failures = [{ project: 'PAY', from: '4', status: 400 }];
    const { knex, server } = await start(databaseId, jira);
    const first = await syncOnce(server);
    expect(first.runs[0]).toMatchObject({
      status: 'partial',
      requests: 4,
      items: { bugs: 3, incidents: 1 },
    });
    expect(first.runs[0].errors).toHaveLength(1);
    // Cursor at the newest issue delivered: PAY-4 of page 2.
    expect(
      first.projects.map((p: any) => [p.project, p.status, p.cursor]),
    ).toEqual([
      ['OPS', 'ok', '2026-03-06T09:00:00.000Z'],
      ['PAY', 'error', '2026-03-04T11:00:00.000Z'],
    ]);
    expect(await counts(knex)).toEqual({ raw: 0, bugs: 3, incidents: 1 });

    const second = await syncOnce(server);
    expect(second.runs[0]).toMatchObject({ status: 'succeeded', errors: [] });
    // The resumed search starts 5 minutes before the cursor: PAY-4 and PAY-5 only.
    const resumed = jira.requests.slice(4);
    expect(
      resumed.map(r => [r.path, r.jql.slice(0, 14), r.from, r.status]),
    ).toEqual([
      ['/rest/api/2/search', 'project = "OPS', '0', 200],
      ['/rest/api/2/search', 'project = "PAY', '0', 200],
    ]);
    expect(new Set(jira.requests.map(r => r.authorization))).toEqual(
      new Set(['Bearer dc-pat']),
    );
    expect(await storedIssues(knex)).toEqual(expectedRows(jira.baseUrl));
    expect(await counts(knex)).toEqual({ raw: 0, bugs: 4, incidents: 1 });
  });

  it('searches only the projects an instance lists', async () => {
    jira = await new FakeJira('datacenter').start();
    jira.issues = ISSUES;
    const { knex, server } = await start(databaseId, jira, {
      projects: ['pay'],
    });
    const status = await syncOnce(server);
    expect(status.runs[0]).toMatchObject({
      status: 'succeeded',
      requests: 3,
      items: { bugs: 3, incidents: 1 },
    });
    expect(jira.requests.map(r => [r.jql.slice(0, 14), r.from])).toEqual([
      ['project = "PAY', '0'],
      ['project = "PAY', '2'],
      ['project = "PAY', '4'],
    ]);
    expect(await counts(knex)).toEqual({ raw: 0, bugs: 3, incidents: 1 });
    // Jira syncs as a whole: a one-entity request says so.
    const one = await request(server)
      .post(`${BASE}/jira/sync`)
      .set(AUTH)
      .send({ entityRef: 'component:default/payments' });
    expect([one.status, one.body.error.message]).toEqual([
      400,
      'Jira syncs only as a whole: send {} to start the sync of everything',
    ]);
  });

  it('removes a bug whose issue is no longer a bug, at the next run', async () => {
    jira = await new FakeJira('datacenter').start();
    jira.issues = ISSUES;
    const { knex, server } = await start(databaseId, jira, {
      projects: ['pay'],
    });
    await syncOnce(server);
    expect(await counts(knex)).toEqual({ raw: 0, bugs: 3, incidents: 1 });
    // PAY-2 became a Task an hour after the last run's newest update.
    jira.issues = ISSUES.map(i =>
      i.key === 'PAY-2'
        ? { ...i, type: 'Task', updated: '2026-03-05T10:00:00.000+0000' }
        : i,
    );
    const status = await syncOnce(server);
    expect(status.runs[0].status).toBe('succeeded');
    expect(await counts(knex)).toEqual({ raw: 0, bugs: 2, incidents: 1 });
    expect(JSON.stringify(await storedIssues(knex))).not.toContain(
      'Slow export',
    );
  });
});

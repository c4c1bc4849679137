/*
 * Jira issue webhooks through the plugin's signed route, into the real store,
 * on SQLite and PostgreSQL; then the scorecard computed from them.
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  counts,
  postWebhook as post,
  scorecard,
  sendPullRequests,
  startBackend,
  storedIssues,
} from '../__testUtils__/backend';
import {
  IssueInput,
  issueWebhook,
  PAY1,
  PAY2,
  PAY3,
  PAY4,
  SITE,
} from '../__testUtils__/jiraPayloads';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const HOST = SITE.replace('https://', '');
const WINDOW = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return { knex, server: await startBackend(knex) };
}

describe.each(databases.eachSupportedId())(
  'Jira webhooks on %p',
  databaseId => {
    it('maps bugs and incidents to their entities and into the scorecard', async () => {
      const { server, knex } = await start(databaseId);
      for (const input of [PAY1, PAY2, PAY3, PAY4]) {
        expect(
          (await post(server, issueWebhook('jira:issue_created', input)))
            .status,
        ).toBe(202);
      }
      // An event the module does not map is kept and answered.
      expect(
        (
          await post(server, {
            webhookEvent: 'jira:version_released',
            timestamp: 1,
          })
        ).body,
      ).toMatchObject({ events: 0 });
      expect(await counts(knex)).toEqual({ raw: 5, bugs: 2, incidents: 1 });
      expect(await storedIssues(knex)).toEqual({
        bugs: [
          // Component Payments: the narrowed entity; Highest → critical; closed at its resolution date.
          {
            id: `${HOST}/10001`,
            entityRef: 'component:default/payments',
            title: 'Refund rounding',
            severity: 'critical',
            createdAt: '2026-03-02T10:00:00.000Z',
            closedAt: '2026-03-03T10:00:00.000Z',
            introducedBy: 12,
            url: `${SITE}/browse/PAY-1`,
          },
          // No component: the project-wide entity; Minor → low; +0100 read as such.
          {
            id: `${HOST}/10002`,
            entityRef: 'component:default/pay-all',
            title: 'Slow export',
            severity: 'low',
            createdAt: '2026-03-04T08:00:00.000Z',
            closedAt: null,
            introducedBy: null,
            url: `${SITE}/browse/PAY-2`,
          },
        ],
        incidents: [
          {
            id: `${HOST}/10003`,
            entityRef: 'component:default/payments',
            title: 'Card payments fail',
            severity: 'high',
            createdAt: '2026-03-04T08:00:00.000Z',
            resolvedAt: '2026-03-04T10:00:00.000Z',
            url: `${SITE}/browse/PAY-3`,
          },
        ],
      });

      await sendPullRequests(server, 'payments');
      const metrics = await scorecard(server, 'payments', WINDOW);
      // One bug (PAY-1, created 03-02) / two authors of merged PRs (alice, bob) = 0.5.
      expect(metrics.bugs_per_developer).toMatchObject({
        value: 0.5,
        numerator: 1,
        denominator: 2,
      });
      // One incident (PAY-3) / two merged PRs = 0.5.
      expect(metrics.incidents_per_pr).toMatchObject({
        value: 0.5,
        numerator: 1,
        denominator: 2,
      });
      // PAY-3: created 08:00Z, resolved 10:00Z = 7,200 s.
      expect(metrics.time_to_restore).toMatchObject({ value: 7200, n: 1 });
    });

    it('keeps the newest version whatever the order, and a deleted issue stays deleted', async () => {
      const { server, knex } = await start(databaseId);
      const base: IssueInput = {
        id: '10006',
        key: 'PAY-6',
        components: ['Payments'],
        created: '2026-03-05T10:00:00.000+0000',
        updated: '2026-03-05T10:00:00.000+0000',
        priority: 'Low',
      };
      const newest = {
        ...base,
        priority: 'High',
        updated: '2026-03-05T12:00:00.000+0000',
      };
      const older = {
        ...base,
        priority: 'Blocker',
        updated: '2026-03-05T11:00:00.000+0000',
      };
      for (const body of [
        issueWebhook('jira:issue_updated', newest),
        issueWebhook('jira:issue_updated', older),
        issueWebhook('jira:issue_created', base),
      ]) {
        expect((await post(server, body)).status).toBe(202);
      }
      expect((await storedIssues(knex)).bugs.map(b => b.severity)).toEqual([
        'high',
      ]);
      // Deleted at 13:00; an update of 12:30 arriving late does not bring it back.
      await post(
        server,
        issueWebhook('jira:issue_deleted', newest, {
          timestamp: Date.parse('2026-03-05T13:00:00Z'),
        }),
      ).expect(202);
      expect(await counts(knex)).toEqual({ raw: 4, bugs: 0, incidents: 0 });
      await post(
        server,
        issueWebhook('jira:issue_updated', {
          ...base,
          updated: '2026-03-05T12:30:00.000+0000',
        }),
      ).expect(202);
      expect(await counts(knex)).toEqual({ raw: 5, bugs: 0, incidents: 0 });
    });

    it('reopens a resolved bug, and drops an issue that is no longer a bug', async () => {
      const { server, knex } = await start(databaseId);
      const resolved: IssueInput = {
        id: '10007',
        key: 'PAY-7',
        components: ['Payments'],
        created: '2026-03-02T10:00:00.000+0000',
        updated: '2026-03-03T12:00:00.000+0000',
        resolved: '2026-03-03T12:00:00.000+0000',
        category: 'done',
      };
      await post(server, issueWebhook('jira:issue_created', resolved)).expect(
        202,
      );
      expect((await storedIssues(knex)).bugs.map(b => b.closedAt)).toEqual([
        '2026-03-03T12:00:00.000Z',
      ]);
      // Done without a resolution date: closed when its status category changed, else at its update.
      await post(
        server,
        issueWebhook('jira:issue_updated', {
          ...resolved,
          resolved: null,
          updated: '2026-03-03T13:00:00.000+0000',
        }),
      ).expect(202);
      expect((await storedIssues(knex)).bugs.map(b => b.closedAt)).toEqual([
        '2026-03-03T13:00:00.000Z',
      ]);
      await post(
        server,
        issueWebhook(
          'jira:issue_updated',
          {
            ...resolved,
            resolved: null,
            category: 'indeterminate',
            updated: '2026-03-04T09:00:00.000+0000',
          },
          {
            comment:
              'Back again, caused by https://github.com/acme/payments/pull/31',
          },
        ),
      ).expect(202);
      expect(
        (await storedIssues(knex)).bugs.map(b => [b.closedAt, b.introducedBy]),
      ).toEqual([[null, 31]]);
      // The PR named in a comment stays when later payloads carry no comment.
      await post(
        server,
        issueWebhook('jira:issue_updated', {
          ...resolved,
          resolved: null,
          category: 'new',
          updated: '2026-03-04T10:00:00.000+0000',
        }),
      ).expect(202);
      expect(
        (await storedIssues(knex)).bugs.map(b => [b.closedAt, b.introducedBy]),
      ).toEqual([[null, 31]]);
      await post(
        server,
        issueWebhook('jira:issue_updated', {
          ...resolved,
          type: 'Story',
          updated: '2026-03-04T11:00:00.000+0000',
        }),
      ).expect(202);
      expect(await counts(knex)).toEqual({ raw: 5, bugs: 0, incidents: 0 });
    });

    it('re-attributes a bug that moves to another project', async () => {
      const { server, knex } = await start(databaseId);
      await sendPullRequests(server, 'payments');
      const before: IssueInput = {
        id: '10008',
        key: 'PAY-8',
        components: ['Payments'],
        created: '2026-03-03T10:00:00.000+0000',
        updated: '2026-03-03T10:00:00.000+0000',
      };
      await post(server, issueWebhook('jira:issue_created', before)).expect(
        202,
      );
      // 1 bug / 2 authors.
      expect(
        (await scorecard(server, 'payments', WINDOW)).bugs_per_developer,
      ).toMatchObject({ value: 0.5, numerator: 1 });
      await post(
        server,
        issueWebhook('jira:issue_updated', {
          ...before,
          key: 'OPS-1',
          components: [],
          updated: '2026-03-04T10:00:00.000+0000',
        }),
      ).expect(202);
      expect(
        (await storedIssues(knex)).bugs.map(b => [b.id, b.entityRef, b.url]),
      ).toEqual([
        [`${HOST}/10008`, 'component:default/ops', `${SITE}/browse/OPS-1`],
      ]);
      // 0 bugs / 2 authors.
      expect(
        (await scorecard(server, 'payments', WINDOW)).bugs_per_developer,
      ).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    });
  },
);

/*
 * Verification and naming of Jira deliveries through the plugin's signed
 * route, on SQLite and PostgreSQL: nothing is stored of a delivery refused.
 */
import request from 'supertest';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  counts,
  DC_TOKEN,
  postWebhook as post,
  SECRETS,
  startBackend,
} from '../__testUtils__/backend';
import {
  hubSignature,
  issueWebhook,
  PAY1,
  PAY2,
  PAY3,
} from '../__testUtils__/jiraPayloads';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return { knex, server: await startBackend(knex) };
}

describe.each(databases.eachSupportedId())(
  'Jira webhook verification on %p',
  databaseId => {
    it('answers 401 to a missing or wrong signature or token and stores nothing', async () => {
      const { server, knex } = await start(databaseId);
      const body = JSON.stringify(issueWebhook('jira:issue_created', PAY2));
      const none = await post(server, body, {});
      expect([none.status, none.body.error.message]).toEqual([
        401,
        'Missing X-Hub-Signature (or X-Shewhart-Webhook-Token header, or token parameter)',
      ]);
      const wrong = await post(server, body, {
        'x-hub-signature': hubSignature(body, 'not-the-secret'),
      });
      expect([wrong.status, wrong.body.error.message]).toEqual([
        401,
        'Invalid X-Hub-Signature',
      ]);
      // Signed, but over other bytes than those sent.
      const other = await post(server, body, {
        'x-hub-signature': hubSignature(`${body} `, SECRETS[1]),
      });
      expect(other.status).toBe(401);
      const malformed = await post(server, body, {
        'x-hub-signature': 'sha256=xyz',
      });
      expect(malformed.status).toBe(401);
      const badToken = await post(server, body, {
        'x-shewhart-webhook-token': `${DC_TOKEN}x`,
      });
      expect([badToken.status, badToken.body.error.message]).toEqual([
        401,
        'Invalid X-Shewhart-Webhook-Token (or token parameter)',
      ]);
      const badQuery = await request(server)
        .post(`/api/quality-scorecard/webhooks/jira?token=${DC_TOKEN}x`)
        .set('content-type', 'application/json')
        .send(body);
      expect(badQuery.status).toBe(401);
      expect(await counts(knex)).toEqual({ raw: 0, bugs: 0, incidents: 0 });
      // Either secret of a rotation verifies, and so does the Data Center token.
      const old = await post(server, body, {
        'x-hub-signature': hubSignature(body, SECRETS[0]),
      });
      expect([old.status, old.body.events]).toEqual([202, 1]);
      const dc = await post(server, issueWebhook('jira:issue_created', PAY1), {
        'x-shewhart-webhook-token': DC_TOKEN,
      });
      expect([dc.status, dc.body.events]).toEqual([202, 1]);
      // Data Center cannot add a header: the token in the URL.
      const dcQuery = await request(server)
        .post(
          `/api/quality-scorecard/webhooks/jira?token=${encodeURIComponent(
            DC_TOKEN,
          )}`,
        )
        .set('content-type', 'application/json')
        .send(JSON.stringify(issueWebhook('jira:issue_created', PAY3)));
      expect([dcQuery.status, dcQuery.body.events]).toEqual([202, 1]);
      expect(await counts(knex)).toEqual({ raw: 3, bugs: 2, incidents: 1 });
    });

    it('stores a retried delivery once, by X-Atlassian-Webhook-Identifier, else by a hash of the body', async () => {
      const { server, knex } = await start(databaseId);
      const body = JSON.stringify(issueWebhook('jira:issue_created', PAY2));
      const headers = {
        'x-hub-signature': hubSignature(body, SECRETS[1]),
        'x-atlassian-webhook-identifier':
          '7f1a9e0c-4bcd-4c4e-9a0e-1d2b3c4d5e6f',
      };
      expect((await post(server, body, headers)).status).toBe(202);
      const again = await post(server, body, headers);
      expect([
        again.status,
        again.body.deliveryId,
        again.body.duplicate,
      ]).toEqual([200, headers['x-atlassian-webhook-identifier'], true]);
      const unkeyed = await post(
        server,
        issueWebhook('jira:issue_created', PAY1),
      );
      expect(unkeyed.body.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
      const unkeyedAgain = await post(
        server,
        issueWebhook('jira:issue_created', PAY1),
      );
      expect([unkeyedAgain.status, unkeyedAgain.body.deliveryId]).toEqual([
        200,
        unkeyed.body.deliveryId,
      ]);
      expect(await counts(knex)).toEqual({ raw: 2, bugs: 2, incidents: 0 });
    });

    const valid = issueWebhook('jira:issue_updated', PAY1);
    it.each([
      ['{"webhookEvent": "jira:issue_updated",', /JSON/i],
      [{ ...valid, webhookEvent: undefined }, /^webhookEvent is required/],
      [
        { ...valid, timestamp: '1772445600000' },
        /^jira:issue_updated: timestamp must be number, not string$/,
      ],
      [
        { ...valid, issue: { ...valid.issue, id: 10001 } },
        /^jira:issue_updated: issue\.id must be string, not number$/,
      ],
      [
        { ...valid, issue: { ...valid.issue, key: 'PAY 1' } },
        /^jira:issue_updated: issue\.key must be an issue key/,
      ],
      [
        {
          ...valid,
          issue: {
            ...valid.issue,
            fields: { ...valid.issue.fields, project: undefined },
          },
        },
        /^jira:issue_updated: issue\.fields\.project is required$/,
      ],
      [
        {
          ...valid,
          issue: {
            ...valid.issue,
            fields: { ...valid.issue.fields, created: 'yesterday' },
          },
        },
        /^jira:issue_updated: issue\.fields\.created must be a time/,
      ],
      [
        {
          ...valid,
          issue: {
            ...valid.issue,
            fields: { ...valid.issue.fields, labels: 'bug' },
          },
        },
        /^jira:issue_updated: issue\.fields\.labels must be array, not string$/,
      ],
    ])(
      'answers 400 naming the field and stores nothing: %#',
      async (body, message) => {
        const { server, knex } = await start(databaseId);
        const res = await post(server, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await counts(knex)).toEqual({ raw: 0, bugs: 0, incidents: 0 });
      },
    );
  },
);

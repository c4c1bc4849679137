/* The module installed but not configured: idle, and says so. */
import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AUTH, BASE, counts, startBackend } from './__testUtils__/backend';
import { hubSignature, issueWebhook } from './__testUtils__/jiraPayloads';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

it('answers 401 to every delivery and reports the sync disabled without configuration', async () => {
  const knex = await databases.init('SQLITE_3');
  const server = await startBackend(knex, {
    webhookSecrets: [],
    webhookTokens: [],
  });
  const body = JSON.stringify(
    issueWebhook('jira:issue_created', {
      id: '1',
      key: 'PAY-1',
      created: '2026-03-02T10:00:00.000+0000',
      updated: '2026-03-02T10:00:00.000+0000',
    }),
  );
  const res = await request(server)
    .post(`${BASE}/webhooks/jira`)
    .set('content-type', 'application/json')
    .set('x-hub-signature', hubSignature(body, ''))
    .send(body);
  expect([res.status, res.body.error.message]).toEqual([
    401,
    'Jira webhooks are not configured (qualityScorecard.jira.webhookSecrets or webhookTokens)',
  ]);
  expect(await counts(knex)).toEqual({ raw: 0, bugs: 0, incidents: 0 });
  const status = await request(server)
    .get(`${BASE}/jira/sync/status`)
    .set(AUTH)
    .expect(200);
  expect(status.body).toEqual({
    enabled: false,
    reason: 'no Jira instance is configured (qualityScorecard.jira.instances)',
    runs: [],
    projects: [],
  });
  const sync = await request(server)
    .post(`${BASE}/jira/sync`)
    .set(AUTH)
    .send({});
  expect([sync.status, sync.body.error.message]).toEqual([
    503,
    'Jira sync is disabled: no Jira instance is configured (qualityScorecard.jira.instances)',
  ]);
});

import { createHmac } from 'crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import { ConfigReader } from '@backstage/config';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { readPluginConfig } from '../config/pluginConfig';

/*
 * Secret rotation of the plugin's own signed sources (GitHub, PagerDuty) over
 * HTTP, on SQLite and PostgreSQL: which configured secret verified each
 * stored delivery, and GET /admin/webhook-secrets.
 *
 * Fingerprints computed apart from this code, with
 *   printf %s shewhart-fingerprint | openssl dgst -sha256 -hmac <secret>
 * (the first 8 hex digits).
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ADMIN = 'user:default/admin';
const DEVELOPER = 'user:default/dev';
const DAY = 86_400_000;

const GITHUB = ['old-secret', 'new-secret'];
const PAGERDUTY = ['pd-old', 'pd-new'];
const FP = {
  'old-secret': '4903092e',
  'new-secret': 'be5da7fc',
  'pd-old': '520d244d',
  'pd-new': '0d6fdd19',
  'gh-only': '8da4179b',
};
const GITHUB_KEY = 'qualityScorecard.github.webhookSecrets';
const PAGERDUTY_KEY = 'qualityScorecard.pagerduty.webhookSecrets';

const hmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

async function start(databaseId: TestDatabaseId, qualityScorecard: JsonObject) {
  const knex = await databases.init(databaseId);
  const { server } = await startQualityBackend({
    knex,
    qualityScorecard,
    // Only the admin holds the admin permission.
    allow: ({ permission, user }) =>
      permission !== 'quality-scorecard.admin' || user === ADMIN,
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function postGithub(server: Server, deliveryId: string, secret: string) {
  const body = JSON.stringify({
    zen: 'Keep it logically awesome.',
    repository: { full_name: 'acme/payments' },
  });
  return request(server)
    .post(`${BASE}/webhooks/github`)
    .set('content-type', 'application/json')
    .set('x-github-event', 'ping')
    .set('x-github-delivery', deliveryId)
    .set('x-hub-signature-256', `sha256=${hmac(secret, body)}`)
    .send(body);
}

function postPagerDuty(server: Server, eventId: string, secrets: string[]) {
  const body = JSON.stringify({
    event: { id: eventId, event_type: 'pagey.ping', data: {} },
  });
  return request(server)
    .post(`${BASE}/webhooks/pagerduty`)
    .set('content-type', 'application/json')
    .set(
      'x-pagerduty-signature',
      secrets.map(s => `v1=${hmac(s, body)}`).join(','),
    )
    .send(body);
}

async function stored(knex: Knex) {
  const rows = await knex('qs_raw_deliveries')
    .orderBy('id')
    .select('source', 'delivery_id', 'secret_position', 'secret_fingerprint');
  return rows.map(r => [
    r.source,
    r.delivery_id,
    r.secret_position === null ? null : Number(r.secret_position),
    r.secret_fingerprint,
  ]);
}

describe.each(databases.eachSupportedId())(
  'webhook secret rotation on %p',
  databaseId => {
    it('accepts GitHub and PagerDuty deliveries signed by either secret and stores which one', async () => {
      const { server, knex } = await start(databaseId, {
        github: { webhookSecrets: GITHUB },
        pagerduty: { webhookSecrets: PAGERDUTY },
      });
      await postGithub(server, 'gh-1', 'old-secret').expect(202);
      await postGithub(server, 'gh-2', 'new-secret').expect(202);
      await postPagerDuty(server, 'pd-1', ['pd-old']).expect(202);
      // PagerDuty signs with each active secret while one rotates.
      await postPagerDuty(server, 'pd-2', ['someone-else', 'pd-new']).expect(
        202,
      );
      await postPagerDuty(server, 'pd-3', ['pd-new', 'pd-old']).expect(202);
      expect(await stored(knex)).toEqual([
        ['github', 'gh-1', 0, FP['old-secret']],
        ['github', 'gh-2', 1, FP['new-secret']],
        ['pagerduty', 'pd-1', 0, FP['pd-old']],
        ['pagerduty', 'pd-2', 1, FP['pd-new']],
        // The first configured secret that any signature matches.
        ['pagerduty', 'pd-3', 0, FP['pd-old']],
      ]);
    });

    it('answers 401 to a wrong secret and stores nothing', async () => {
      const { server, knex } = await start(databaseId, {
        github: { webhookSecrets: GITHUB },
        pagerduty: { webhookSecrets: PAGERDUTY },
      });
      await postGithub(server, 'gh-x', 'pd-old').expect(401);
      await postGithub(server, 'gh-y', 'gh-only').expect(401);
      await postPagerDuty(server, 'pd-x', ['old-secret']).expect(401);
      await postPagerDuty(server, 'pd-y', []).expect(401);
      expect(await stored(knex)).toEqual([]);
    });

    it('keeps the deprecated single github.webhookSecret working, alone and after the list', async () => {
      const alone = await start(databaseId, {
        github: { webhookSecret: 'gh-only' },
      });
      await postGithub(alone.server, 'gh-1', 'gh-only').expect(202);
      await postGithub(alone.server, 'gh-2', 'old-secret').expect(401);
      expect(await stored(alone.knex)).toEqual([
        ['github', 'gh-1', 0, FP['gh-only']],
      ]);

      const both = await start(databaseId, {
        github: { webhookSecrets: ['new-secret'], webhookSecret: 'old-secret' },
      });
      await postGithub(both.server, 'gh-1', 'new-secret').expect(202);
      await postGithub(both.server, 'gh-2', 'old-secret').expect(202);
      expect(await stored(both.knex)).toEqual([
        ['github', 'gh-1', 0, FP['new-secret']],
        ['github', 'gh-2', 1, FP['old-secret']],
      ]);
    });

    it('reports per source what each configured secret verified, to the admin only', async () => {
      const { server, knex } = await start(databaseId, {
        github: { webhookSecrets: GITHUB },
        pagerduty: { webhookSecrets: PAGERDUTY },
      });
      const now = Date.now();
      // Stored earlier: by the old GitHub secret 40 days ago, and by a
      // secret no longer configured 10 days ago.
      await knex('qs_raw_deliveries').insert([
        {
          source: 'github',
          delivery_id: 'gh-old',
          event_name: 'ping',
          payload: '{}',
          received_at: now - 40 * DAY,
          processed_at: now - 40 * DAY,
          secret_position: 0,
          secret_fingerprint: FP['old-secret'],
        },
        {
          source: 'github',
          delivery_id: 'gh-removed',
          event_name: 'ping',
          payload: '{}',
          received_at: now - 10 * DAY,
          processed_at: now - 10 * DAY,
          secret_position: 0,
          secret_fingerprint: 'deadbeef',
        },
      ]);
      await postGithub(server, 'gh-1', 'new-secret').expect(202);
      await postGithub(server, 'gh-2', 'new-secret').expect(202);
      await postPagerDuty(server, 'pd-1', ['pd-old', 'pd-new']).expect(202);
      const receivedAt = async (deliveryId: string) =>
        new Date(
          Number(
            (
              await knex('qs_raw_deliveries')
                .where({ delivery_id: deliveryId })
                .first('received_at')
            ).received_at,
          ),
        ).toISOString();

      const answer = await request(server)
        .get(`${BASE}/admin/webhook-secrets`)
        .set(as(ADMIN))
        .expect(200);
      expect(answer.body.days).toBe(30);
      expect(
        Math.abs(Date.parse(answer.body.since) - (now - 30 * DAY)),
      ).toBeLessThan(60_000);
      expect(answer.body.sources).toEqual([
        {
          source: 'github',
          reportsSecrets: true,
          secrets: [
            {
              list: GITHUB_KEY,
              position: 0,
              fingerprint: FP['old-secret'],
              deliveries: 0,
              lastVerifiedAt: new Date(now - 40 * DAY).toISOString(),
            },
            {
              list: GITHUB_KEY,
              position: 1,
              fingerprint: FP['new-secret'],
              deliveries: 2,
              lastVerifiedAt: await receivedAt('gh-2'),
            },
          ],
          unconfigured: [
            {
              fingerprint: 'deadbeef',
              deliveries: 1,
              lastVerifiedAt: new Date(now - 10 * DAY).toISOString(),
            },
          ],
        },
        {
          source: 'pagerduty',
          reportsSecrets: true,
          secrets: [
            {
              list: PAGERDUTY_KEY,
              position: 0,
              fingerprint: FP['pd-old'],
              deliveries: 1,
              lastVerifiedAt: await receivedAt('pd-1'),
            },
            {
              list: PAGERDUTY_KEY,
              position: 1,
              fingerprint: FP['pd-new'],
              deliveries: 0,
              lastVerifiedAt: null,
            },
          ],
          unconfigured: [],
        },
      ]);

      // A window of 45 days takes in the delivery of 40 days ago; 5 days
      // leaves out the one of 10 days ago.
      const wide = await request(server)
        .get(`${BASE}/admin/webhook-secrets?days=45`)
        .set(as(ADMIN))
        .expect(200);
      expect(
        wide.body.sources[0].secrets.map((s: any) => s.deliveries),
      ).toEqual([1, 2]);
      const narrow = await request(server)
        .get(`${BASE}/admin/webhook-secrets?days=5`)
        .set(as(ADMIN))
        .expect(200);
      expect(narrow.body.sources[0].unconfigured[0].deliveries).toBe(0);

      await request(server)
        .get(`${BASE}/admin/webhook-secrets`)
        .set(as(DEVELOPER))
        .expect(403);
      await request(server).get(`${BASE}/admin/webhook-secrets`).expect(401);
      for (const days of ['0', '3651', 'abc', '1.5']) {
        const bad = await request(server)
          .get(`${BASE}/admin/webhook-secrets?days=${days}`)
          .set(as(ADMIN))
          .expect(400);
        expect(bad.body.error.message).toMatch(/days/);
      }
      // The senders' path stays open to them only: no admin route behind it.
      await request(server)
        .get(`${BASE}/webhooks/secrets`)
        .set(as(ADMIN))
        .expect(404);
    });
  },
);

describe('reading the GitHub secrets', () => {
  const read = (github: JsonObject) =>
    readPluginConfig(new ConfigReader({ qualityScorecard: { github } }));

  it.each([
    [{ webhookSecrets: ['a', 'b'] }, ['a', 'b'], false],
    [{ webhookSecret: 'a' }, ['a'], true],
    [{ webhookSecrets: ['b'], webhookSecret: 'a' }, ['b', 'a'], true],
    [{ webhookSecrets: ['a', 'b'], webhookSecret: 'a' }, ['a', 'b'], true],
    [{}, [], false],
  ])('reads %j as %j (deprecated key: %p)', (github, secrets, deprecated) => {
    const config = read(github);
    expect(config.githubWebhookSecrets).toEqual(secrets);
    expect(config.githubWebhookSecretDeprecated).toBe(deprecated);
  });

  it('refuses an empty secret, which anyone could sign with', () => {
    expect(() => read({ webhookSecrets: ['a', ' '] })).toThrow(
      'qualityScorecard.github.webhookSecrets[1] is empty',
    );
  });
});

import request from 'supertest';
import { timingSafeEqual } from 'crypto';
import { Knex } from 'knex';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';

import {
  QualityWebhookSource,
  qualityScorecardWebhookSourcesExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const TOKEN = 'acme-shared-token';
const auth = as('user:default/mock');

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'acme/payments' },
  },
  spec: { owner: 'group:default/payments-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

/**
 * A deploy tool of a module's own, as a GitLab or Jira module would add one:
 * a shared token in a header, the delivery id in another, deployments in the body.
 */
const acmeDeploys: QualityWebhookSource = {
  id: 'acme-deploys',
  async accept(req) {
    const token = Buffer.from(req.header('X-Acme-Token') ?? '');
    if (
      token.length !== TOKEN.length ||
      !timingSafeEqual(token, Buffer.from(TOKEN))
    ) {
      throw new AuthenticationError('Invalid X-Acme-Token');
    }
    const deliveryId = req.header('X-Acme-Delivery');
    if (!deliveryId) throw new InputError('Missing X-Acme-Delivery header');
    const body = req.json();
    return { deliveryId, eventName: String(body.kind ?? 'deploy') };
  },
  serializationKey: payload => `acme:${String(payload.repository)}`,
  async map({ eventName, payload }) {
    if (eventName !== 'deploy') return [];
    if (typeof payload.id !== 'number')
      throw new InputError('id must be a number');
    return [
      {
        type: 'deployment',
        source: 'acme',
        id: `acme-${payload.id}`,
        repository: String(payload.repository),
        environment: 'production',
        status: payload.ok ? 'success' : 'failure',
        startedAt: null,
        finishedAt: String(payload.at),
        commitSha: null,
      },
    ];
  },
};

const acmeModule = createBackendModule({
  pluginId: 'quality-scorecard',
  moduleId: 'acme-deploys',
  register(env) {
    env.registerInit({
      deps: { sources: qualityScorecardWebhookSourcesExtensionPoint },
      async init({ sources }) {
        sources.addWebhookSource(acmeDeploys);
      },
    });
  },
});

function backend(
  knex: Knex,
  modules: ReturnType<typeof createBackendModule>[],
) {
  return startQualityBackend({
    knex,
    entities: [payments],
    features: [...modules, mockServices.scheduler.factory()],
  });
}

describe.each(databases.eachSupportedId())(
  'webhook sources of modules on %p',
  databaseId => {
    it('verify, store once, map and report their deliveries through the plugin', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex, [acmeModule]);
      const post = (body: object, headers: Record<string, string>) =>
        request(server)
          .post(`${BASE}/webhooks/acme-deploys`)
          .set('content-type', 'application/json')
          .set(headers)
          .send(JSON.stringify(body));
      const deploy = {
        kind: 'deploy',
        id: 7,
        repository: 'acme/payments',
        ok: false,
        at: '2026-03-04T10:00:00Z',
      };

      const wrong = await post(deploy, {
        'x-acme-token': 'nope',
        'x-acme-delivery': 'd1',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({
        name: 'AuthenticationError',
        message: 'Invalid X-Acme-Token',
      });
      const unnamed = await post(deploy, { 'x-acme-token': TOKEN });
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.error.message).toBe('Missing X-Acme-Delivery header');
      expect(
        Number((await knex('qs_raw_deliveries').count({ n: '*' }))[0].n),
      ).toBe(0);

      const ok = await post(deploy, {
        'x-acme-token': TOKEN,
        'x-acme-delivery': 'd1',
      });
      expect(ok.status).toBe(202);
      expect(ok.body).toEqual({
        deliveryId: 'd1',
        duplicate: false,
        processed: true,
        events: 1,
      });
      const again = await post(deploy, {
        'x-acme-token': TOKEN,
        'x-acme-delivery': 'd1',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        deliveryId: 'd1',
        duplicate: true,
        processed: false,
        events: 0,
      });

      const stored = await knex('qs_deployments').select(
        'source',
        'external_id',
        'status',
        'entity_ref',
      );
      expect(stored).toEqual([
        {
          source: 'acme',
          external_id: 'acme-7',
          status: 'failure',
          entity_ref: 'component:default/payments',
        },
      ]);
      const raw = await knex('qs_raw_deliveries').select(
        'source',
        'delivery_id',
        'event_name',
      );
      expect(raw).toEqual([
        { source: 'acme-deploys', delivery_id: 'd1', event_name: 'deploy' },
      ]);

      // A payload the source cannot map is kept, failed, for the operator.
      const bad = await post(
        { kind: 'deploy', id: 'x', repository: 'acme/payments' },
        { 'x-acme-token': TOKEN, 'x-acme-delivery': 'd2' },
      );
      expect(bad.status).toBe(202);
      expect(bad.body).toEqual({
        deliveryId: 'd2',
        duplicate: false,
        processed: false,
        events: 0,
      });
      const failed = await request(server)
        .get(`${BASE}/deliveries/failed`)
        .set(auth)
        .expect(200);
      expect(failed.body.items).toEqual([
        expect.objectContaining({
          source: 'acme-deploys',
          deliveryId: 'd2',
          error: 'InputError: id must be a number',
        }),
      ]);

      // No source of that name: 404, nothing stored.
      const unknown = await request(server)
        .post(`${BASE}/webhooks/nobody`)
        .set('content-type', 'application/json')
        .send('{}');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        "No webhook source 'nobody' is installed",
      );
      expect(
        Number((await knex('qs_raw_deliveries').count({ n: '*' }))[0].n),
      ).toBe(2);
    });

    it('refuses a module source that takes a built-in id or an id unfit for a route', async () => {
      const knex = await databases.init(databaseId);
      const taking = (id: string) =>
        createBackendModule({
          pluginId: 'quality-scorecard',
          moduleId: `taking-${id.replace(/[^a-z]/g, '')}`,
          register(env) {
            env.registerInit({
              deps: { sources: qualityScorecardWebhookSourcesExtensionPoint },
              async init({ sources }) {
                sources.addWebhookSource({ ...acmeDeploys, id });
              },
            });
          },
        });
      await expect(backend(knex, [taking('github')])).rejects.toThrow(
        "A webhook source with id 'github' is already registered",
      );
      await expect(backend(knex, [taking('Acme/Deploys')])).rejects.toThrow(
        "A webhook source id must be lower-case letters, digits and dashes, not 'Acme/Deploys'",
      );
    });
  },
);

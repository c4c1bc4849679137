import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuditorService,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { createSourceSyncRouter } from './syncRouter';

const ADMIN = 'user:default/ken';
const OUTSIDER = 'user:default/mallory';

interface Recorded {
  eventId: string;
  severityLevel?: string;
  status: string;
  actor?: string;
  meta?: JsonObject;
  error?: string;
}

/** Keeps each event with the caller the request authenticates, as the backend's auditor logs it. */
function recordingAuditor(
  records: Recorded[],
  httpAuth: HttpAuthService,
): AuditorService {
  return {
    async createEvent(options) {
      const credentials = options.request
        ? await httpAuth.credentials(options.request)
        : undefined;
      const base = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        actor: (credentials?.principal as { userEntityRef?: string })
          ?.userEntityRef,
      };
      records.push({ ...base, status: 'initiated', meta: options.meta });
      return {
        async success(params) {
          records.push({ ...base, status: 'succeeded', meta: params?.meta });
        },
        async fail(params) {
          records.push({
            ...base,
            status: 'failed',
            meta: params.meta,
            error: `${params.error.name}: ${params.error.message}`,
          });
        },
      };
    },
  };
}

async function start() {
  const records: Recorded[] = [];
  const scheduler = mockServices.scheduler.mock();
  const syncPlugin = createBackendPlugin({
    pluginId: 'quality-scorecard',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
        },
        async init({ httpRouter, httpAuth, permissions, auditor }) {
          httpRouter.use(
            createSourceSyncRouter({
              source: 'acme',
              title: 'Acme',
              taskId: 'acme-sync',
              httpAuth,
              permissions,
              scheduler,
              auditor,
              emptyStatus: {},
              syncEntity: async ref => ({ runId: `run-of-${ref}` }),
            }),
          );
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      syncPlugin,
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          requests.map(() => ({
            result:
              (options?.credentials.principal as { userEntityRef?: string })
                .userEntityRef === OUTSIDER
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      }).factory,
      createServiceFactory({
        service: coreServices.auditor,
        deps: { httpAuth: coreServices.httpAuth },
        factory: ({ httpAuth }) => recordingAuditor(records, httpAuth),
      }),
    ],
  });
  return { server, records, scheduler };
}

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const SYNC = '/api/quality-scorecard/acme/sync';

describe('createSourceSyncRouter', () => {
  it('audits each sync trigger with the caller, the entity and the outcome', async () => {
    const { server, records, scheduler } = await start();
    await request(server)
      .post(SYNC)
      .set(as(ADMIN))
      .send({})
      .expect(202, { triggered: 'acme-sync' });
    expect(scheduler.triggerTask).toHaveBeenCalledWith('acme-sync');
    await request(server)
      .post(SYNC)
      .set(as(ADMIN))
      .send({ entityRef: 'payments' })
      .expect(202, {
        entityRef: 'component:default/payments',
        runId: 'run-of-component:default/payments',
      });
    await request(server).post(SYNC).set(as(OUTSIDER)).send({}).expect(403);
    await request(server)
      .post(SYNC)
      .set(as(ADMIN))
      .send({ entityRef: 7 })
      .expect(400);

    const all = { eventId: 'source-sync', severityLevel: 'medium' };
    const one = { eventId: 'source-sync', severityLevel: 'low' };
    expect(records).toEqual([
      {
        ...all,
        actor: ADMIN,
        status: 'initiated',
        meta: { source: 'acme', entityRef: null },
      },
      {
        ...all,
        actor: ADMIN,
        status: 'succeeded',
        meta: { source: 'acme', triggered: 'acme-sync' },
      },
      {
        ...one,
        actor: ADMIN,
        status: 'initiated',
        meta: { source: 'acme', entityRef: 'payments' },
      },
      {
        ...one,
        actor: ADMIN,
        status: 'succeeded',
        meta: {
          source: 'acme',
          entityRef: 'component:default/payments',
          runId: 'run-of-component:default/payments',
        },
      },
      {
        ...all,
        actor: OUTSIDER,
        status: 'initiated',
        meta: { source: 'acme', entityRef: null },
      },
      {
        ...all,
        actor: OUTSIDER,
        status: 'failed',
        error: 'NotAllowedError: Not allowed: quality-scorecard.admin',
      },
      {
        ...one,
        actor: ADMIN,
        status: 'initiated',
        meta: { source: 'acme', entityRef: null },
      },
      {
        ...one,
        actor: ADMIN,
        status: 'failed',
        error:
          'InputError: entityRef must be a string such as component:default/payments',
      },
    ]);
  });
});

/*
 * Who may do what, over HTTP, with the real permission backend and the real
 * catalog in one test backend: a policy (as the example portal's) answers
 * conditional decisions with the catalog's `isEntityOwner`, which the catalog
 * itself resolves for one entity and this plugin applies to roll-ups.
 *
 * The only stand-in is the mock auth service's tokens (read through
 * Backstage's own HTTP auth service); they are made to carry the calling
 * plugin as `actor` on a forwarded user token, as Backstage's own auth service
 * does, so the permission backend treats them as it treats real ones.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import knexFactory from 'knex';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardEntityReadPermission,
  qualityScorecardEventsCreatePermission,
  qualityScorecardExemptionReviewPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardPlugin } from '../plugin';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';

const ADA = 'user:default/ada'; // payments-team: owns payments-api
const LEE = 'user:default/lee'; // payments-team and platform: owns and approves
const PAT = 'user:default/pat'; // platform: approves, owns nothing
const ZED = 'user:default/zed'; // storefront-team: owns storefront-web
// Reads services only, by a rule this plugin leaves to the catalog (hasSpec).
const SAM = 'user:default/sam';
const MEMBERS: Record<string, string[]> = {
  [ADA]: ['group:default/payments-team'],
  [LEE]: ['group:default/payments-team', 'group:default/platform'],
  [PAT]: ['group:default/platform'],
  [ZED]: ['group:default/storefront-team'],
};
const PLATFORM = 'group:default/platform';

const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: engineering }
spec: { type: department, children: [payments-team, storefront-team, platform] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments-team }
spec: { type: team, parent: engineering, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: storefront-team }
spec: { type: team, parent: engineering, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, parent: engineering, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments-api }
spec: { type: service, lifecycle: production, owner: group:default/payments-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: storefront-web }
spec: { type: website, lifecycle: production, owner: group:default/storefront-team }
`;

/**
 * The policy under test, as a platform team would write it: scorecards and
 * exemption requests for an entity's owners (platform sees everything),
 * decisions and user-sent events for platform. It lets LEE review, so that
 * the plugin's own rule (no self-approval) is what stops LEE below.
 */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'governance-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            const claims = user?.info.ownershipEntityRefs ?? [];
            const platform = claims.includes(PLATFORM);
            const ownersOnly = () =>
              createCatalogConditionalDecision(
                req.permission as any,
                catalogConditions.isEntityOwner({ claims }),
              );
            if (
              isPermission(
                req.permission,
                qualityScorecardEntityReadPermission,
              ) &&
              user?.info.userEntityRef === SAM
            ) {
              return createCatalogConditionalDecision(
                req.permission as any,
                catalogConditions.hasSpec({ key: 'type', value: 'service' }),
              );
            }
            if (
              isPermission(req.permission, qualityScorecardEntityReadPermission)
            ) {
              return platform
                ? { result: AuthorizeResult.ALLOW }
                : ownersOnly();
            }
            if (
              isPermission(
                req.permission,
                qualityScorecardEntityExemptionRequestPermission,
              )
            ) {
              return ownersOnly();
            }
            if (
              isPermission(
                req.permission,
                qualityScorecardExemptionReviewPermission,
              ) ||
              isPermission(
                req.permission,
                qualityScorecardEventsCreatePermission,
              )
            ) {
              return {
                result: platform ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

const EXTERNAL = 'test-external-token:';
/** The Authorization header of an external-access token, restricted to `permissionNames` if given. */
const external = (permissionNames?: string[]) =>
  `Bearer ${EXTERNAL}${JSON.stringify({
    sub: 'external:ci-events',
    permissionNames,
  })}`;

/** The mock auth service, with a forwarded user token carrying its plugin as actor (as the real one). */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const prefix = 'mock-service-token:';
    const auth: AuthService = Object.create(inner);
    auth.authenticate = (async (token: string, options?: any) => {
      if (token.startsWith(prefix)) {
        const { obo } = JSON.parse(token.slice(prefix.length));
        if (obo) {
          return mockCredentials.user(obo, {
            actor: { subject: 'plugin:forwarding' },
          });
        }
      }
      return inner.authenticate(token, options);
    }) as AuthService['authenticate'];
    // An external-access token of the test: its subject and permission restrictions.
    auth.authenticate = (original => async (token: string, options?: any) => {
      if (token.startsWith(EXTERNAL)) {
        const { sub, permissionNames } = JSON.parse(
          token.slice(EXTERNAL.length),
        );
        return mockCredentials.service(
          sub,
          permissionNames ? { permissionNames } : undefined,
        );
      }
      return original(token, options);
    })(auth.authenticate) as AuthService['authenticate'];
    return auth;
  },
});

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERS[ref] ?? [])],
      };
    },
  }),
});

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const inDays = (d: number) =>
  new Date(Date.now() + d * 86_400_000).toISOString();

describe.each(databases.eachSupportedId())(
  'governance over HTTP on %p',
  databaseId => {
    let server: any;
    let dir: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'governance-'));
      fs.writeFileSync(path.join(dir, 'catalog.yaml'), CATALOG);
      const knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          qualityScorecardPlugin,
          catalogPlugin,
          permissionPlugin,
          policyModule,
          permissionsServiceFactory,
          authWithActors,
          httpAuthServiceFactory,
          userInfo,
          // The plugin on the database under test; the catalog and the
          // permission backend each on an in-memory SQLite of their own.
          createServiceFactory({
            service: coreServices.database,
            deps: { plugin: coreServices.pluginMetadata },
            factory({ plugin }) {
              const client =
                plugin.getId() === 'quality-scorecard'
                  ? knex
                  : knexFactory({
                      client: 'better-sqlite3',
                      connection: ':memory:',
                      useNullAsDefault: true,
                    });
              return { getClient: async () => client };
            },
          }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              catalog: {
                rules: [{ allow: ['Component', 'Group', 'User'] }],
                locations: [
                  { type: 'file', target: path.join(dir, 'catalog.yaml') },
                ],
              },
              qualityScorecard: {
                demoData: { enabled: false },
                checks: {
                  definitions: [
                    {
                      id: 'cfr',
                      title: 'CFR at most 15%',
                      metric: 'change_failure_rate',
                      operator: '<=',
                      threshold: 0.15,
                    },
                  ],
                  levels: [{ id: 'bronze', checks: ['cfr'] }],
                },
              },
            },
          }),
        ],
      }));
      // The catalog reads its file location in the background.
      for (let i = 0; i < 120; i++) {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/component/default/storefront-web')
          .set({ Authorization: mockCredentials.service.header() });
        if (res.status === 200) break;
        await new Promise(r => setTimeout(r, 500));
      }
    });

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const requestExemption = (user: string, entityRef: string) =>
      request(server)
        .post(`${BASE}/exemptions`)
        .set(as(user))
        .send({
          entityRef,
          checkId: 'cfr',
          reason: 'Migration window of two weeks',
          expiresAt: inDays(14),
        });

    it('lets owners request, refuses others, and never lets the requester decide their own request', async () => {
      const own = await requestExemption(
        ADA,
        'component:default/payments-api',
      ).expect(201);
      expect(own.body).toMatchObject({ status: 'pending', requestedBy: ADA });

      const other = await requestExemption(
        ZED,
        'component:default/payments-api',
      ).expect(403);
      expect(other.body.error.message).toBe(
        'Not allowed: quality-scorecard.entity.exemption.request on component:default/payments-api',
      );

      // LEE may review by policy, but not what LEE asked for.
      const lees = await requestExemption(
        LEE,
        'component:default/payments-api',
      ).expect(201);
      for (const action of ['approve', 'deny']) {
        const self = await request(server)
          .post(`${BASE}/exemptions/${lees.body.id}/${action}`)
          .set(as(LEE))
          .send({})
          .expect(403);
        expect(self.body.error.message).toBe(
          `Not allowed: ${LEE} requested exemption ${lees.body.id} and cannot ${action} it; another reviewer must`,
        );
      }
      // ADA is not an approver; PAT is.
      await request(server)
        .post(`${BASE}/exemptions/${own.body.id}/approve`)
        .set(as(ADA))
        .send({})
        .expect(403);
      const approved = await request(server)
        .post(`${BASE}/exemptions/${lees.body.id}/approve`)
        .set(as(PAT))
        .send({ note: 'ok for two weeks' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        requestedBy: LEE,
        decidedBy: PAT,
      });
      // LEE approves ADA's request: another person, so allowed.
      await request(server)
        .post(`${BASE}/exemptions/${own.body.id}/approve`)
        .set(as(LEE))
        .send({})
        .expect(200);
    });

    it('reads one entity only as its owner or platform, and rolls up only what the caller may read', async () => {
      const entity = `${BASE}/scorecards/entity/component/default/payments-api`;
      await request(server).get(entity).set(as(ADA)).expect(200);
      await request(server).get(entity).set(as(PAT)).expect(200);
      const denied = await request(server).get(entity).set(as(ZED)).expect(403);
      expect(denied.body.error.message).toBe(
        'Not allowed: quality-scorecard.entity.read on component:default/payments-api',
      );
      await request(server)
        .get(`${BASE}/gate/component/default/payments-api?level=bronze`)
        .set(as(ZED))
        .expect(403);
      await request(server)
        .get(`${BASE}/checks/entity/component/default/payments-api`)
        .set(as(ZED))
        .expect(403);
      await request(server)
        .get(`${BASE}/baselines/entity/component/default/payments-api`)
        .set(as(ZED))
        .expect(403);

      const breakdown = async (user: string) =>
        (
          await request(server)
            .get(`${BASE}/scorecards/owner/group/default/engineering/breakdown`)
            .set(as(user))
            .expect(200)
        ).body.entities.map((e: { entityRef: string }) => e.entityRef);
      expect(await breakdown(PAT)).toEqual([
        'component:default/payments-api',
        'component:default/storefront-web',
      ]);
      expect(await breakdown(ADA)).toEqual(['component:default/payments-api']);
      expect(await breakdown(ZED)).toEqual([
        'component:default/storefront-web',
      ]);
      // A condition the plugin does not apply itself: the catalog decides
      // (payments-api is a service, storefront-web a website).
      expect(await breakdown(SAM)).toEqual(['component:default/payments-api']);

      const overview = async (user: string) =>
        Object.fromEntries(
          (
            await request(server)
              .get(`${BASE}/overview`)
              .set(as(user))
              .expect(200)
          ).body.groups.map((g: { entityRef: string; entities: number }) => [
            g.entityRef,
            g.entities,
          ]),
        );
      expect(await overview(PAT)).toEqual({
        'group:default/engineering': 2,
        'group:default/payments-team': 1,
        'group:default/storefront-team': 1,
        'group:default/platform': 0,
      });
      expect(await overview(ZED)).toEqual({
        'group:default/engineering': 1,
        'group:default/payments-team': 0,
        'group:default/storefront-team': 1,
        'group:default/platform': 0,
      });

      const bulk = await request(server)
        .post(`${BASE}/checks/by-refs`)
        .set(as(ZED))
        .send({
          entityRefs: [
            'component:default/payments-api',
            'component:default/storefront-web',
          ],
        })
        .expect(200);
      expect(
        bulk.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/storefront-web']);

      // Exemptions of entities the caller may not read are not listed.
      const listed = (
        await request(server).get(`${BASE}/exemptions`).set(as(ZED)).expect(200)
      ).body.items;
      expect(listed).toEqual([]);
    });

    it('takes events from users the policy allows, and from external-access tokens by their accessRestrictions', async () => {
      const body = { events: [] };
      const refused = await request(server)
        .post(`${BASE}/events`)
        .set(as(ADA))
        .send(body)
        .expect(403);
      expect(refused.body.error.message).toBe(
        'Not allowed: quality-scorecard.events.create',
      );
      const empty = { accepted: 0, duplicates: 0, unattributed: 0 };
      const sent = (authorization: string) =>
        request(server)
          .post(`${BASE}/events`)
          .set({ Authorization: authorization })
          .send(body);
      expect((await sent(as(PAT).Authorization)).body).toEqual(empty);
      // A token restricted to sending events, one restricted to something else, one unrestricted.
      expect(
        (await sent(external(['quality-scorecard.events.create']))).status,
      ).toBe(200);
      expect(
        (await sent(external(['quality-scorecard.scorecard.read']))).status,
      ).toBe(403);
      expect((await sent(external())).body).toEqual(empty);
    });
  },
);

import type { Knex } from 'knex';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { qualityScorecardPlugin } from '../plugin';

/** The Authorization header of a signed-in user. */
export const as = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});

/**
 * The plugin as a real backend serves it over HTTP, on a test database: a
 * catalog holding `entities`, requests without credentials unauthenticated,
 * `qualityScorecard` config (demo data off unless given), and a permission
 * policy that allows what `allow` says for the calling user (default: all;
 * `permissions` is that policy's mock, to see what was asked).
 */
export async function startQualityBackend(options: {
  knex: Knex;
  entities?: object[];
  qualityScorecard?: JsonObject;
  allow?: (request: {
    permission: string;
    user?: string;
    /** The entity of a resource permission. */
    resourceRef?: string;
  }) => boolean;
  features?: BackendFeature[];
}) {
  const allow = options.allow ?? (() => true);
  const decide = (
    requests: Array<{ permission: { name: string }; resourceRef?: string }>,
    credentials?: { principal: unknown },
  ) =>
    requests.map(r => ({
      result: allow({
        permission: r.permission.name,
        user: (credentials?.principal as { userEntityRef?: string })
          ?.userEntityRef,
        resourceRef: r.resourceRef,
      })
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    }));
  // A definitive policy: a conditional decision for many entities (no
  // resourceRef) is what `allow` says without one.
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, o) => decide(requests, o?.credentials),
    authorizeConditional: async (requests, o) =>
      decide(requests, o?.credentials) as any,
  });
  const backend = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      mockServices.database.factory({ knex: options.knex }),
      permissions.factory,
      catalogServiceMock.factory({ entities: (options.entities ?? []) as any }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            demoData: { enabled: false },
            ...options.qualityScorecard,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return { ...backend, permissions };
}

import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  qualityScorecardAdminPermission,
  qualityScorecardBaselineManagePermission,
  qualityScorecardEntityExemptionRequestPermission,
  qualityScorecardEntityReadPermission,
  qualityScorecardEventsCreatePermission,
  qualityScorecardExemptionRequestPermission,
  qualityScorecardExemptionReviewPermission,
  qualityScorecardReadPermission,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { ShewhartExamplePolicy } from './permissionPolicy';

const memberships: Record<string, string[]> = {
  'user:default/guest': ['user:default/guest', 'group:default/platform-team'],
  'user:default/ada': ['user:default/ada', 'group:default/payments-team'],
};

const policy = new ShewhartExamplePolicy(
  {
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: memberships[ref] ?? [ref],
      };
    },
  },
  ['group:default/platform-team'],
);

const decide = async (permission: { name: string }, user?: string) =>
  (
    await policy.handle(
      { permission } as any,
      user
        ? ({ credentials: mockCredentials.user(user), info: {} } as any)
        : undefined,
    )
  ).result;

describe('the example portal permission policy', () => {
  it.each([
    [qualityScorecardReadPermission, 'user:default/ada', AuthorizeResult.ALLOW],
    [
      qualityScorecardExemptionRequestPermission,
      'user:default/ada',
      AuthorizeResult.ALLOW,
    ],
    [
      qualityScorecardExemptionReviewPermission,
      'user:default/ada',
      AuthorizeResult.DENY,
    ],
    [
      qualityScorecardRefreshPermission,
      'user:default/ada',
      AuthorizeResult.DENY,
    ],
    [qualityScorecardAdminPermission, 'user:default/ada', AuthorizeResult.DENY],
    [
      qualityScorecardExemptionReviewPermission,
      'user:default/guest',
      AuthorizeResult.ALLOW,
    ],
    [
      qualityScorecardRefreshPermission,
      'user:default/guest',
      AuthorizeResult.ALLOW,
    ],
    [
      qualityScorecardAdminPermission,
      'user:default/guest',
      AuthorizeResult.ALLOW,
    ],
    [
      { name: 'catalog.entity.read' },
      'user:default/ada',
      AuthorizeResult.ALLOW,
    ],
    [qualityScorecardAdminPermission, undefined, AuthorizeResult.DENY],
    [
      qualityScorecardEntityReadPermission,
      'user:default/ada',
      AuthorizeResult.ALLOW,
    ],
    [
      qualityScorecardEventsCreatePermission,
      'user:default/ada',
      AuthorizeResult.DENY,
    ],
    [
      qualityScorecardEventsCreatePermission,
      'user:default/guest',
      AuthorizeResult.ALLOW,
    ],
    [
      qualityScorecardEntityExemptionRequestPermission,
      undefined,
      AuthorizeResult.DENY,
    ],
  ])('%j for %s → %s', async (permission, user, result) => {
    expect(await decide(permission, user)).toBe(result);
  });
});

describe('starting a control-chart baseline', () => {
  it('is conditional on owning the entity for others, allowed for admins, denied without a user', async () => {
    expect(
      await policy.handle(
        { permission: qualityScorecardBaselineManagePermission } as any,
        {
          credentials: mockCredentials.user('user:default/ada'),
          info: {},
        } as any,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/ada', 'group:default/payments-team'] },
      },
    });
    expect(
      await decide(
        qualityScorecardBaselineManagePermission,
        'user:default/guest',
      ),
    ).toBe(AuthorizeResult.ALLOW);
    expect(await decide(qualityScorecardBaselineManagePermission)).toBe(
      AuthorizeResult.DENY,
    );
  });
});

describe('requesting an exemption for an entity', () => {
  it.each([
    ['user:default/ada', ['user:default/ada', 'group:default/payments-team']],
    // Admins too request only for what they own.
    [
      'user:default/guest',
      ['user:default/guest', 'group:default/platform-team'],
    ],
  ])('is conditional on owning the entity for %s', async (user, claims) => {
    expect(
      await policy.handle(
        { permission: qualityScorecardEntityExemptionRequestPermission } as any,
        { credentials: mockCredentials.user(user), info: {} } as any,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims },
      },
    });
  });
});

describe('owners-only reads (permission.shewhartExample.ownersOnlyReads)', () => {
  const ownersOnly = new ShewhartExamplePolicy(
    {
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: memberships[ref] ?? [ref],
        };
      },
    },
    ['group:default/platform-team'],
    { ownersOnlyReads: true },
  );
  it('reads are conditional on owning the entity outside platform-team, allowed inside', async () => {
    const as = (user: string) =>
      ownersOnly.handle(
        { permission: qualityScorecardEntityReadPermission } as any,
        { credentials: mockCredentials.user(user), info: {} } as any,
      );
    expect(await as('user:default/ada')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/ada', 'group:default/payments-team'] },
      },
    });
    expect(await as('user:default/guest')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * A second local sign-in for the example portal, like the guest's: it signs
 * in as `auth.providers.approver.userEntityRef` (Ken of platform-team), so
 * the gate story has an owner who requests an exemption (the guest) and a
 * different person who approves it. Development only, as the guest provider:
 * it refuses outside NODE_ENV=development unless
 * `auth.providers.approver.dangerouslyAllowOutsideDevelopment` is true.
 */
const approverAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return {
      enabled:
        process.env.NODE_ENV === 'development' ||
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
          true,
      userEntityRef: config.getString('userEntityRef'),
    };
  },
  async authenticate(_, { enabled, userEntityRef }) {
    if (!enabled) {
      throw new NotAllowedError(
        'The approver sign-in is for local development only',
      );
    }
    return { result: { userEntityRef } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'shewhart-approver-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has('auth.providers.approver')) return;
        providers.registerProvider({
          providerId: 'approver',
          factory: createProxyAuthProviderFactory({
            authenticator: approverAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});

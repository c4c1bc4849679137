import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { readGithubSyncConfig } from '../config';
import { GithubSync } from './GithubSync';

describe('GithubSync.targetOf', () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          { host: 'github.com', token: 'a' },
          {
            host: 'ghe.example.com',
            apiBaseUrl: 'https://ghe.example.com/api/v3',
            token: 'b',
          },
        ],
      },
    }),
  );
  const sync = new GithubSync({
    config: readGithubSyncConfig(new ConfigReader({})),
    integrations,
    credentialsProvider: {
      getCredentials: async () => ({ type: 'token', token: 'a' }),
    },
    catalog: {} as any,
    auth: mockServices.auth(),
    store: {} as any,
    logger: mockServices.logger.mock(),
    sink: async () => ({
      ingest: async () => ({ accepted: 0, duplicates: 0, unattributed: 0 }),
      deleteEvent: async () => false,
    }),
  });
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });

  it.each([
    [
      { 'github.com/project-slug': 'Acme/Payments' },
      {
        host: 'github.com',
        slug: 'Acme/Payments',
        key: 'github.com/acme/payments',
      },
    ],
    [
      {
        'github.com/project-slug': 'platform/ledger',
        'backstage.io/source-location':
          'url:https://ghe.example.com/platform/ledger/tree/main/',
      },
      {
        host: 'ghe.example.com',
        slug: 'platform/ledger',
        key: 'ghe.example.com/platform/ledger',
      },
    ],
    [
      // A source location on a host that is no GitHub integration: github.com.
      {
        'github.com/project-slug': 'acme/app',
        'backstage.io/source-location':
          'url:https://gitlab.example.com/acme/app',
      },
      { host: 'github.com', slug: 'acme/app', key: 'github.com/acme/app' },
    ],
    [{ 'github.com/project-slug': 'not a slug' }, undefined],
    [{}, undefined],
  ])('%j → %j', (annotations, expected) => {
    expect(sync.targetOf(entity(annotations))).toEqual(expected);
  });
});

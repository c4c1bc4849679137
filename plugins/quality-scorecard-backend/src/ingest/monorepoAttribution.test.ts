import {
  PATHS_ANNOTATION,
  SOURCE_LOCATION_ANNOTATION,
  buildRepositoryComponents,
  claimedPaths,
  matchRepositoryComponents,
  sourceLocationSubPath,
} from './monorepoAttribution';

const SLUG = 'acme/mono';
const ref = (name: string) => `component:default/${name}`;

describe('claimed paths of a monorepo component', () => {
  it.each([
    ['services/payments/**', ['services/payments/**']],
    ['services/payments', ['services/payments', 'services/payments/**']],
    ['services/payments/', ['services/payments/**']],
    ['./libs/a/**, libs/b/*.ts', ['libs/a/**', 'libs/b/*.ts']],
    ['/libs/a\nlibs/b/', ['libs/a', 'libs/a/**', 'libs/b/**']],
    [' , ', undefined],
  ])('shewhart.dev/paths %j → %j', (value, expected) => {
    expect(claimedPaths({ [PATHS_ANNOTATION]: value }, SLUG)).toEqual(expected);
  });

  it.each([
    [
      'url:https://github.com/acme/mono/tree/main/services/payments/',
      'services/payments/',
    ],
    [
      'url:https://github.com/Acme/Mono/blob/main/services/ledger',
      'services/ledger/',
    ],
    ['url:https://github.com/acme/mono.git/tree/v2/a/b/', 'a/b/'],
    ['url:https://github.com/acme/mono/tree/main/', undefined],
    ['url:https://github.com/acme/mono', undefined],
    [
      'url:https://github.com/acme/other/tree/main/services/payments/',
      undefined,
    ],
    ['not a url', undefined],
  ])('backstage.io/source-location %s → %j', (location, expected) => {
    expect(sourceLocationSubPath(location, SLUG)).toBe(expected);
  });

  it('takes shewhart.dev/paths over the source location, and the sub-path as a folder glob', () => {
    const location =
      'url:https://github.com/acme/mono/tree/main/services/ledger/';
    expect(
      claimedPaths({ [SOURCE_LOCATION_ANNOTATION]: location }, SLUG),
    ).toEqual(['services/ledger/**']);
    expect(
      claimedPaths(
        { [SOURCE_LOCATION_ANNOTATION]: location, [PATHS_ANNOTATION]: 'x/**' },
        SLUG,
      ),
    ).toEqual(['x/**']);
    expect(claimedPaths({}, SLUG)).toBeUndefined();
  });
});

describe('the component index of shared repositories', () => {
  it('lists only repositories of several entities or with a path claim, in entity ref order', () => {
    const index = buildRepositoryComponents([
      {
        slug: 'Acme/Mono',
        entityRef: ref('payments'),
        name: 'payments',
        annotations: { [PATHS_ANNOTATION]: 'services/payments/**' },
      },
      {
        slug: 'acme/mono',
        entityRef: ref('ledger'),
        name: 'ledger',
        annotations: {},
      },
      {
        slug: 'acme/single',
        entityRef: ref('single'),
        name: 'single',
        annotations: {},
      },
      {
        slug: 'acme/claimed',
        entityRef: ref('claimed'),
        name: 'claimed',
        annotations: { [PATHS_ANNOTATION]: 'src' },
      },
      {
        // The catalog's own source location of a catalog-info.yaml kept in a
        // sub-folder: one entity, so no claim — the repository works as before.
        slug: 'acme/payments',
        entityRef: ref('payments-api'),
        name: 'payments-api',
        annotations: {
          'backstage.io/source-location':
            'url:https://github.com/acme/payments/tree/main/.backstage/',
        },
      },
    ]);
    expect([...index.entries()]).toEqual([
      [
        'acme/mono',
        [
          { entityRef: ref('ledger'), name: 'ledger' },
          {
            entityRef: ref('payments'),
            name: 'payments',
            paths: ['services/payments/**'],
          },
        ],
      ],
      [
        'acme/claimed',
        [
          {
            entityRef: ref('claimed'),
            name: 'claimed',
            paths: ['src', 'src/**'],
          },
        ],
      ],
    ]);
  });
});

describe('which components of a monorepo an event belongs to', () => {
  const payments = {
    entityRef: ref('payments'),
    name: 'payments',
    paths: ['services/payments/**'],
  };
  const ledger = {
    entityRef: ref('ledger'),
    name: 'ledger',
    paths: ['services/ledger/**'],
  };
  const platform = { entityRef: ref('platform'), name: 'platform' };
  const withRoot = [ledger, payments, platform];
  const withoutRoot = [ledger, payments];

  it.each([
    [
      'one claimed path',
      withRoot,
      ['services/payments/api.ts'],
      [ref('payments')],
    ],
    [
      'two claimed paths',
      withRoot,
      ['services/payments/a.ts', 'services/ledger/b.ts', 'README.md'],
      [ref('ledger'), ref('payments')],
    ],
    [
      'no claimed path, a root component',
      withRoot,
      ['README.md', '.github/workflows/ci.yml'],
      [ref('platform')],
    ],
    ['no claimed path, no root component', withoutRoot, ['README.md'], []],
    ['an empty file list', withRoot, [], [ref('platform')]],
    ['no file list yet, paths claimed', withRoot, undefined, []],
    [
      'no file list, nobody claims paths',
      [{ ...ledger, paths: undefined }, platform],
      undefined,
      [ref('ledger'), ref('platform')],
    ],
    [
      'dot files under a claimed path',
      withRoot,
      ['services/ledger/.env.example'],
      [ref('ledger')],
    ],
  ])('a PR touching %s', (_name, components, files, expected) => {
    expect(
      matchRepositoryComponents(components, { type: 'pull_request', files }),
    ).toEqual(expected);
  });

  it.each([
    ['payments', [ref('payments')]],
    ['payments-production', [ref('payments')]],
    ['production/Payments', [ref('payments')]],
    ['ledger.prod', [ref('ledger')]],
    ['production', [ref('ledger'), ref('payments'), ref('platform')]],
    ['paymentsx', [ref('ledger'), ref('payments'), ref('platform')]],
  ])('a deployment to environment %s', (environment, expected) => {
    expect(
      matchRepositoryComponents(withRoot, { type: 'deployment', environment }),
    ).toEqual(expected);
  });

  it('gives an incident or bug naming no component to every component', () => {
    for (const type of ['incident', 'bug'] as const) {
      expect(matchRepositoryComponents(withRoot, { type })).toEqual([
        ref('ledger'),
        ref('payments'),
        ref('platform'),
      ]);
    }
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import { createIngestHarness } from '../__fixtures__/ingestHarness';
import { matchGitlabProject } from './annotationIndex';
import { parseIngestRequest } from './eventSchema';

/*
 * Contract v1.1 GitLab locators: `gitlabProject` (path with namespace) and
 * `gitlabInstance` (host) matched to `gitlab.com/project-slug` and
 * `gitlab.com/instance`, on ingestion and again when the catalog changes.
 */

const PAYMENTS_ON_PREM = 'component:default/payments';
const PAYMENTS_ANY_HOST = 'component:default/payments-mirror';
const WEB = 'component:default/web';
const WEB_OTHER = 'component:default/web-other';

const index = () =>
  new Map([
    [
      'acme/payments',
      [
        { instance: 'gitlab.example.com', entityRef: PAYMENTS_ON_PREM },
        { entityRef: PAYMENTS_ANY_HOST },
      ],
    ],
    ['team/web', [{ instance: 'gitlab.com', entityRef: WEB }]],
  ]);

describe('matchGitlabProject', () => {
  it.each([
    ['Acme/Payments', 'GitLab.Example.com', PAYMENTS_ON_PREM],
    ['acme/payments', 'gitlab.other.io', PAYMENTS_ANY_HOST],
    ['acme/payments', undefined, PAYMENTS_ANY_HOST],
    ['team/web', undefined, WEB],
    ['team/web', 'gitlab.com', WEB],
    ['team/web', 'gitlab.other.io', null],
    ['team/api', 'gitlab.com', null],
  ])('%p on %p → %p', (project, instance, expected) => {
    expect(matchGitlabProject(index(), project, instance)).toBe(expected);
  });
});

describe('gitlab locators in the events API', () => {
  const pr = (extra: object) => ({
    type: 'pull_request',
    source: 'ci',
    id: 'mr-1',
    number: 1,
    title: 'MR',
    author: 'ada',
    url: 'https://gitlab.example.com/acme/payments/-/merge_requests/1',
    createdAt: '2026-03-02T10:00:00Z',
    additions: 1,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [],
    reviews: [],
    ...extra,
  });
  it.each([
    [
      { gitlabInstance: 'gitlab.example.com' },
      'events[0].gitlabProject: is required with gitlabInstance',
    ],
    [
      { gitlabProject: 'payments' },
      'events[0].gitlabProject: must be a path with its namespace, e.g. group/subgroup/project',
    ],
    [
      {
        gitlabProject: 'acme/payments',
        gitlabInstance: 'https://gitlab.example.com',
      },
      'events[0].gitlabInstance: must be a host name such as gitlab.example.com',
    ],
    [
      {},
      'events[0].entityRef: one of entityRef, repository, gitlabProject, pagerDutyServiceId or locators is required',
    ],
  ])('refuses %p: %p', (extra, message) => {
    expect(() => parseIngestRequest({ events: [pr(extra)] })).toThrow(message);
  });
  it('accepts a subgroup path and a host with a port', () => {
    const [event] = parseIngestRequest({
      events: [
        pr({
          gitlabProject: 'acme/platform/payments',
          gitlabInstance: 'gitlab.example.com:8443',
        }),
      ],
    });
    expect([event.gitlabProject, event.gitlabInstance]).toEqual([
      'acme/platform/payments',
      'gitlab.example.com:8443',
    ]);
  });
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'gitlab attribution on %p',
  databaseId => {
    it('attributes by project and host, keeps the rest, and attributes them when the catalog names them', async () => {
      const knex = await databases.init(databaseId);
      const h = await createIngestHarness(knex, { gitlabProjects: index() });
      const deployment = (
        id: string,
        gitlabProject: string,
        gitlabInstance?: string,
      ) => ({
        type: 'deployment' as const,
        source: 'ci',
        id,
        gitlabProject,
        ...(gitlabInstance ? { gitlabInstance } : {}),
        environment: 'production',
        status: 'success' as const,
        finishedAt: '2026-03-02T12:00:00Z',
      });
      const result = await h.ingestion.ingest([
        deployment('d1', 'Acme/Payments', 'GitLab.Example.com'),
        deployment('d2', 'acme/payments', 'gitlab.other.io'),
        deployment('d3', 'acme/payments'),
        deployment('d4', 'team/web'),
        deployment('d5', 'team/web', 'gitlab.other.io'),
      ]);
      expect(result).toEqual({ accepted: 5, duplicates: 0, unattributed: 1 });
      const rows = async () =>
        (await knex('qs_deployments').orderBy('external_id')).map(r => [
          r.external_id,
          r.entity_ref,
          r.gitlab_project,
          r.gitlab_instance,
        ]);
      expect(await rows()).toEqual([
        ['d1', PAYMENTS_ON_PREM, 'Acme/Payments', 'gitlab.example.com'],
        ['d2', PAYMENTS_ANY_HOST, 'acme/payments', 'gitlab.other.io'],
        ['d3', PAYMENTS_ANY_HOST, 'acme/payments', null],
        ['d4', WEB, 'team/web', null],
        ['d5', null, 'team/web', 'gitlab.other.io'],
      ]);
      expect(await h.store.listUnattributed()).toEqual([
        {
          type: 'deployment',
          repository: null,
          pagerDutyServiceId: null,
          gitlabProject: 'team/web',
          gitlabInstance: 'gitlab.other.io',
          locators: null,
          count: 1,
        },
      ]);
      // The same event again is a duplicate, its locator unchanged.
      expect(
        await h.ingestion.ingest([
          deployment('d1', 'Acme/Payments', 'GitLab.Example.com'),
        ]),
      ).toEqual({ accepted: 0, duplicates: 1, unattributed: 0 });

      h.annotations.gitlabProjects!.set('team/web', [
        { instance: 'gitlab.com', entityRef: WEB },
        { instance: 'gitlab.other.io', entityRef: WEB_OTHER },
      ]);
      expect(await h.ingestion.reattribute()).toBe(1);
      expect((await rows())[4]).toEqual([
        'd5',
        WEB_OTHER,
        'team/web',
        'gitlab.other.io',
      ]);
      expect(await h.store.listUnattributed()).toEqual([]);
    });
  },
);

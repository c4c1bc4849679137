import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';
import { pullRequest } from '../__fixtures__/events';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const REF = 'component:default/payments';

describe.each(databases.eachSupportedId())('commit times on %p', databaseId => {
  it("keeps a commit's committer time beside its author time, and stores none where the source has none", async () => {
    const knex = await databases.init(databaseId);
    const store = await DatabaseQualityStore.create({
      database: { getClient: async () => knex },
    });
    const now = Date.parse('2026-03-05T00:00:00Z');
    const pr = pullRequest({
      commits: [
        // Amended after review: authored on the 2nd, committed on the 3rd.
        {
          sha: 'a1',
          authoredAt: '2026-03-02T09:00:00Z',
          committedAt: '2026-03-03T16:00:00Z',
          message: 'fix',
        },
        { sha: 'b2', authoredAt: '2026-03-02T10:00:00Z', message: 'tests' },
      ],
    });
    expect(
      await store.writeEvents([{ ...pr, resolvedEntityRef: REF }], {
        demo: false,
        now,
      }),
    ).toMatchObject({ accepted: 1 });
    const events = await store.loadEntityEvents(REF, 0);
    expect(events.pullRequests[0].commits).toEqual([
      {
        sha: 'a1',
        authoredAt: Date.parse('2026-03-02T09:00:00Z'),
        committedAt: Date.parse('2026-03-03T16:00:00Z'),
        message: 'fix',
      },
      {
        sha: 'b2',
        authoredAt: Date.parse('2026-03-02T10:00:00Z'),
        message: 'tests',
      },
    ]);
  });

  it('rejects a committer time that does not parse, naming the field, and stores nothing', async () => {
    const knex = await databases.init(databaseId);
    const store = await DatabaseQualityStore.create({
      database: { getClient: async () => knex },
    });
    const pr = pullRequest({
      commits: [
        {
          sha: 'a1',
          authoredAt: '2026-03-02T09:00:00Z',
          committedAt: 'yesterday',
          message: 'x',
        },
      ],
    });
    await expect(
      store.writeEvents([{ ...pr, resolvedEntityRef: REF }], {
        demo: false,
        now: Date.parse('2026-03-05T00:00:00Z'),
      }),
    ).rejects.toThrow(/commits\.0\.committedAt/);
    expect(
      Number((await knex('qs_pull_requests').count({ n: '*' }))[0].n),
    ).toBe(0);
  });
});

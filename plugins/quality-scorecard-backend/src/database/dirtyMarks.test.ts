import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const A = 'component:default/a';
const B = 'component:default/b';

describe.each(databases.eachSupportedId())('dirty marks on %p', databaseId => {
  async function store() {
    const knex = await databases.init(databaseId);
    return DatabaseQualityStore.create({
      database: { getClient: async () => knex },
    });
  }

  it('keeps the earliest touched time and moves the mark forward even from a clock that is behind', async () => {
    const s = await store();
    await s.markDirty([{ entityRef: A, since: 5_000 }], 1_000);
    // A second writer, its clock 100 ms behind, touching a later time.
    await s.markDirty([{ entityRef: A, since: 9_000 }], 900);
    expect(await s.listDirty(10)).toEqual([
      { entityRef: A, since: 5_000, markedAt: 1_001 },
    ]);
    // A third, touching an earlier time, with a clock ahead.
    await s.markDirty([{ entityRef: A, since: 2_000 }], 1_500);
    expect(await s.listDirty(10)).toEqual([
      { entityRef: A, since: 2_000, markedAt: 1_500 },
    ]);
  });

  it('clears a mark only when the recompute read it as it is now', async () => {
    const s = await store();
    await s.markDirty([{ entityRef: A, since: 5_000 }], 1_000);
    const [read] = await s.listDirty(10);
    // Marked again in the same millisecond while the recompute ran.
    await s.markDirty([{ entityRef: A, since: 6_000 }], 1_000);
    await s.clearDirtyMany([read]);
    expect(await s.listDirty(10)).toEqual([
      { entityRef: A, since: 5_000, markedAt: 1_001 },
    ]);
    await s.clearDirtyMany(await s.listDirty(10));
    expect(await s.listDirty(10)).toEqual([]);
  });

  it('lists marks oldest first, entities in order within one instant', async () => {
    const s = await store();
    await s.markDirty(
      [
        { entityRef: B, since: 1 },
        { entityRef: A, since: 1 },
      ],
      700,
    );
    await s.markDirty([{ entityRef: 'component:default/c', since: 1 }], 600);
    expect((await s.listDirty(10)).map(d => d.entityRef)).toEqual([
      'component:default/c',
      A,
      B,
    ]);
  });
});

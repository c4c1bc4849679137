import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';
import { deployment, incident, pullRequest } from '../__fixtures__/events';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const directory = DatabaseQualityStore.migrationsDirectory();

/** The plugin's tables (qs_*) as the database lists them. */
async function pluginTables(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      "select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'qs\\_%'",
    );
    return rows.map((r: { name: string }) => r.name).sort();
  }
  const rows = await knex.raw(
    "select name from sqlite_master where type = 'table' and name like 'qs\\_%' escape '\\'",
  );
  return rows.map((r: { name: string }) => r.name).sort();
}

const INITIAL_TABLES = [
  'qs_bugs',
  'qs_deployments',
  'qs_dirty_entities',
  'qs_incidents',
  'qs_pull_requests',
  'qs_push_commits',
  'qs_raw_deliveries',
  'qs_snapshots',
];

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('migrate up, all the way down with data in the tables, and up again', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const tables = await pluginTables(knex);
    expect(tables).toEqual(expect.arrayContaining(INITIAL_TABLES));

    const store = new DatabaseQualityStore(knex);
    await store.writeEvents(
      [pullRequest(), deployment(), incident()].map(e => ({
        ...e,
        resolvedEntityRef: 'component:default/payments',
      })),
      { demo: false, now: 1 },
    );
    await store.insertRawDelivery({
      source: 'github',
      deliveryId: 'd',
      eventName: 'push',
      payload: '{}',
      receivedAt: 1,
    });

    await knex.migrate.rollback({ directory }, true);
    expect(await pluginTables(knex)).toEqual([]);
    const [, pending] = await knex.migrate.list({ directory });
    expect(pending.length).toBeGreaterThan(0);

    await knex.migrate.latest({ directory });
    expect(await pluginTables(knex)).toEqual(tables);
    expect(await store.countEvents()).toEqual({
      pull_request: 0,
      deployment: 0,
      incident: 0,
      bug: 0,
    });
    // The re-created schema takes writes again.
    expect(
      await store.writeEvents([{ ...pullRequest(), resolvedEntityRef: null }], {
        demo: false,
        now: 2,
      }),
    ).toEqual({ accepted: 1, duplicates: 0, unattributed: 1 });
  });

  it('runs each migration down and up on its own', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const [completed] = await knex.migrate.list({ directory });
    const steps = completed.length;
    expect(steps).toBeGreaterThanOrEqual(1);
    const seen: string[][] = [];
    for (let i = 0; i < steps; i++) {
      seen.push(await pluginTables(knex));
      await knex.migrate.down({ directory });
    }
    expect(await pluginTables(knex)).toEqual([]);
    for (let i = steps - 1; i >= 0; i--) {
      await knex.migrate.up({ directory });
      expect(await pluginTables(knex)).toEqual(seen[i]);
    }
    const [after, pending] = await knex.migrate.list({ directory });
    expect([after.length, pending.length]).toEqual([steps, 0]);
  });
});

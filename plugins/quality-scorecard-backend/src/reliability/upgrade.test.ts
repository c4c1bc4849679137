/*
 * Upgrades: a database created by the first migration, with data in every one
 * of its tables, migrated to the latest schema keeps every row and every
 * value, and the plugin reads and extends them; on SQLite and PostgreSQL.
 * (migrations.test.ts runs the migrations down and up.)
 */
import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = DatabaseQualityStore.migrationsDirectory();

const T = Date.parse('2026-03-02T09:00:00Z');
const common = (id: string) => ({
  source: 'github',
  external_id: id,
  entity_ref: 'component:default/payments',
  repository: 'acme/payments',
  content_hash: `hash-${id}`,
  demo: false,
  received_at: T,
  updated_at: T,
});

/** Rows in the shape of the first schema (20261124000000_init.js). */
const FIRST_SCHEMA_ROWS: Record<string, Array<Record<string, unknown>>> = {
  qs_raw_deliveries: [
    {
      source: 'github',
      delivery_id: 'd-1',
      event_name: 'pull_request',
      received_at: T,
      payload: '{"action":"opened"}',
      processed_at: T,
      error: null,
    },
    {
      source: 'pagerduty',
      delivery_id: 'd-2',
      event_name: 'incident.triggered',
      received_at: T,
      payload: '{}',
      processed_at: null,
      error: 'boom',
    },
  ],
  qs_pull_requests: [
    {
      ...common('acme/payments#1'),
      number: 1,
      title: 'First',
      author: 'ada',
      url: 'https://github.com/acme/payments/pull/1',
      created_at: T,
      merged_at: T + 3_600_000,
      closed_at: T + 3_600_000,
      additions: 10,
      deletions: 2,
      changed_files: 3,
      labels: '["feature"]',
      files: '["a.ts"]',
      body: 'Reverts acme/payments#0',
      merge_commit_sha: 'abcdef12',
      merged_by: 'grace',
      reverts: 0,
      head_ref: 'feature',
      commits: JSON.stringify([
        { sha: 'c0ffee01', authoredAt: T - 60_000, message: 'First' },
      ]),
      reviews: JSON.stringify([
        {
          reviewer: 'grace',
          state: 'APPROVED',
          submittedAt: T + 1_800_000,
          isBot: false,
        },
      ]),
    },
  ],
  qs_deployments: [
    {
      ...common('deploy-1'),
      environment: 'production',
      status: 'success',
      started_at: T,
      finished_at: T + 600_000,
      commit_sha: 'abcdef12',
      pull_requests: '[1]',
    },
  ],
  qs_incidents: [
    {
      ...common('INC-1'),
      pagerduty_service_id: 'PAYAPI1',
      title: 'Down',
      created_at: T,
      resolved_at: T + 1_800_000,
      severity: 'P1',
      status: 'resolved',
      status_at: T + 1_800_000,
      caused_by_deployment: 'deploy-1',
      caused_by_pr: 1,
      url: 'https://acme.pagerduty.com/incidents/INC-1',
    },
  ],
  qs_bugs: [
    {
      ...common('BUG-1'),
      title: 'Rounding',
      created_at: T,
      closed_at: null,
      introduced_by_pr: 1,
      url: null,
    },
  ],
  qs_push_commits: [
    {
      repository: 'acme/payments',
      sha: 'c0ffee01',
      ref: 'feature',
      authored_at: T - 60_000,
      message: 'First',
    },
  ],
  qs_dirty_entities: [
    { entity_ref: 'component:default/payments', since: T, marked_at: T },
  ],
  qs_snapshots: [
    {
      entity_ref: 'component:default/payments',
      week_start: T - 86_400_000,
      stats: '{"n":1}',
      demo: false,
      computed_at: T,
    },
  ],
};

/** A row as comparable values: numbers and booleans as the database returns them differ. */
const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint'
        ? Number(v)
        : v,
    ]),
  );

async function read(knex: Knex, table: string, columns: string[]) {
  return (await knex(table).select(columns).orderBy(columns[0])).map(plain);
}

describe.each(databases.eachSupportedId())(
  'an upgrade from the first schema on %p',
  databaseId => {
    it('keeps every row and value, and the plugin reads and extends them', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ directory });
      const [done, pending] = await knex.migrate.list({ directory });
      expect(done.map((m: { name: string }) => m.name)).toEqual([
        '20261124000000_init.js',
      ]);
      expect(pending.length).toBeGreaterThan(0);

      for (const [table, rows] of Object.entries(FIRST_SCHEMA_ROWS)) {
        await knex(table).insert(rows);
      }
      const before: Record<string, unknown[]> = {};
      for (const [table, rows] of Object.entries(FIRST_SCHEMA_ROWS)) {
        before[table] = await read(knex, table, Object.keys(rows[0]));
      }

      await knex.migrate.latest({ directory });
      expect((await knex.migrate.list({ directory }))[1]).toEqual([]);
      for (const [table, rows] of Object.entries(FIRST_SCHEMA_ROWS)) {
        expect([table, await read(knex, table, Object.keys(rows[0]))]).toEqual([
          table,
          before[table],
        ]);
      }

      // The plugin reads the old rows and writes beside them.
      const store = new DatabaseQualityStore(knex);
      expect(
        await store.getPullRequest('github', 'acme/payments#1'),
      ).toMatchObject({
        number: 1,
        mergedBy: 'grace',
        startedBy: null,
        reviews: [{ reviewer: 'grace', state: 'APPROVED' }],
      });
      expect(await store.getIncident('github', 'INC-1')).toMatchObject({
        causedBy: { deploymentId: 'deploy-1', pullRequest: 1 },
      });
      const events = await store.loadEntityEvents(
        'component:default/payments',
        0,
      );
      expect([
        events.pullRequests.length,
        events.deployments.length,
        events.incidents.length,
        events.bugs.length,
      ]).toEqual([1, 1, 1, 1]);
      expect(await store.listDirty(10)).toEqual([
        { entityRef: 'component:default/payments', since: T, markedAt: T },
      ]);
      expect(
        (
          await store.insertRawDelivery({
            source: 'github',
            deliveryId: 'd-1',
            eventName: 'x',
            payload: '{}',
            receivedAt: T,
          })
        ).duplicate,
      ).toBe(true);
      expect(
        await store.writeEvents(
          [
            {
              type: 'deployment',
              id: 'deploy-2',
              source: 'github',
              entityRef: 'component:default/payments',
              environment: 'production',
              status: 'failure',
              finishedAt: '2026-03-03T10:00:00Z',
              resolvedEntityRef: 'component:default/payments',
            },
          ],
          { demo: false, now: T },
        ),
      ).toEqual({ accepted: 1, duplicates: 0, unattributed: 0 });
      expect(await store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 2,
        incident: 1,
        bug: 1,
      });
    });
  },
);

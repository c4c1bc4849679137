import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';
import { deployment, pullRequest } from '../__fixtures__/events';
import type { AttributedEvent } from './types';
import {
  eventRowKey,
  insertRows,
  updateEventRows,
  whereEventKeyIn,
} from './knexHelpers';

/*
 * The set-based writes of the event store (knexHelpers.ts): on PostgreSQL one
 * statement per batch (JSON rows through json_populate_recordset, keys
 * through unnest), on SQLite multi-row inserts and IN lists. Both databases
 * must store and find exactly the same rows.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

const pr = (n: number, title = `PR ${n}`): AttributedEvent => ({
  ...pullRequest({
    id: `acme/payments#${n}`,
    number: n,
    title,
    url: `https://github.com/acme/payments/pull/${n}`,
  }),
  resolvedEntityRef: `component:default/svc-${n % 3}`,
});

describe.each(databases.eachSupportedId())(
  'batched writes on %p',
  databaseId => {
    it('writes 1,200 new events in one batch, then finds each by key', async () => {
      const { knex, store } = await createStore(databaseId);
      const batch = Array.from({ length: 1200 }, (_, i) => pr(i + 1));
      expect(
        await store.writeEvents(batch, { demo: false, now: 1000 }),
      ).toEqual({ accepted: 1200, duplicates: 0, unattributed: 0 });
      expect(await store.countEvents()).toEqual({
        pull_request: 1200,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
      // 250 keys asked for, 3 of them unknown.
      const keys: Array<[string, string]> = Array.from(
        { length: 247 },
        (_, i) => ['github', `acme/payments#${i * 4 + 1}`],
      );
      keys.push(
        ['github', 'nope#1'],
        ['gitlab', 'acme/payments#1'],
        ['x', 'y'],
      );
      const rows = await whereEventKeyIn(
        knex,
        knex('qs_pull_requests'),
        keys,
      ).select('external_id', 'title', 'entity_ref', 'received_at');
      expect(rows).toHaveLength(247);
      const byId = new Map(
        rows.map((r: Record<string, unknown>) => [r.external_id, r]),
      );
      expect(byId.get('acme/payments#401')).toEqual({
        external_id: 'acme/payments#401',
        title: 'PR 401',
        entity_ref: 'component:default/svc-2',
        received_at: databaseId === 'POSTGRES_15' ? '1000' : 1000,
      });
      // The same batch again: every event a duplicate, nothing written.
      expect(
        await store.writeEvents(batch, { demo: false, now: 2000 }),
      ).toEqual({ accepted: 0, duplicates: 1200, unattributed: 0 });
    });

    it('applies changes in one batch, an event sent twice as last sent', async () => {
      const { knex, store } = await createStore(databaseId);
      await store.writeEvents([pr(1), pr(2), pr(3)], {
        demo: false,
        now: 1000,
      });
      const result = await store.writeEvents(
        [
          pr(1, 'first change'),
          pr(4),
          pr(2, 'changed'),
          pr(1, 'second change'),
        ],
        { demo: false, now: 2000 },
      );
      expect(result).toEqual({ accepted: 4, duplicates: 0, unattributed: 0 });
      const rows = await knex('qs_pull_requests')
        .orderBy('number')
        .select('number', 'title', 'received_at', 'updated_at');
      expect(
        rows.map(r => [
          Number(r.number),
          r.title,
          Number(r.received_at),
          Number(r.updated_at),
        ]),
      ).toEqual([
        [1, 'second change', 1000, 2000],
        [2, 'changed', 1000, 2000],
        [3, 'PR 3', 1000, 1000],
        [4, 'PR 4', 2000, 2000],
      ]);
      // Each touched entity is marked dirty from the event's earliest time.
      const dirty = await knex('qs_dirty_entities')
        .orderBy('entity_ref')
        .select('entity_ref', 'since');
      expect(dirty.map(d => [d.entity_ref, Number(d.since)])).toEqual([
        ['component:default/svc-0', Date.parse('2026-03-01T17:00:00Z')],
        ['component:default/svc-1', Date.parse('2026-03-01T17:00:00Z')],
        ['component:default/svc-2', Date.parse('2026-03-01T17:00:00Z')],
      ]);
    });

    it('stores a lone surrogate as replacement characters, on insert and on update', async () => {
      const { knex, store } = await createStore(databaseId);
      // PostgreSQL: U+FFFD, as the driver encodes a bound string. SQLite (its
      // path unchanged): better-sqlite3 writes the surrogate's three bytes,
      // which read back as three U+FFFD.
      const bad =
        databaseId === 'POSTGRES_15' ? '\ufffd' : '\ufffd\ufffd\ufffd';
      await store.writeEvents([pr(1, 'a\ud800b')], { demo: false, now: 1000 });
      expect((await knex('qs_pull_requests').first('title')).title).toBe(
        `a${bad}b`,
      );
      await store.writeEvents([pr(1, 'c\udfffd \\ud800')], {
        demo: false,
        now: 2000,
      });
      expect((await knex('qs_pull_requests').first('title')).title).toBe(
        `c${bad}d \\ud800`,
      );
    });

    it('updateEventRows answers the keys it found; insertRows writes the rest', async () => {
      const { knex, store } = await createStore(databaseId);
      await store.writeEvents(
        [
          {
            ...deployment({ id: 'd1' }),
            resolvedEntityRef: 'component:default/a',
          },
        ],
        { demo: false, now: 1000 },
      );
      const [stored] = await knex('qs_deployments').select('*');
      const { id: _id, received_at: _r, ...row } = stored;
      const found = await knex.transaction(async tx => {
        const keys = await updateEventRows(tx, 'qs_deployments', [
          { ...row, environment: 'staging', updated_at: 3000 },
          { ...row, external_id: 'd2', updated_at: 3000 },
        ]);
        await insertRows(tx, 'qs_deployments', [
          { ...row, external_id: 'd2', received_at: 3000, updated_at: 3000 },
        ]);
        return keys;
      });
      expect([...found]).toEqual([eventRowKey(row.source, 'd1')]);
      const after = await knex('qs_deployments')
        .orderBy('external_id')
        .select('external_id', 'environment', 'received_at', 'updated_at');
      expect(
        after.map(r => [
          r.external_id,
          r.environment,
          Number(r.received_at),
          Number(r.updated_at),
        ]),
      ).toEqual([
        ['d1', 'staging', 1000, 3000],
        ['d2', row.environment, 3000, 3000],
      ]);
    });
  },
);

import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  QualityEntityLocator,
  qualityScorecardLocatorsExtensionPoint,
} from '@shewhart/plugin-quality-scorecard-node';
import { createIngestHarness } from '../__fixtures__/ingestHarness';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { loadLocatorKeys } from './EntityIndex';

/*
 * Modules' locators (qualityScorecardLocatorsExtensionPoint): keys an entity
 * answers to, from annotations of the module's source, matched to the keys
 * an event carries in `locators`, most specific first.
 */

/** A Jira-like locator: a project, narrowed by a component or a label. */
const JIRA: QualityEntityLocator = {
  id: 'jira',
  annotations: ['jira/project-key'],
  keysOf(entity) {
    const a = entity.metadata.annotations ?? {};
    const project = a['jira/project-key'];
    if (a['jira/component'])
      return [`jira:${project}/component:${a['jira/component']}`];
    if (a['jira/label']) return [`jira:${project}/label:${a['jira/label']}`];
    // A key of another locator's id is ignored.
    return [`jira:${project}`, `opsgenie:${project}`];
  },
};

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
});

const ENTITIES = [
  entity('payments', {
    'jira/project-key': 'PROJ',
    'jira/component': 'Payments',
  }),
  entity('proj-all', { 'jira/project-key': 'PROJ' }),
  // Answers to the same key as proj-all: the first by ref keeps it.
  entity('proj-again', { 'jira/project-key': 'proj' }),
  entity('ops-web', { 'jira/project-key': 'OPS', 'jira/label': 'web' }),
];

describe('loadLocatorKeys', () => {
  it('maps every key of every annotated entity, lower case, first entity by ref on a tie', async () => {
    const asked: string[] = [];
    const keys = await loadLocatorKeys([JIRA], async annotation => {
      asked.push(annotation);
      return ENTITIES;
    });
    expect(asked).toEqual(['jira/project-key']);
    // A locator that throws on an entity loses that entity's keys, nothing else.
    const throwing = await loadLocatorKeys(
      [
        {
          ...JIRA,
          keysOf: e => {
            if (e.metadata.name === 'payments') throw new Error('bad');
            return JIRA.keysOf(e);
          },
        },
      ],
      async () => ENTITIES,
    );
    expect([...throwing.keys()].sort()).toEqual([
      'jira:ops/label:web',
      'jira:proj',
    ]);
    expect(Object.fromEntries(keys)).toEqual({
      'jira:proj/component:payments': 'component:default/payments',
      'jira:proj': 'component:default/proj-again',
      'jira:ops/label:web': 'component:default/ops-web',
    });
  });
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('locator keys on %p', databaseId => {
  const bug = (id: string, locators: string[]) => ({
    type: 'bug' as const,
    source: 'jira',
    id,
    locators,
    title: `Bug ${id}`,
    createdAt: '2026-03-02T10:00:00Z',
  });

  it('attributes by the first key an entity answers to, keeps the rest and attributes them later', async () => {
    const knex = await databases.init(databaseId);
    const h = await createIngestHarness(knex, {
      locatorKeys: {
        'jira:proj/component:payments': 'component:default/payments',
        'jira:proj': 'component:default/proj-all',
      },
    });
    expect(
      await h.ingestion.ingest([
        bug('b1', ['jira:PROJ/component:Payments', 'jira:PROJ']),
        bug('b2', ['jira:PROJ/component:Web', 'jira:PROJ']),
        bug('b3', ['jira:OPS/label:web', 'jira:OPS']),
      ]),
    ).toEqual({ accepted: 3, duplicates: 0, unattributed: 1 });
    const rows = async () =>
      (await knex('qs_bugs').orderBy('external_id')).map(r => [
        r.external_id,
        r.entity_ref,
        JSON.parse(r.locators),
      ]);
    expect(await rows()).toEqual([
      [
        'b1',
        'component:default/payments',
        ['jira:PROJ/component:Payments', 'jira:PROJ'],
      ],
      [
        'b2',
        'component:default/proj-all',
        ['jira:PROJ/component:Web', 'jira:PROJ'],
      ],
      ['b3', null, ['jira:OPS/label:web', 'jira:OPS']],
    ]);
    expect(await h.store.listUnattributed()).toEqual([
      {
        type: 'bug',
        repository: null,
        pagerDutyServiceId: null,
        gitlabProject: null,
        gitlabInstance: null,
        locators: ['jira:OPS/label:web', 'jira:OPS'],
        count: 1,
      },
    ]);
    // Read back with its locators: a mapping that merges with what is stored keeps them.
    const [stored] = (
      await h.store.loadEntityEvents('component:default/payments', 0)
    ).bugs;
    expect(stored.id).toBe('b1');
    h.annotations.locatorKeys!.set('jira:ops', 'component:default/ops');
    expect(await h.ingestion.reattribute()).toBe(1);
    expect((await rows())[2]).toEqual([
      'b3',
      'component:default/ops',
      ['jira:OPS/label:web', 'jira:OPS'],
    ]);
  });

  it('marks both entities for a recompute when an event moves from one to the other', async () => {
    const knex = await databases.init(databaseId);
    const h = await createIngestHarness(knex, {
      locatorKeys: {
        'jira:pay': 'component:default/payments',
        'jira:ops': 'component:default/ops',
      },
    });
    await h.ingestion.ingest([bug('m1', ['jira:PAY'])]);
    await knex('qs_dirty_entities').delete();
    // The bug moved to another project: its next delivery names the other key.
    expect(await h.ingestion.ingest([bug('m1', ['jira:OPS'])])).toEqual({
      accepted: 1,
      duplicates: 0,
      unattributed: 0,
    });
    expect(
      (await h.store.listDirty(10)).map(d => [d.entityRef, d.since]).sort(),
    ).toEqual([
      ['component:default/ops', Date.parse('2026-03-02T10:00:00Z')],
      ['component:default/payments', Date.parse('2026-03-02T10:00:00Z')],
    ]);
  });

  it('takes locators from a module through the extension point, over HTTP', async () => {
    const knex = await databases.init(databaseId);
    const jiraLocatorModule = createBackendModule({
      pluginId: 'quality-scorecard',
      moduleId: 'test-jira-locator',
      register(env) {
        env.registerInit({
          deps: { locators: qualityScorecardLocatorsExtensionPoint },
          async init({ locators }) {
            locators.addLocator(JIRA);
          },
        });
      },
    });
    const { server } = await startQualityBackend({
      knex,
      entities: ENTITIES,
      features: [jiraLocatorModule],
    });
    const auth = as('user:default/ada');
    const res = await request(server)
      .post('/api/quality-scorecard/events')
      .set(auth)
      .send({
        events: [
          bug('h1', ['jira:PROJ/component:payments', 'jira:PROJ']),
          bug('h2', ['jira:OPS/label:WEB']),
          bug('h3', ['jira:NONE']),
        ],
      })
      .expect(200);
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, unattributed: 1 });
    const refs = (await knex('qs_bugs').orderBy('external_id')).map(r => [
      r.external_id,
      r.entity_ref,
    ]);
    expect(refs).toEqual([
      ['h1', 'component:default/payments'],
      ['h2', 'component:default/ops-web'],
      ['h3', null],
    ]);
    const bad = await request(server)
      .post('/api/quality-scorecard/events')
      .set(auth)
      .send({ events: [bug('h4', ['PROJ'])] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'events[0].locators.0: must be a key such as jira:PROJ (a locator id, a colon, a value)',
    );
  });
});

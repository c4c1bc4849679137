import { Entity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { deployment, incident, pullRequest } from '../__fixtures__/events';
import {
  EntityIndex,
  GITHUB_SLUG_ANNOTATION,
  PAGERDUTY_SERVICE_ANNOTATION,
  catalogAnnotationIndexLoader,
} from './EntityIndex';
import { IngestionService } from './IngestionService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const REFRESH_MS = 60_000;
const PAYMENTS = 'component:default/payments';
const SEARCH = 'component:default/search';
const CHECKOUT = 'component:default/checkout';

const warnings: string[] = [];
const logger: LoggerService = {
  error() {},
  warn: message => {
    warnings.push(message);
  },
  info() {},
  debug() {},
  child: () => logger,
};

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

/**
 * The in-memory catalog of @backstage/plugin-catalog-node, behind a handle
 * that counts every call and can be given other entities (an edit in the
 * catalog) or made to fail.
 */
function countingCatalog(entities: Entity[]) {
  const state = {
    current: catalogServiceMock({ entities }),
    calls: [] as string[],
    failing: false,
  };
  const catalog = new Proxy({} as CatalogService, {
    get(_target, prop) {
      const value = Reflect.get(state.current, prop);
      if (typeof value !== 'function') return value;
      if (prop === 'streamEntities') {
        // Pages: an async iterable, failing on its first page while the catalog is down.
        return (...args: unknown[]) => {
          state.calls.push(String(prop));
          const failing = state.failing;
          const pages = value.apply(state.current, args) as AsyncIterable<unknown>;
          return (async function* read() {
            if (failing) throw new Error('catalog unavailable');
            yield* pages;
          })();
        };
      }
      return async (...args: unknown[]) => {
        state.calls.push(String(prop));
        if (state.failing) throw new Error('catalog unavailable');
        return value.apply(state.current, args);
      };
    },
  });
  return {
    catalog,
    state,
    replaceEntities: (next: Entity[]) => {
      state.current = catalogServiceMock({ entities: next });
    },
  };
}

const INITIAL = [
  component('payments', {
    [GITHUB_SLUG_ANNOTATION]: 'Acme/Payments',
    [PAGERDUTY_SERVICE_ANNOTATION]: 'PAYAPI1',
  }),
  component('search', { [GITHUB_SLUG_ANNOTATION]: 'acme/search' }),
  component('docs', {}),
];

function setup(entities: Entity[] = INITIAL) {
  const clock = { now: Date.parse('2026-03-01T00:00:00Z') };
  const { catalog, state, replaceEntities } = countingCatalog(entities);
  const index = new EntityIndex(
    catalogAnnotationIndexLoader({ catalog, auth: mockServices.auth() }),
    { logger, refreshIntervalMs: REFRESH_MS, now: () => clock.now },
  );
  return { clock, state, replaceEntities, index };
}

describe('EntityIndex over the catalog', () => {
  it('resolves any number of events with one load of the index, however many arrive at once', async () => {
    const { state, index } = setup();
    const events = Array.from({ length: 1000 }, (_, i) => {
      switch (i % 5) {
        case 0:
          return pullRequest({ id: `p-${i}`, repository: 'acme/payments' });
        case 1:
          return pullRequest({ id: `s-${i}`, repository: 'ACME/SEARCH' });
        case 2:
          return incident({ id: `i-${i}`, pagerDutyServiceId: 'PAYAPI1' });
        case 3:
          return deployment({ id: `d-${i}`, entityRef: 'Component:checkout' });
        default:
          return pullRequest({ id: `u-${i}`, repository: 'acme/unknown' });
      }
    });
    const resolved = await Promise.all(events.map(e => index.resolve(e)));
    expect(resolved.slice(0, 5)).toEqual([
      PAYMENTS,
      SEARCH,
      PAYMENTS,
      CHECKOUT,
      null,
    ]);
    expect(resolved.filter(r => r === PAYMENTS)).toHaveLength(400);
    expect(resolved.filter(r => r === null)).toHaveLength(200);
    // One load: a paged query per annotation (GitHub, PagerDuty, GitLab), for all 1,000 events together.
    expect(state.calls).toEqual(['streamEntities', 'streamEntities', 'streamEntities']);

    for (const event of events) await index.resolve(event);
    expect(state.calls).toHaveLength(3);
  });

  it('picks up a changed annotation when the index is refreshed, and not before', async () => {
    const { clock, state, replaceEntities, index } = setup();
    const event = pullRequest({ id: 'c-1', repository: 'acme/checkout' });
    expect(await index.resolve(event)).toBeNull();
    replaceEntities([
      INITIAL[0],
      component('search', { [GITHUB_SLUG_ANNOTATION]: 'acme/search-v2' }),
      component('checkout', { [GITHUB_SLUG_ANNOTATION]: 'acme/checkout' }),
    ]);
    // Within the refresh interval, the cached index answers.
    clock.now += REFRESH_MS;
    expect(await index.resolve(event)).toBeNull();
    expect(
      await index.resolve(pullRequest({ repository: 'acme/search' })),
    ).toBe(SEARCH);
    expect(state.calls).toHaveLength(3);

    clock.now += 1;
    expect(await index.resolve(event)).toBe(CHECKOUT);
    expect(
      await index.resolve(pullRequest({ repository: 'acme/search' })),
    ).toBeNull();
    expect(
      await index.resolve(pullRequest({ repository: 'acme/search-v2' })),
    ).toBe(SEARCH);
    expect(state.calls).toHaveLength(6);

    // An explicit refresh reloads at once.
    replaceEntities([INITIAL[0]]);
    const refreshed = await index.refresh();
    expect([...refreshed.repositories]).toEqual([['acme/payments', PAYMENTS]]);
    expect(await index.resolve(event)).toBeNull();
    expect(state.calls).toHaveLength(9);
  });

  it('keeps serving the last index while the catalog fails, without a catalog call per event', async () => {
    const { clock, state, index } = setup();
    expect(await index.resolve(pullRequest())).toBe(PAYMENTS);
    state.failing = true;
    clock.now += REFRESH_MS + 1;
    warnings.length = 0;
    expect(await index.resolve(pullRequest())).toBe(PAYMENTS);
    expect(warnings).toEqual([
      'Could not load the catalog annotation index: Error: catalog unavailable',
    ]);
    expect(state.calls).toHaveLength(6);
    for (let i = 0; i < 100; i++) {
      expect(
        await index.resolve(pullRequest({ repository: 'acme/search' })),
      ).toBe(SEARCH);
    }
    expect(state.calls).toHaveLength(6);
    // Five seconds later the next event tries the catalog again, once.
    clock.now += 5_001;
    await Promise.all(
      Array.from({ length: 50 }, () => index.resolve(pullRequest())),
    );
    expect(state.calls).toHaveLength(9);
    state.failing = false;
    clock.now += 5_001;
    expect(
      await index.resolve(pullRequest({ repository: 'acme/search' })),
    ).toBe(SEARCH);
    expect(state.calls).toHaveLength(12);
    clock.now += 5_001;
    expect(await index.resolve(pullRequest())).toBe(PAYMENTS);
    expect(state.calls).toHaveLength(12);
  });
});

describe.each(databases.eachSupportedId())(
  'attribution of stored events on %p',
  databaseId => {
    it('attributes an event stored unattributed once the catalog maps its locator, without a catalog call per event', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      const { clock, state, replaceEntities, index } = setup();
      const ingestion = new IngestionService(store, index, {
        logger,
        now: () => clock.now,
      });

      const early = Array.from({ length: 50 }, (_, i) =>
        pullRequest({
          id: `acme/checkout#${i + 1}`,
          number: i + 1,
          repository: 'acme/checkout',
        }),
      );
      expect(await ingestion.ingest([...early, pullRequest()])).toEqual({
        accepted: 51,
        duplicates: 0,
        unattributed: 50,
      });
      expect(state.calls).toHaveLength(3);
      expect(await store.listUnattributed()).toEqual([
        {
          type: 'pull_request',
          repository: 'acme/checkout',
          pagerDutyServiceId: null,
          gitlabProject: null,
          gitlabInstance: null,
          locators: null,
          count: 50,
        },
      ]);

      replaceEntities([
        ...INITIAL,
        component('checkout', { [GITHUB_SLUG_ANNOTATION]: 'acme/checkout' }),
      ]);
      // The scheduled task: one reload, then one update of the stored rows.
      expect(await ingestion.reattribute()).toBe(50);
      expect(state.calls).toHaveLength(6);
      expect(await store.listUnattributed()).toEqual([]);
      expect(
        await store.getPullRequest('github', 'acme/checkout#7'),
      ).toMatchObject({ entityRef: CHECKOUT });
      expect(
        (await store.loadEntityEvents(CHECKOUT, 0)).pullRequests,
      ).toHaveLength(50);
      expect(
        (await store.listDirty(10)).sort((a, b) =>
          a.entityRef.localeCompare(b.entityRef),
        ),
      ).toEqual([
        { entityRef: CHECKOUT, since: 0, markedAt: clock.now },
        {
          entityRef: PAYMENTS,
          since: Date.parse('2026-03-01T17:00:00Z'),
          markedAt: clock.now,
        },
      ]);

      // A later event of the same repository is attributed as it arrives.
      expect(
        await ingestion.ingest([
          pullRequest({
            id: 'acme/checkout#51',
            number: 51,
            repository: 'acme/checkout',
          }),
        ]),
      ).toEqual({ accepted: 1, duplicates: 0, unattributed: 0 });
      expect(
        await store.getPullRequest('github', 'acme/checkout#51'),
      ).toMatchObject({ entityRef: CHECKOUT });
      expect(state.calls).toHaveLength(6);
      expect(await ingestion.reattribute()).toBe(0);
    });
  },
);

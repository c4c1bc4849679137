/*
 * Starts the bench's backend and waits until it serves and its catalog holds
 * the whole synthetic organisation with the relations the roll-ups follow
 * (group parents, owners): only then are reads and memory comparable.
 */
import type { BenchBackend } from './backend';
import type { SyntheticOrg } from './generate';
import { log } from './args';

export interface Serving {
  /** Seconds from start until the catalog was ready. */
  catalogReadyS: number;
  rss: {
    up?: number;
    catalogReady?: number;
    peakBeforeReads?: number;
  };
}

/** The department roll-ups the reads ask for, with the services each owns through its teams. */
export function rollupGroupsOf(org: SyntheticOrg) {
  const rollupGroups = org.groups.filter(g => g.level === 2);
  const expected = new Map(
    rollupGroups.map(g => [g.name, org.ownedServices(g.name).length]),
  );
  return { rollupGroups, expected };
}

export async function startAndWaitForCatalog(
  backend: BenchBackend,
  org: SyntheticOrg,
): Promise<Serving> {
  const services = org.services.length;
  const rss: Serving['rss'] = {};
  const bootStarted = Date.now();
  backend.start();
  await backend.waitUntil(
    'the backend',
    async () =>
      (await backend.fetch(backend.readyPath)).ok ? true : undefined,
    300_000,
    1000,
  );
  log(
    `backend up after ${((Date.now() - bootStarted) / 1000).toFixed(
      1,
    )} s (pid ${backend.pid}); waiting for the catalog`,
  );
  rss.up = backend.memory()?.currentMb;
  const count = async (kind: string) =>
    (
      await backend.json(
        `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1&fields=metadata.name`,
      )
    ).totalItems as number;
  const users = org.groups.reduce((a, g) => a + g.members.length, 0);
  await backend.waitUntil(
    'the catalog to hold every entity',
    async () => {
      const [c, g, u] = await Promise.all([
        count('component'),
        count('group'),
        count('user'),
      ]);
      log(
        `catalog: ${c}/${services} components, ${g}/${
          org.groups.length
        } groups, ${u}/${users} users; backend rss ${Math.round(
          backend.memory()?.currentMb ?? NaN,
        )} MB`,
      );
      return c >= services && g >= org.groups.length && u >= users
        ? true
        : undefined;
    },
    900_000,
    5000,
  );
  // The roll-up groups and the services they own through their teams, as the catalog relates them.
  const { rollupGroups, expected } = rollupGroupsOf(org);
  await backend.waitUntil(
    'the catalog relations of the roll-up groups',
    async () => {
      const groups = await backend.json(
        `/api/catalog/entities/by-query?filter=kind=group&limit=1000&fields=metadata.name,relations`,
      );
      const children = new Map<string, string[]>();
      for (const g of groups.items) {
        children.set(
          g.metadata.name,
          (g.relations ?? [])
            .filter((r: any) => r.type === 'parentOf')
            .map((r: any) => r.targetRef.split('/')[1]),
        );
      }
      for (const g of rollupGroups) {
        if ((children.get(g.name) ?? []).length !== g.children.length)
          return undefined;
      }
      const owned = new Map<string, number>();
      let cursor: string | undefined;
      do {
        const page: any = await backend.json(
          `/api/catalog/entities/by-query?${
            cursor
              ? `cursor=${encodeURIComponent(cursor)}`
              : 'filter=kind=component'
          }&limit=1000&fields=metadata.name,relations`,
        );
        for (const e of page.items) {
          for (const r of e.relations ?? []) {
            if (r.type === 'ownedBy')
              owned.set(r.targetRef, (owned.get(r.targetRef) ?? 0) + 1);
          }
        }
        cursor = page.pageInfo?.nextCursor;
      } while (cursor);
      for (const g of rollupGroups) {
        const n = (children.get(g.name) ?? []).reduce(
          (a, team) => a + (owned.get(`group:default/${team}`) ?? 0),
          0,
        );
        if (n !== expected.get(g.name)) return undefined;
      }
      return true;
    },
    600_000,
    5000,
  );
  const catalogReadyS = (Date.now() - bootStarted) / 1000;
  log(`catalog ready after ${catalogReadyS.toFixed(1)} s`);
  rss.catalogReady = backend.memory()?.currentMb;
  rss.peakBeforeReads = backend.memory()?.peakMb;
  return { catalogReadyS, rss };
}

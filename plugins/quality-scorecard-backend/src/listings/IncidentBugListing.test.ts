import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { incident } from '../__fixtures__/events';
import type { AttributedEvent } from '../database/types';
import { IncidentBugListing } from './IncidentBugListing';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const t = (iso: string) => Date.parse(iso);

const attributed = (e: any, refs: string[] = [PAYMENTS]): AttributedEvent => ({
  ...e,
  resolvedEntityRef: refs[0],
  ...(refs.length > 1 ? { entityRefs: refs } : {}),
});

const bug = (overrides: object) => ({
  type: 'bug',
  id: 'BUG-1',
  source: 'jira',
  title: 'Refund rounding',
  createdAt: '2026-03-06T00:00:00Z',
  closedAt: null,
  ...overrides,
});

/** Two incidents and three bugs of payments (one shared with ledger), one of ledger, one outside the window. */
const EVENTS = [
  attributed(
    incident({
      id: 'INC-1',
      severity: 'SEV1',
      url: 'https://acme.pagerduty.com/incidents/INC-1',
      createdAt: '2026-03-04T12:00:00Z',
      resolvedAt: '2026-03-04T13:30:00Z',
    }),
  ),
  attributed(
    incident({
      id: 'INC-2',
      title: 'Checkout slow',
      createdAt: '2026-03-08T09:00:00Z',
      resolvedAt: null,
    }),
  ),
  attributed(
    bug({
      id: 'BUG-1',
      url: 'https://acme.atlassian.net/browse/BUG-1',
      severity: 'P2',
      closedAt: '2026-03-07T00:00:00Z',
    }),
  ),
  attributed(
    bug({
      id: 'BUG-2',
      source: 'github',
      title: 'Shared rounding',
      createdAt: '2026-03-05T00:00:00Z',
    }),
    [LEDGER, PAYMENTS],
  ),
  attributed(bug({ id: 'BUG-3', createdAt: '2026-02-01T00:00:00Z' })),
  attributed(bug({ id: 'BUG-4', title: 'Ledger only' }), [LEDGER]),
];

describe.each(databases.eachSupportedId())(
  'IncidentBugListing on %p',
  databaseId => {
    async function createListing() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      await store.writeEvents(EVENTS, {
        demo: false,
        now: t('2026-03-09T00:00:00Z'),
      });
      return new IncidentBugListing(knex);
    }

    const WINDOW = {
      entityRef: PAYMENTS,
      from: t('2026-03-01T00:00:00Z'),
      to: t('2026-03-09T00:00:00Z'),
      limit: 50,
    };

    it('lists the incidents and bugs of an entity in the window, newest first, with exact fields', async () => {
      const listing = await createListing();
      expect(
        await listing.list({ ...WINDOW, types: ['incident', 'bug'] }),
      ).toEqual({
        more: false,
        items: [
          {
            type: 'incident',
            id: 'INC-2',
            source: 'pagerduty',
            title: 'Checkout slow',
            url: null,
            severity: null,
            status: 'triggered',
            createdAt: t('2026-03-08T09:00:00Z'),
            endedAt: null,
          },
          {
            type: 'bug',
            id: 'BUG-1',
            source: 'jira',
            title: 'Refund rounding',
            url: 'https://acme.atlassian.net/browse/BUG-1',
            severity: 'P2',
            status: 'closed',
            createdAt: t('2026-03-06T00:00:00Z'),
            endedAt: t('2026-03-07T00:00:00Z'),
          },
          {
            type: 'bug',
            id: 'BUG-2',
            source: 'github',
            title: 'Shared rounding',
            url: null,
            severity: null,
            status: 'open',
            createdAt: t('2026-03-05T00:00:00Z'),
            endedAt: null,
          },
          {
            type: 'incident',
            id: 'INC-1',
            source: 'pagerduty',
            title: 'Refunds failing',
            url: 'https://acme.pagerduty.com/incidents/INC-1',
            severity: 'SEV1',
            status: 'resolved',
            createdAt: t('2026-03-04T12:00:00Z'),
            endedAt: t('2026-03-04T13:30:00Z'),
          },
        ],
      });
    });

    it.each([
      [
        'bugs only',
        { types: ['bug'] as const },
        { ids: ['BUG-1', 'BUG-2'], more: false },
      ],
      [
        'incidents only',
        { types: ['incident'] as const },
        { ids: ['INC-2', 'INC-1'], more: false },
      ],
      [
        'a limit cuts the oldest and says there are more',
        { types: ['incident', 'bug'] as const, limit: 2 },
        { ids: ['INC-2', 'BUG-1'], more: true },
      ],
      [
        'the window end is exclusive',
        {
          types: ['incident', 'bug'] as const,
          to: t('2026-03-06T00:00:00Z'),
        },
        { ids: ['BUG-2', 'INC-1'], more: false },
      ],
      [
        'an older window',
        {
          types: ['bug'] as const,
          from: t('2026-01-01T00:00:00Z'),
          to: t('2026-03-01T00:00:00Z'),
        },
        { ids: ['BUG-3'], more: false },
      ],
      [
        'the other entity of a shared bug',
        { types: ['bug'] as const, entityRef: LEDGER },
        { ids: ['BUG-4', 'BUG-2'], more: false },
      ],
    ])('%s', async (_name, query, expected) => {
      const listing = await createListing();
      const result = await listing.list({
        ...WINDOW,
        ...query,
        types: [...query.types],
      });
      expect({
        ids: result.items.map(i => i.id),
        more: result.more,
      }).toEqual(expected);
      // invariant: newest first, all in the window
      const times = result.items.map(i => i.createdAt);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });
  },
);

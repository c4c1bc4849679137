import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import { CampaignReminders } from './CampaignReminders';
import { ReminderStore } from './ReminderStore';
import {
  at,
  campaign,
  fixedReader,
  LEDGER,
  PAYMENTS,
} from './__fixtures__/campaigns';
import { migrateForReminders } from './__fixtures__/reminderDatabase';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const GUILD = 'group:default/quality-guild';

/** Silver by March (active), and Q1 reviews, closed early by its guild on 2027-03-23. */
const reader = () =>
  fixedReader([
    { summary: campaign() },
    {
      summary: campaign({
        id: 'q1-reviews',
        title: 'Q1 reviews',
        owner: GUILD,
        target: { checks: ['review'] },
        closedAt: '2027-03-23T12:00:00.000Z',
      }),
    },
    {
      summary: campaign({
        id: 'later',
        startDate: '2027-04-01',
        dueDate: '2027-06-30',
      }),
    },
  ]);

/** The notifications service as the reminders see it: it records what is sent, taking its time. */
function recorder(options: { failFirst?: number } = {}) {
  const sent: NotificationSendOptions[] = [];
  let failures = options.failFirst ?? 0;
  const service: NotificationService = {
    async send(notification) {
      await new Promise(resolve => setTimeout(resolve, Math.random() * 5));
      if (failures > 0) {
        failures -= 1;
        throw new Error('notifications backend unavailable');
      }
      sent.push(notification);
    },
  };
  return { service, sent };
}

/** Who was told what: campaign, reminder and recipient of each send. */
const keys = (sent: NotificationSendOptions[]) =>
  sent
    .map(s => {
      const m = s.payload.metadata as Record<string, string>;
      const r = s.recipients as { entityRef: string };
      return `${m.campaignId}:${m.reminder}:${r.entityRef}`;
    })
    .sort();

describe.each(databases.eachSupportedId())(
  'CampaignReminders on %p',
  databaseId => {
    const extra: Knex[] = [];
    afterEach(async () => {
      await Promise.all(extra.splice(0).map(k => k.destroy()));
    });

    /**
     * The test database, and a second client on it for a second backend
     * instance: its own connection pool on PostgreSQL; SQLite's in-memory
     * database has one connection, shared.
     */
    async function twoClients(): Promise<[Knex, Knex]> {
      const knex = await migrateForReminders(await databases.init(databaseId));
      if (knex.client.config.client !== 'pg') return [knex, knex];
      const other = knexFactory(knex.client.config);
      extra.push(other);
      return [knex, other];
    }

    const reminders = (
      knex: Knex,
      notifications: NotificationService,
      campaigns = reader(),
    ) =>
      new CampaignReminders({
        campaigns,
        store: new ReminderStore(knex),
        notifications,
        logger: mockServices.logger.mock(),
      });

    it('reminders sent once each across two instances, and not again after a restart', async () => {
      const [one, two] = await twoClients();
      const { service, sent } = recorder();
      const now = at('2027-03-24T01:00:00Z');

      const runs = await Promise.all([
        reminders(one, service).run(now),
        reminders(two, service).run(now),
      ]);
      expect(keys(sent)).toEqual([
        `q1-reviews:closed:${GUILD}`,
        `silver-by-march:7d:${LEDGER}`,
        `silver-by-march:7d:${PAYMENTS}`,
      ]);
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(3);
      expect(runs.reduce((n, r) => n + r.alreadySent, 0)).toBe(3);
      expect(runs.map(r => r.failed)).toEqual([0, 0]);
      expect(
        (await new ReminderStore(one).list()).map(
          r => `${r.campaignId}:${r.reminder}:${r.recipient}@${r.sentAt}`,
        ),
      ).toEqual([
        `q1-reviews:closed:${GUILD}@${now}`,
        `silver-by-march:7d:${LEDGER}@${now}`,
        `silver-by-march:7d:${PAYMENTS}@${now}`,
      ]);

      // A restart: a new object on the same database sends nothing again.
      const restarted = reminders(two, service);
      expect(await restarted.run(now + 3_600_000)).toEqual({
        sent: 0,
        alreadySent: 3,
        failed: 0,
      });
      expect(sent).toHaveLength(3);

      // The next reminder day: the 1-day reminders, once.
      const later = at('2027-03-30T00:30:00Z');
      await Promise.all([
        reminders(one, service).run(later),
        restarted.run(later),
      ]);
      expect(keys(sent).filter(k => k.includes(':1d:'))).toEqual([
        `silver-by-march:1d:${LEDGER}`,
        `silver-by-march:1d:${PAYMENTS}`,
      ]);
      expect(sent).toHaveLength(5);
    });

    it('across two instances running hourly for weeks: every reminder exactly once, in order', async () => {
      const [one, two] = await twoClients();
      const { service, sent } = recorder();
      const campaigns = fixedReader([{ summary: campaign() }]);
      const a = reminders(one, service, campaigns);
      const b = reminders(two, service, campaigns);
      for (
        let t = at('2027-02-27T00:00:00Z');
        t < at('2027-04-12T00:00:00Z');
        t += 3 * 3_600_000
      ) {
        await Promise.all([a.run(t), b.run(t + 60_000)]);
      }
      const order = sent.map(s => (s.payload.metadata as any).reminder);
      expect(order).toEqual(['30d', '30d', '7d', '7d', '1d', '1d', 'closed']);
      expect(keys(sent)).toEqual([
        'silver-by-march:1d:group:default/ledger-team',
        'silver-by-march:1d:group:default/payments-team',
        'silver-by-march:30d:group:default/ledger-team',
        'silver-by-march:30d:group:default/payments-team',
        'silver-by-march:7d:group:default/ledger-team',
        'silver-by-march:7d:group:default/payments-team',
        'silver-by-march:closed:group:default/platform-team',
      ]);
      // What is sent goes to the owner as an entity recipient, linked to the tab or the overview.
      const first = sent.find(
        s =>
          (s.recipients as { entityRef: string }).entityRef === LEDGER &&
          (s.payload.metadata as any).reminder === '30d',
      );
      expect(first).toEqual({
        recipients: { type: 'entity', entityRef: LEDGER },
        payload: expect.objectContaining({
          link: '/catalog/default/component/ledger/quality',
          severity: 'low',
          topic: 'quality-scorecard:campaign',
        }),
      });
    });

    it('gives a reminder back when sending fails and sends it on the next run', async () => {
      const [knex] = await twoClients();
      const { service, sent } = recorder({ failFirst: 1 });
      const logger = mockServices.logger.mock();
      const subject = new CampaignReminders({
        campaigns: reader(),
        store: new ReminderStore(knex),
        notifications: service,
        logger,
      });
      const now = at('2027-03-24T01:00:00Z');
      expect(await subject.run(now)).toEqual({
        sent: 2,
        alreadySent: 0,
        failed: 1,
      });
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(await subject.run(now + 3_600_000)).toEqual({
        sent: 1,
        alreadySent: 2,
        failed: 0,
      });
      expect(keys(sent)).toEqual([
        `q1-reviews:closed:${GUILD}`,
        `silver-by-march:7d:${LEDGER}`,
        `silver-by-march:7d:${PAYMENTS}`,
      ]);
    });

    it('sends nothing and reads no campaign when switched off', async () => {
      const [knex] = await twoClients();
      const { service, sent } = recorder();
      const campaigns = reader();
      const subject = new CampaignReminders({
        campaigns,
        store: new ReminderStore(knex),
        notifications: service,
        logger: mockServices.logger.mock(),
        enabled: false,
      });
      expect(await subject.run(at('2027-03-24T01:00:00Z'))).toEqual({
        sent: 0,
        alreadySent: 0,
        failed: 0,
      });
      expect(sent).toEqual([]);
      expect(campaigns.calls).toEqual([]);
    });

    it('reads the detail only of campaigns with a reminder due', async () => {
      const [knex] = await twoClients();
      const campaigns = reader();
      await reminders(knex, recorder().service, campaigns).run(
        at('2027-03-20T01:00:00Z'),
      );
      // Silver's 30-day reminder (late), Q1 reviews still running, later not begun.
      expect(campaigns.calls).toEqual(['list', 'detail:silver-by-march']);
    });
  },
);

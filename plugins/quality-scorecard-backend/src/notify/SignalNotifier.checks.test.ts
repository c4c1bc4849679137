import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { readNotificationsConfig } from '../config/notifications';
import { SignalEpisodeStore } from './SignalEpisodeStore';
import { SignalNotifier } from './SignalNotifier';

/*
 * The interface the checks engine calls. The notifications backend itself is
 * exercised in SignalNotifier.test.ts; here the sends are recorded.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const REF = 'component:default/payments';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'payments-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'sre', namespace: 'default' },
    spec: {},
  },
];

async function create(notifications: object = {}) {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@shewhart/plugin-quality-scorecard-backend',
      'migrations',
    ),
  });
  const sent: NotificationSendOptions[] = [];
  const notifier = new SignalNotifier({
    config: readNotificationsConfig(
      new ConfigReader({ qualityScorecard: { notifications } }),
    ),
    store: new SignalEpisodeStore(knex),
    scorecards: { entityScorecard: jest.fn() },
    notifications: { send: async options => void sent.push(options) },
    catalog: catalogServiceMock({ entities: entities as any }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return { notifier, sent };
}

const check = {
  id: 'cfr',
  title: 'Change failure rate ≤ 15%',
  metric: 'change_failure_rate',
  threshold: '≤ 0.15',
};

describe('SignalNotifier for checks and levels', () => {
  it('tells a new failure once, clears on pass, tells the next failure again', async () => {
    const { notifier, sent } = await create();
    const report = (current: any, now: number) =>
      notifier.notifyCheckChange({
        entityRef: REF,
        check,
        current,
        value: 0.21,
        reason: 'Change failure rate 21% is above 15%',
        now,
      });
    expect(await report('pass', 1)).toBe('unchanged');
    expect(await report('fail', 2)).toBe('opened');
    expect(await report('fail', 3)).toBe('unchanged');
    expect(await report('insufficient-data', 4)).toBe('unchanged');
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/payments-team',
        },
        payload: expect.objectContaining({
          title: 'payments: now fails the check "Change failure rate ≤ 15%"',
          description:
            'Change failure rate 21% is above 15%. Value 21%, required ≤ 0.15.',
          link: '/catalog/default/component/payments/quality?check=cfr',
          severity: 'normal',
          topic: 'quality-scorecard:check',
        }),
      },
    ]);
    expect(await report('exempt', 5)).toBe('cleared');
    expect(await report('fail', 6)).toBe('opened');
    expect(sent).toHaveLength(2);
  });

  it('sends to the owner the checks engine names', async () => {
    const { notifier, sent } = await create();
    await notifier.notifyCheckChange({
      entityRef: REF,
      ownerRef: 'group:default/sre',
      check,
      current: 'fail',
      now: 1,
    });
    expect(sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: 'group:default/sre' },
    ]);
  });

  it('tells a lost level once and again only after it was regained', async () => {
    const { notifier, sent } = await create();
    const levels = ['bronze', 'silver', 'gold'];
    const change = (
      previous: string | null,
      current: string | null,
      now: number,
    ) =>
      notifier.notifyLevelChange({
        entityRef: REF,
        levels,
        previous,
        current,
        now,
      });
    expect(await change(null, 'gold', 1)).toBe('unchanged');
    expect(await change('gold', 'bronze', 2)).toBe('opened');
    expect(sent.map(s => s.payload.title)).toEqual([
      'payments: dropped from level gold to bronze',
    ]);
    expect(await change('bronze', 'bronze', 3)).toBe('unchanged');
    expect(await change('bronze', 'silver', 4)).toBe('cleared');
    expect(await change('silver', 'bronze', 5)).toBe('opened');
    expect(await change('bronze', null, 6)).toBe('opened');
    expect(sent.map(s => s.payload.title)).toEqual([
      'payments: dropped from level gold to bronze',
      'payments: dropped from level silver to bronze',
      'payments: lost level bronze and holds no level now',
    ]);
    expect(await change(null, 'bronze', 7)).toBe('cleared');
    expect(await change('bronze', 'bronze', 8)).toBe('unchanged');
    expect(sent).toHaveLength(3);
  });

  it('sends nothing when check notifications are off', async () => {
    const { notifier, sent } = await create({ checks: { enabled: false } });
    expect(
      await notifier.notifyCheckChange({
        entityRef: REF,
        check,
        current: 'fail',
        now: 1,
      }),
    ).toBe('disabled');
    expect(sent).toEqual([]);
  });
});

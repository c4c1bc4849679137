import { ConfigReader } from '@backstage/config';
import { readEntityLifecycleConfig } from './lifecycleConfig';

const DAY = 86_400_000;
const read = (qualityScorecard: object) =>
  readEntityLifecycleConfig(new ConfigReader({ qualityScorecard }));

describe('readEntityLifecycleConfig', () => {
  it.each([
    [{}, 30 * DAY],
    [{ retention: {} }, 30 * DAY],
    [{ retention: { deletedEntities: '10d' } }, 10 * DAY],
    [{ retention: { deletedEntities: 'P2W' } }, 14 * DAY],
    [{ retention: { deletedEntities: { days: 7, hours: 12 } } }, 7.5 * DAY],
    [{ retention: { deletedEntities: '36h' } }, 1.5 * DAY],
  ])('grace period of %j is %d ms', (config, graceMs) => {
    expect(read(config).graceMs).toBe(graceMs);
  });

  it.each([['0d'], ['soon'], [{ days: -1 }]])('refuses %j', deletedEntities => {
    expect(() => read({ retention: { deletedEntities } })).toThrow(
      /qualityScorecard\.retention\.deletedEntities/,
    );
  });

  it('runs hourly unless scheduled otherwise', () => {
    expect(read({}).schedule).toEqual({
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 5 },
    });
    expect(
      read({
        entityLifecycle: {
          schedule: {
            frequency: { cron: '0 3 * * *' },
            timeout: { minutes: 10 },
          },
        },
      }).schedule,
    ).toEqual({ frequency: { cron: '0 3 * * *' }, timeout: { minutes: 10 } });
  });
});

import { ConfigReader } from '@backstage/config';
import { readGithubSyncConfig } from './config';

describe('readGithubSyncConfig', () => {
  it('has defaults: 180 days, hourly, Incident and bug labels', () => {
    expect(readGithubSyncConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      historyDays: 180,
      schedule: {
        frequency: { hours: 1 },
        timeout: { hours: 3 },
        initialDelay: { minutes: 2 },
      },
      concurrency: 4,
      maxRateLimitWaitMs: 3_600_000,
      deploymentsEnabled: true,
      deploymentWorkflows: [],
      incidentLabels: ['Incident'],
      bugLabels: ['bug'],
    });
  });

  it('reads every key', () => {
    const config = readGithubSyncConfig(
      new ConfigReader({
        qualityScorecard: {
          github: {
            sync: {
              enabled: false,
              historyDays: 365,
              schedule: { frequency: { minutes: 30 }, timeout: { hours: 1 } },
              concurrency: 2,
              maxRateLimitWaitMinutes: 10,
              deployments: { enabled: false },
              deploymentWorkflows: [
                { workflow: 'deploy.yml', branch: 'main' },
                { workflow: '161335', environment: 'staging' },
              ],
              issues: { incidentLabels: ['outage'], bugLabels: [] },
            },
          },
        },
      }),
    );
    expect(config).toEqual({
      enabled: false,
      historyDays: 365,
      schedule: { frequency: { minutes: 30 }, timeout: { hours: 1 } },
      concurrency: 2,
      maxRateLimitWaitMs: 600_000,
      deploymentsEnabled: false,
      deploymentWorkflows: [
        { workflow: 'deploy.yml', environment: 'production', branch: 'main' },
        { workflow: '161335', environment: 'staging', branch: undefined },
      ],
      incidentLabels: ['outage'],
      bugLabels: [],
    });
  });

  it('names a bad key', () => {
    expect(() =>
      readGithubSyncConfig(
        new ConfigReader({
          qualityScorecard: { github: { sync: { historyDays: 0 } } },
        }),
      ),
    ).toThrow(
      'qualityScorecard.github.sync.historyDays must be a positive integer, got 0',
    );
  });
});

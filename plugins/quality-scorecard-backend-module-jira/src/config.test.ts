import { ConfigReader } from '@backstage/config';
import { readJiraConfig } from './config';

const read = (jira: object) =>
  readJiraConfig(new ConfigReader({ qualityScorecard: { jira } }));

describe('readJiraConfig', () => {
  it('applies the defaults', () => {
    const c = readJiraConfig(new ConfigReader({}));
    expect(c.webhookSecrets).toEqual([]);
    expect(c.instances).toEqual([]);
    expect(c.rules.bugs).toEqual({
      issueTypes: ['Bug'],
      labels: [],
      priorities: [],
      jql: undefined,
    });
    expect(c.rules.incidents.issueTypes).toEqual([
      'Incident',
      '[System] Incident',
    ]);
    expect(c.rules.severities.blocker).toBe('critical');
    expect(c.sync).toMatchObject({
      enabled: true,
      historyDays: 180,
      overlapMs: 300_000,
      pageSize: 100,
      maxRateLimitWaitMs: 600_000,
    });
  });

  it('reads instances, upper-casing their projects', () => {
    expect(
      read({
        instances: [
          {
            baseUrl: 'https://a.atlassian.net/',
            email: 'x@y.z',
            apiToken: 't',
            projects: ['pay'],
          },
          {
            baseUrl: 'https://jira.acme.test/jira',
            kind: 'datacenter',
            token: 'p',
          },
        ],
      }).instances,
    ).toEqual([
      {
        baseUrl: 'https://a.atlassian.net',
        kind: 'cloud',
        email: 'x@y.z',
        apiToken: 't',
        token: undefined,
        projects: ['PAY'],
      },
      {
        baseUrl: 'https://jira.acme.test/jira',
        kind: 'datacenter',
        email: undefined,
        apiToken: undefined,
        token: 'p',
        projects: undefined,
      },
    ]);
  });

  it.each([
    [
      {
        instances: [
          { baseUrl: 'https://a.atlassian.net', kind: 'cloud', email: 'x@y.z' },
        ],
      },
      'qualityScorecard.jira.instances[0]: a cloud instance needs email and apiToken',
    ],
    [
      {
        instances: [{ baseUrl: 'https://jira.acme.test', kind: 'datacenter' }],
      },
      'qualityScorecard.jira.instances[0]: a datacenter instance needs token',
    ],
    [
      {
        instances: [
          { baseUrl: 'https://jira.acme.test', kind: 'server', token: 't' },
        ],
      },
      'qualityScorecard.jira.instances[0].kind must be cloud or datacenter, got server',
    ],
    [
      { webhookSecrets: [''] }, // The config reader refuses an empty string before the module sees it.
      "Invalid type in config for key 'qualityScorecard.jira.webhookSecrets[0]'",
    ],
    [
      { sync: { historyDays: 0 } },
      'qualityScorecard.jira.sync.historyDays must be a positive integer, got 0',
    ],
  ])('refuses %p', (jira, message) => {
    expect(() => read(jira)).toThrow(message);
  });
});

import request from 'supertest';
import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';
import { readSeverityOptions } from '../config/pluginConfig';

/*
 * `metrics.severities`: incident-based metrics limited to the levels that
 * matter ("incidents per PR, SEV1–2 only"), bugs per developer likewise.
 *
 * Hand-computed: PRs 1 and 2 by ada, merged Monday, shipped by d1 (Monday
 * 16:00). Incidents after d1: SEV1 (Tue), P3 (Wed), one without severity
 * (Thu); bugs: Highest and Low. Unfiltered: incidents per PR 3 / 2 = 1.5,
 * change failure rate 1 / 1, bugs per developer 2 / 1 author. With
 * incidents [critical, high] and bugs [critical]: 1 / 2 = 0.5, 1 / 1, and
 * 1 / 1.
 */

jest.setTimeout(60_000);

const ENTITY = 'component:default/payments';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const events = [
  ...[1, 2].map(n => ({
    type: 'pull_request',
    source: 'ci',
    id: `pr-${n}`,
    entityRef: ENTITY,
    number: n,
    title: `PR ${n}`,
    author: 'ada',
    url: `https://example.com/${n}`,
    createdAt: '2026-03-02T08:00:00Z',
    mergedAt: '2026-03-02T10:00:00Z',
    additions: 1,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [],
    reviews: [],
  })),
  {
    type: 'deployment',
    source: 'ci',
    id: 'd1',
    entityRef: ENTITY,
    environment: 'production',
    status: 'success',
    finishedAt: '2026-03-02T16:00:00Z',
  },
  ...(
    [
      ['i1', 'SEV1', '03'],
      ['i2', 'P3', '04'],
      ['i3', null, '05'],
    ] as const
  ).map(([id, severity, day]) => ({
    type: 'incident',
    source: 'pager',
    id,
    entityRef: ENTITY,
    title: id,
    severity,
    createdAt: `2026-03-${day}T09:00:00Z`,
    resolvedAt: `2026-03-${day}T10:00:00Z`,
  })),
  ...(
    [
      ['b1', 'Highest'],
      ['b2', 'Low'],
    ] as const
  ).map(([id, severity]) => ({
    type: 'bug',
    source: 'jira',
    id,
    entityRef: ENTITY,
    title: id,
    severity,
    createdAt: '2026-03-04T09:00:00Z',
  })),
];

describe.each(databases.eachSupportedId())(
  'metrics.severities on %p',
  databaseId => {
    it.each([
      [
        'unfiltered',
        undefined,
        {
          incidents_per_pr: 1.5,
          change_failure_rate: 1,
          bugs_per_developer: 2,
          time_to_restore_n: 3,
        },
      ],
      [
        'critical and high incidents, critical bugs',
        { incidents: ['critical', 'high'], bugs: ['critical'] },
        {
          incidents_per_pr: 0.5,
          change_failure_rate: 1,
          bugs_per_developer: 1,
          time_to_restore_n: 1,
        },
      ],
      [
        'a configured name',
        { incidents: ['medium'], map: { p3: 'medium' } },
        {
          incidents_per_pr: 0.5,
          change_failure_rate: 1,
          bugs_per_developer: 2,
          time_to_restore_n: 1,
        },
      ],
    ])('%s', async (_name, severities, expected) => {
      const knex = await databases.init(databaseId);
      const { server } = await startQualityBackend({
        knex,
        qualityScorecard: severities ? { metrics: { severities } } : {},
      });
      const auth = as('user:default/ada');
      await request(server)
        .post('/api/quality-scorecard/events')
        .set(auth)
        .send({ events })
        .expect(200);
      await request(server)
        .post(
          '/api/quality-scorecard/scorecards/entity/component/default/payments/refresh',
        )
        .set(auth)
        .expect(200);
      const res = await request(server)
        .get(
          '/api/quality-scorecard/scorecards/entity/component/default/payments',
        )
        .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' })
        .set(auth)
        .expect(200);
      const byId = Object.fromEntries(
        res.body.metrics.map((m: any) => [m.id, m]),
      );
      expect({
        incidents_per_pr: byId.incidents_per_pr.value,
        change_failure_rate: byId.change_failure_rate.value,
        bugs_per_developer: byId.bugs_per_developer.value,
        time_to_restore_n: byId.time_to_restore.n,
      }).toEqual(expected);
    });
  },
);

describe('readSeverityOptions', () => {
  const read = (severities: unknown) =>
    readSeverityOptions(new ConfigReader({ metrics: { severities } } as any));
  it('reads levels and names, lower case', () => {
    expect(
      read({ incidents: ['Critical', 'high'], map: { 'Sev A': 'CRITICAL' } }),
    ).toEqual({
      incidents: ['critical', 'high'],
      map: { 'sev a': 'critical' },
    });
    expect(readSeverityOptions(new ConfigReader({}))).toEqual({});
  });
  it.each([
    [
      { incidents: ['sev1'] },
      "qualityScorecard.metrics.severities.incidents[0] must be one of critical, high, medium, low, got 'sev1'",
    ],
    [
      { map: { P0: 'urgent' } },
      "qualityScorecard.metrics.severities.map.P0 must be one of critical, high, medium, low, got 'urgent'",
    ],
  ])('stops on %p', (severities, message) => {
    expect(() => read(severities)).toThrow(message);
  });
});

import { Knex } from 'knex';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { DAY_MS, WEEK_MS, weekStartOf } from '../engine/time';
import { RetentionStore } from './RetentionStore';
import { RetentionService } from './RetentionService';
import { retentionTask } from './retentionTask';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
const PERIODS = {
  rawDeliveries: 30 * DAY_MS,
  events: 730 * DAY_MS,
  snapshots: 1095 * DAY_MS,
  checkHistory: 730 * DAY_MS,
  notificationEpisodes: 365 * DAY_MS,
  exemptionAudit: 2555 * DAY_MS,
};
// Each kind's cutoff: rows before it go, rows at it or after stay.
const R = NOW - PERIODS.rawDeliveries;
const E = NOW - PERIODS.events;
const S = weekStartOf(NOW - PERIODS.snapshots);
const H = NOW - PERIODS.checkHistory;
const N = NOW - PERIODS.notificationEpisodes;
const A = NOW - PERIODS.exemptionAudit;

const common = (id: string) => ({
  source: 'test',
  external_id: id,
  entity_ref: 'component:default/payments',
  repository: 'acme/payments',
  content_hash: id,
  demo: false,
  received_at: NOW,
  updated_at: NOW,
});

/** Hand-built rows around every cutoff; the ids say which must survive. */
async function seed(knex: Knex) {
  await knex('qs_raw_deliveries').insert(
    [
      ['d-old', R - 1],
      ['d-at-cutoff', R],
      ['d-inside', R + HOUR],
    ].map(([id, at]) => ({
      source: 'github',
      delivery_id: id,
      event_name: 'push',
      received_at: at,
      payload: '{}',
    })),
  );
  const pr = (
    id: string,
    created: number,
    merged: number | null,
    closed: number | null,
  ) => ({
    ...common(id),
    number: 1,
    title: id,
    author: 'ada',
    url: '',
    created_at: created,
    merged_at: merged,
    closed_at: closed,
    additions: 1,
    deletions: 1,
    changed_files: 1,
    labels: '[]',
    commits: '[]',
    reviews: '[]',
  });
  await knex('qs_pull_requests').insert([
    pr('pr-merged-old', E - 10 * DAY_MS, E - 1, E - 1),
    pr('pr-merged-at-cutoff', E - 10 * DAY_MS, E, E),
    pr('pr-created-old-merged-inside', E - 100 * DAY_MS, E + HOUR, E + HOUR),
    pr('pr-open-created-old', E - 1, null, null),
    pr('pr-open-created-inside', E + 1, null, null),
    pr('pr-closed-inside', E - 5 * DAY_MS, null, E + DAY_MS),
  ]);
  // A shared (monorepo) PR's entity lists: they go with their PR.
  await knex('qs_event_entities').insert(
    ['pr-merged-old', 'pr-merged-at-cutoff'].flatMap(id =>
      ['a', 'b'].map(entity => ({
        event_type: 'pull_request',
        source: 'test',
        external_id: id,
        entity_ref: `component:default/${entity}`,
      })),
    ),
  );
  await knex('qs_deployments').insert(
    [
      ['dep-old', E - 1],
      ['dep-at-cutoff', E],
      ['dep-inside', E + 1],
    ].map(([id, at]) => ({
      ...common(id as string),
      environment: 'production',
      status: 'success',
      finished_at: at,
    })),
  );
  const opened = (
    id: string,
    created: number,
    ended: number | null,
    column: string,
  ) => ({
    ...common(id),
    title: id,
    created_at: created,
    [column]: ended,
  });
  await knex('qs_incidents').insert([
    opened('inc-resolved-old', E - 2 * DAY_MS, E - 1, 'resolved_at'),
    opened('inc-resolved-inside', E - 2 * DAY_MS, E + 1, 'resolved_at'),
    opened('inc-open-created-old', E - 1, null, 'resolved_at'),
    opened('inc-open-created-inside', E + 1, null, 'resolved_at'),
  ]);
  await knex('qs_bugs').insert([
    opened('bug-closed-old', E - 3 * DAY_MS, E - 1, 'closed_at'),
    opened('bug-closed-inside', E - 3 * DAY_MS, E + 1, 'closed_at'),
    opened('bug-open-created-old', E - 1, null, 'closed_at'),
    opened('bug-open-created-at-cutoff', E, null, 'closed_at'),
  ]);
  await knex('qs_push_commits').insert(
    [
      ['c-old', E - 1],
      ['c-inside', E + 1],
    ].map(([sha, at]) => ({
      repository: 'acme/payments',
      sha,
      ref: 'refs/heads/main',
      authored_at: at,
      message: 'm',
    })),
  );
  await knex('qs_deleted_events').insert(
    [
      ['tomb-old', E - 1],
      ['tomb-inside', E + 1],
    ].map(([id, at]) => ({
      type: 'incident',
      source: 'pagerduty',
      external_id: id,
      deleted_at: at,
    })),
  );
  const snapshot = (entity: string, week: number) => ({
    entity_ref: entity,
    week_start: week,
    stats: '{}',
    demo: false,
    computed_at: NOW,
  });
  await knex('qs_snapshots').insert([
    snapshot('a', S - 2 * WEEK_MS),
    snapshot('a', S - WEEK_MS),
    snapshot('a', S),
    snapshot('b', S - WEEK_MS),
    snapshot('b', S + WEEK_MS),
  ]);
  const history = (
    entity: string,
    check: string,
    status: string,
    at: number,
  ) => ({
    entity_ref: entity,
    check_id: check,
    status,
    value: null,
    at,
  });
  await knex('qs_check_history').insert([
    history('a', 'c1', 'fail', H - 3 * DAY_MS), // deleted: newer rows follow
    history('a', 'c1', 'pass', H - 2 * DAY_MS), // deleted
    history('a', 'c1', 'fail', H + DAY_MS),
    history('a', 'c2', 'pass', H - 10 * DAY_MS), // kept: newest of a/c2
    history('b', 'c1', 'fail', H - 5 * DAY_MS), // deleted
    history('b', 'c1', 'pass', H - 1), // kept: newest of b/c1
    history('b', 'c2', 'fail', H), // kept: at the cutoff
    history('b', 'c2', 'pass', H + 1),
  ]);
  const episode = (
    subject: string,
    status: string,
    end: number,
    cleared: number | null,
  ) => ({
    entity_ref: 'a',
    kind: 'signal',
    subject,
    rule: 'beyond-limit',
    side: 'above',
    start_at: end - WEEK_MS,
    end_at: end,
    status,
    delivery: 'sent',
    severity: 'high',
    title: subject,
    summary: '',
    detail: '',
    link: '',
    first_seen_at: end,
    cleared_at: cleared,
  });
  await knex('qs_signal_episodes').insert([
    episode('ep-cleared-old', 'cleared', N - 1, N - 1),
    episode('ep-cleared-old-no-time', 'cleared', N - 1, null),
    episode('ep-cleared-recently', 'cleared', N - 10 * DAY_MS, N + 1),
    episode('ep-cleared-end-inside', 'cleared', N + 1, N + 2),
    episode('ep-open-old', 'open', N - 100 * DAY_MS, null),
  ]);
  const exemptions: Array<
    [string, string, number, number, number | null, number[]]
  > = [
    // reason (id), status, requested, expires, decided, audit times
    [
      'ex-denied-old',
      'denied',
      A - 10 * DAY_MS,
      A + 100 * DAY_MS,
      A - 1,
      [A - 10 * DAY_MS, A - 1],
    ],
    [
      'ex-revoked-inside',
      'revoked',
      A - 20 * DAY_MS,
      A + 100 * DAY_MS,
      A + 1,
      [A - 20 * DAY_MS, A + 1],
    ],
    [
      'ex-expired-old',
      'approved',
      A - 50 * DAY_MS,
      A - 1,
      A - 49 * DAY_MS,
      [A - 50 * DAY_MS, A - 49 * DAY_MS],
    ],
    [
      'ex-expired-inside',
      'approved',
      A - 50 * DAY_MS,
      A + 1,
      A - 49 * DAY_MS,
      [A - 50 * DAY_MS],
    ],
    [
      'ex-pending-expired-old',
      'pending',
      A - 50 * DAY_MS,
      A - 1,
      null,
      [A - 50 * DAY_MS],
    ],
    [
      'ex-expired-old-audit-inside',
      'approved',
      A - 50 * DAY_MS,
      A - 1,
      A - 49 * DAY_MS,
      [A - 50 * DAY_MS, A + 5 * DAY_MS],
    ],
    [
      'ex-pending-now',
      'pending',
      NOW - DAY_MS,
      NOW + 30 * DAY_MS,
      null,
      [NOW - DAY_MS],
    ],
  ];
  for (const [
    reason,
    status,
    requested,
    expires,
    decided,
    audit,
  ] of exemptions) {
    const [row] = await knex('qs_exemptions')
      .insert({
        entity_ref: 'a',
        check_id: 'c1',
        reason,
        requested_by: 'ada',
        requested_at: requested,
        expires_at: expires,
        status,
        decided_by: decided === null ? null : 'grace',
        decided_at: decided,
      })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    await knex('qs_exemption_audit').insert(
      audit.map(at => ({ exemption_id: id, action: 'x', actor: 'ada', at })),
    );
  }
}

/** What is left, by table, in a form that names each row. */
async function left(knex: Knex) {
  const ids = async (table: string, column: string) =>
    (await knex(table).orderBy(column).select(column)).map(r => r[column]);
  const auditCount = await knex('qs_exemption_audit')
    .join(
      'qs_exemptions',
      'qs_exemptions.id',
      'qs_exemption_audit.exemption_id',
    )
    .groupBy('qs_exemptions.reason')
    .orderBy('qs_exemptions.reason')
    .select('qs_exemptions.reason as reason')
    .count({ n: '*' });
  return {
    qs_raw_deliveries: await ids('qs_raw_deliveries', 'delivery_id'),
    qs_pull_requests: await ids('qs_pull_requests', 'external_id'),
    qs_deployments: await ids('qs_deployments', 'external_id'),
    qs_incidents: await ids('qs_incidents', 'external_id'),
    qs_bugs: await ids('qs_bugs', 'external_id'),
    qs_push_commits: await ids('qs_push_commits', 'sha'),
    qs_deleted_events: await ids('qs_deleted_events', 'external_id'),
    qs_event_entities: (
      await knex('qs_event_entities').orderBy(['external_id', 'entity_ref'])
    ).map(r => `${r.external_id}:${r.entity_ref}`),
    qs_snapshots: (
      await knex('qs_snapshots').orderBy(['entity_ref', 'week_start'])
    ).map(r => `${r.entity_ref}@${(Number(r.week_start) - S) / WEEK_MS}`),
    qs_check_history: (await knex('qs_check_history').orderBy('id')).map(
      r => `${r.entity_ref}/${r.check_id}@${(Number(r.at) - H) / DAY_MS}`,
    ),
    qs_signal_episodes: await ids('qs_signal_episodes', 'subject'),
    qs_exemptions: await ids('qs_exemptions', 'reason'),
    audit: Object.fromEntries(
      (auditCount as Array<{ reason: string; n: string | number }>).map(r => [
        r.reason,
        Number(r.n),
      ]),
    ),
  };
}

const EXPECTED_LEFT = {
  qs_raw_deliveries: ['d-at-cutoff', 'd-inside'],
  qs_pull_requests: [
    'pr-closed-inside',
    'pr-created-old-merged-inside',
    'pr-merged-at-cutoff',
    'pr-open-created-inside',
  ],
  qs_deployments: ['dep-at-cutoff', 'dep-inside'],
  qs_incidents: ['inc-open-created-inside', 'inc-resolved-inside'],
  qs_bugs: ['bug-closed-inside', 'bug-open-created-at-cutoff'],
  qs_push_commits: ['c-inside'],
  qs_deleted_events: ['tomb-inside'],
  qs_event_entities: [
    'pr-merged-at-cutoff:component:default/a',
    'pr-merged-at-cutoff:component:default/b',
  ],
  // Week S holds the cutoff instant: it is not wholly past the period.
  qs_snapshots: ['a@0', 'b@1'],
  qs_check_history: [
    'a/c1@1',
    'a/c2@-10',
    `b/c1@${-1 / DAY_MS}`,
    'b/c2@0',
    `b/c2@${1 / DAY_MS}`,
  ],
  qs_signal_episodes: [
    'ep-cleared-end-inside',
    'ep-cleared-recently',
    'ep-open-old',
  ],
  qs_exemptions: [
    'ex-expired-inside',
    'ex-expired-old-audit-inside',
    'ex-pending-now',
    'ex-revoked-inside',
  ],
  // A kept exemption keeps its whole trail, its old entries too.
  audit: {
    'ex-expired-inside': 1,
    'ex-expired-old-audit-inside': 2,
    'ex-pending-now': 1,
    'ex-revoked-inside': 2,
  },
};

const EXPECTED_DELETED = {
  qs_raw_deliveries: 1,
  qs_pull_requests: 2,
  qs_deployments: 1,
  qs_incidents: 2,
  qs_bugs: 2,
  qs_push_commits: 1,
  qs_deleted_events: 1,
  qs_event_entities: 2,
  qs_snapshots: 3,
  qs_check_history: 3,
  qs_signal_episodes: 2,
  qs_exemption_audit: 5,
  qs_exemptions: 3,
};

describe.each(databases.eachSupportedId())('retention on %p', databaseId => {
  async function setup(batchSize: number) {
    const knex = await databases.init(databaseId);
    // The plugin's migrations, as the backend runs them.
    await DatabaseQualityStore.create({
      database: { getClient: async () => knex },
    });
    const store = await RetentionStore.create({
      database: { getClient: async () => knex },
    });
    const logger = mockServices.logger.mock();
    const service = new RetentionService(store, {
      periodsMs: PERIODS,
      batchSize,
      logger,
    });
    return { knex, service, logger };
  }

  it.each([1, 2, 1000])(
    'deletes exactly the rows past their period (batch size %p), and nothing on a second run',
    async batchSize => {
      const { knex, service, logger } = await setup(batchSize);
      await seed(knex);

      const first = await service.run(NOW);
      expect(first.complete).toBe(true);
      expect(first.cutoffs).toEqual({
        rawDeliveries: R,
        events: E,
        snapshots: S,
        checkHistory: H,
        notificationEpisodes: N,
        exemptionAudit: A,
      });
      expect(first.deleted).toEqual(EXPECTED_DELETED);
      expect(await left(knex)).toEqual(EXPECTED_LEFT);
      expect(logger.info).toHaveBeenCalledWith(
        'Retention deleted 28 rows (qs_raw_deliveries 1, qs_pull_requests 2, qs_deployments 1, qs_incidents 2, qs_bugs 2, qs_push_commits 1, qs_deleted_events 1, qs_event_entities 2, qs_snapshots 3, qs_check_history 3, qs_signal_episodes 2, qs_exemption_audit 5, qs_exemptions 3)',
      );

      const second = await service.run(NOW);
      expect(Object.values(second.deleted).every(n => n === 0)).toBe(true);
      expect(Object.keys(second.deleted).sort()).toEqual(
        Object.keys(EXPECTED_DELETED).sort(),
      );
      expect(await left(knex)).toEqual(EXPECTED_LEFT);
    },
  );

  it('deletes more rows than a batch holds in batches, each its own statement', async () => {
    const { knex, service } = await setup(2);
    await knex('qs_raw_deliveries').insert(
      [1, 2, 3, 4, 5, 6].map(i => ({
        source: 'github',
        delivery_id: `d${i}`,
        event_name: 'push',
        // Five past the period, the sixth just inside it.
        received_at: i <= 5 ? R - i * HOUR : R + HOUR,
        payload: '{}',
      })),
    );
    const deletes: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/^delete from [`"]?qs_raw_deliveries[`"]?/i.test(q.sql))
        deletes.push(q.sql);
    };
    knex.on('query', onQuery);
    const report = await service.run(NOW);
    knex.off('query', onQuery);
    expect(report.deleted.qs_raw_deliveries).toBe(5);
    // 2 + 2 + 1: the short batch says none is left.
    expect(deletes).toHaveLength(3);
    expect(
      (await knex('qs_raw_deliveries').select('delivery_id')).map(
        r => r.delivery_id,
      ),
    ).toEqual(['d6']);
  });

  it('stops between batches once its deadline passed; the next run goes on', async () => {
    const { knex, service, logger } = await setup(2);
    await seed(knex);
    const aborted = new AbortController();
    aborted.abort();
    const stopped = await service.run(NOW, aborted.signal);
    expect(stopped).toMatchObject({ complete: false, deleted: {} });
    expect(logger.info).toHaveBeenCalledWith(
      'Retention deleted 0 rows; stopped at its deadline, the next run goes on',
    );
    expect((await left(knex)).qs_raw_deliveries).toHaveLength(3);

    // The scheduled task runs the service with the clock and the scheduler's signal.
    const task = retentionTask({
      retention: service,
      schedule: { frequency: { hours: 24 }, timeout: { hours: 1 } },
      now: () => NOW,
    });
    expect(task).toMatchObject({
      id: 'quality-scorecard-retention',
      frequency: { hours: 24 },
      timeout: { hours: 1 },
    });
    await task.fn(new AbortController().signal);
    expect(await left(knex)).toEqual(EXPECTED_LEFT);
  });
});

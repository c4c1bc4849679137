// @ts-check

/**
 * Indexes for the retention job (docs/retention.md): it deletes each kind of
 * data older than its period in small batches, each found by a range search
 * on the column that decides the row's age. The tables' existing indexes lead
 * with entity_ref, which does not serve a search across all entities.
 *
 * @type {Array<{ table: string, columns: string[], name: string }>}
 */
const INDEXES = [
  {
    table: 'qs_raw_deliveries',
    columns: ['received_at'],
    name: 'qs_raw_deliveries_received_idx',
  },
  // A PR is as old as its newest of created, merged and closed: none of them
  // is older than created_at, so created_at < cutoff narrows the search.
  {
    table: 'qs_pull_requests',
    columns: ['created_at'],
    name: 'qs_pr_created_idx',
  },
  {
    table: 'qs_deployments',
    columns: ['finished_at'],
    name: 'qs_dep_finished_idx',
  },
  {
    table: 'qs_incidents',
    columns: ['created_at'],
    name: 'qs_inc_created_idx',
  },
  { table: 'qs_bugs', columns: ['created_at'], name: 'qs_bug_created_idx' },
  {
    table: 'qs_push_commits',
    columns: ['authored_at'],
    name: 'qs_push_commits_authored_idx',
  },
  {
    table: 'qs_deleted_events',
    columns: ['deleted_at'],
    name: 'qs_deleted_events_deleted_idx',
  },
  {
    table: 'qs_snapshots',
    columns: ['week_start'],
    name: 'qs_snapshots_week_idx',
  },
  {
    table: 'qs_check_history',
    columns: ['at'],
    name: 'qs_check_history_at_idx',
  },
  {
    table: 'qs_signal_episodes',
    columns: ['status', 'end_at'],
    name: 'qs_signal_episodes_status_end_idx',
  },
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const { table, columns, name } of INDEXES) {
    await knex.schema.alterTable(table, t => {
      t.index(columns, name);
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const { table, columns, name } of [...INDEXES].reverse()) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex(columns, name);
    });
  }
};

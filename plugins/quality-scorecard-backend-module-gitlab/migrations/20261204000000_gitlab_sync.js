// @ts-check

/**
 * State of the GitLab sync: per project its cursors (newest `updated_at`
 * delivered per kind) and last outcome, the `updated_at` each merge request
 * had when last fetched (so an unchanged one is not fetched again), and the
 * runs' progress. Times are epoch milliseconds; GitLab's own `updated_at`
 * stays a string.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_gitlab_projects', t => {
    t.string('project_key', 255)
      .primary()
      .comment('host/path with namespace, lower case');
    t.string('host', 255).notNullable().comment('GitLab host, lower case');
    t.string('path', 255)
      .notNullable()
      .comment('path with namespace as GitLab spells it');
    t.bigInteger('history_from').nullable().comment('earliest time synced');
    t.text('cursors')
      .notNullable()
      .comment('JSON: newest updated_at delivered per kind');
    t.bigInteger('last_started_at').nullable();
    t.bigInteger('last_finished_at').nullable();
    t.string('last_status', 32).nullable().comment('ok | error | rate-limited');
    t.text('last_error').nullable();
    t.text('last_counts').nullable();
  });

  await knex.schema.createTable('qs_gitlab_merge_requests', t => {
    t.string('project_key', 255).notNullable();
    t.integer('iid').notNullable();
    t.string('updated_at', 40).notNullable();
    t.primary(['project_key', 'iid']);
  });

  await knex.schema.createTable('qs_gitlab_runs', t => {
    t.bigIncrements('id').primary();
    t.string('trigger', 16).notNullable().comment('schedule | manual');
    t.string('scope', 255)
      .nullable()
      .comment('entity ref of a one-entity sync');
    t.string('status', 16)
      .notNullable()
      .comment('running | succeeded | partial | failed');
    t.bigInteger('started_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('finished_at').nullable();
    t.integer('total_projects').notNullable().defaultTo(0);
    t.integer('done_projects').notNullable().defaultTo(0);
    t.text('current').nullable().comment('JSON: project, phase, done, total');
    t.integer('requests').notNullable().defaultTo(0);
    t.text('items').notNullable().comment('JSON: counts by kind');
    t.text('errors').notNullable().comment('JSON: [{project, message}]');
    t.text('message').nullable();
    t.index(['started_at'], 'qs_gitlab_runs_started_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'qs_gitlab_runs',
    'qs_gitlab_merge_requests',
    'qs_gitlab_projects',
  ]) {
    await knex.schema.dropTable(table);
  }
};

// @ts-check

/**
 * State of the GitHub sync: cursors and ETags per repository, what was seen of
 * each pull request and deployment (so a re-run fetches only what changed, and
 * an incident's root-cause commit finds its PR), and the runs' progress.
 * Times are epoch milliseconds; GitHub's own `updated_at` stays a string.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_github_repositories', t => {
    t.string('repository_key', 255)
      .primary()
      .comment('host/owner/name, lower case');
    t.string('full_name', 255)
      .nullable()
      .comment('owner/name as GitHub spells it');
    t.boolean('archived').notNullable().defaultTo(false);
    t.bigInteger('history_from').nullable().comment('earliest time synced');
    t.text('cursors')
      .notNullable()
      .comment('JSON: newest updated_at seen per kind');
    t.text('etags').notNullable().comment('JSON: ETag and URL of first pages');
    t.bigInteger('last_started_at').nullable();
    t.bigInteger('last_finished_at').nullable();
    t.string('last_status', 32).nullable().comment('ok | skipped | error');
    t.text('last_error').nullable();
    t.text('last_counts').nullable();
  });

  await knex.schema.createTable('qs_github_pulls', t => {
    t.string('repository_key', 255).notNullable();
    t.integer('number').notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('merge_commit_sha', 64).nullable();
    t.primary(['repository_key', 'number']);
    t.index(
      ['repository_key', 'merge_commit_sha'],
      'qs_github_pulls_merge_sha_idx',
    );
  });

  await knex.schema.createTable('qs_github_commits', t => {
    t.string('repository_key', 255).notNullable();
    t.string('sha', 64).notNullable();
    t.integer('number').notNullable();
    t.primary(['repository_key', 'sha', 'number']);
  });

  await knex.schema.createTable('qs_github_deployments', t => {
    t.string('repository_key', 255).notNullable();
    t.string('deployment_id', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['repository_key', 'deployment_id']);
  });

  await knex.schema.createTable('qs_github_runs', t => {
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
    t.integer('total_repositories').notNullable().defaultTo(0);
    t.integer('done_repositories').notNullable().defaultTo(0);
    t.text('current')
      .nullable()
      .comment('JSON: repository, phase, done, total');
    t.integer('requests').notNullable().defaultTo(0);
    t.text('items').notNullable().comment('JSON: counts by kind');
    t.text('errors').notNullable().comment('JSON: [{repository, message}]');
    t.text('message').nullable();
    t.index(['started_at'], 'qs_github_runs_started_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'qs_github_runs',
    'qs_github_deployments',
    'qs_github_commits',
    'qs_github_pulls',
    'qs_github_repositories',
  ]) {
    await knex.schema.dropTable(table);
  }
};

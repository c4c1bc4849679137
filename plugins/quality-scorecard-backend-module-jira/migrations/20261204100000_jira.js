// @ts-check

/**
 * State of the Jira module: per issue the newest `updated` mapped and when it
 * was deleted (so a late or replayed delivery does not undo a newer one or
 * resurrect a deleted issue); per project the sync's cursor; the sync runs.
 * Times are epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_jira_issues', t => {
    t.string('issue_id', 255)
      .primary()
      .comment('site without scheme / issue id');
    t.bigInteger('updated_at')
      .notNullable()
      .comment('newest fields.updated mapped');
    t.bigInteger('deleted_at').nullable().comment('when a delete was received');
    t.integer('caused_by_pr')
      .nullable()
      .comment('pull request a comment named');
  });
  await knex.schema.createTable('qs_jira_projects', t => {
    t.string('project_key', 300).primary().comment('baseUrl + project key');
    t.string('base_url', 255).notNullable();
    t.string('project', 64).notNullable();
    t.bigInteger('cursor').nullable().comment('newest updated delivered');
    t.bigInteger('last_finished_at').nullable();
    t.string('last_status', 32).nullable();
    t.text('last_error').nullable();
  });
  await knex.schema.createTable('qs_jira_runs', t => {
    t.bigIncrements('id').primary();
    t.string('trigger', 16).notNullable();
    t.string('status', 16)
      .notNullable()
      .comment('running | succeeded | partial | failed');
    t.bigInteger('started_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('finished_at').nullable();
    t.integer('requests').notNullable().defaultTo(0);
    t.integer('bugs').notNullable().defaultTo(0);
    t.integer('incidents').notNullable().defaultTo(0);
    t.text('errors').notNullable().comment('JSON: [{project, message}]');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of ['qs_jira_runs', 'qs_jira_projects', 'qs_jira_issues']) {
    await knex.schema.dropTable(table);
  }
};

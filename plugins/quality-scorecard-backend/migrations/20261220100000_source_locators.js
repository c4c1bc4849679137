// @ts-check

const TABLES = [
  'qs_pull_requests',
  'qs_deployments',
  'qs_incidents',
  'qs_bugs',
];

/**
 * Contract v1.1 locators: a GitLab project's path with its namespace and,
 * where given, its host (matched to `gitlab.com/project-slug` and
 * `gitlab.com/instance`), and the keys modules' locators match to entities
 * (`locators`, a JSON array); a bug's severity. Null for every row stored
 * before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table.string('gitlab_project', 255).nullable();
      table.string('gitlab_instance', 128).nullable();
      table.text('locators').nullable();
    });
  }
  await knex.schema.alterTable('qs_bugs', table => {
    table.string('severity', 64).nullable();
  });
  // What a source removed (a deleted alert, a declined incident), and when by
  // its clock: a delivery about it from before that is stale.
  await knex.schema.createTable('qs_deleted_events', table => {
    table.string('type', 32).notNullable();
    table.string('source', 64).notNullable();
    table.string('external_id', 255).notNullable();
    table.bigInteger('deleted_at').notNullable();
    table.primary(['type', 'source', 'external_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_deleted_events');
  await knex.schema.alterTable('qs_bugs', table => {
    table.dropColumn('severity');
  });
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('gitlab_project');
      table.dropColumn('gitlab_instance');
      table.dropColumn('locators');
    });
  }
};

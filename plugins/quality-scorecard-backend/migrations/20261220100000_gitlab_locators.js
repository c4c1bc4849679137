// @ts-check

/**
 * Contract v1.1 GitLab locators: the project's path with its namespace and,
 * where given, its host, matched to the `gitlab.com/project-slug` and
 * `gitlab.com/instance` annotations. Null for every row stored before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of [
    'qs_pull_requests',
    'qs_deployments',
    'qs_incidents',
    'qs_bugs',
  ]) {
    await knex.schema.alterTable(name, table => {
      table.string('gitlab_project', 255).nullable();
      table.string('gitlab_instance', 128).nullable();
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'qs_pull_requests',
    'qs_deployments',
    'qs_incidents',
    'qs_bugs',
  ]) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('gitlab_project');
      table.dropColumn('gitlab_instance');
    });
  }
};

// @ts-check

/**
 * Contract v1.1 fields: a pull request's ready-for-review time (pickup time
 * counts from it for a draft) and a deployment's `unplanned` (deployment
 * rework rate). Both null for rows stored before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.bigInteger('ready_for_review_at').nullable();
  });
  await knex.schema.alterTable('qs_deployments', table => {
    table.boolean('unplanned').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.dropColumn('ready_for_review_at');
  });
  await knex.schema.alterTable('qs_deployments', table => {
    table.dropColumn('unplanned');
  });
};

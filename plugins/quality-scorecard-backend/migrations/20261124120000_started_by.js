// @ts-check

/**
 * The human who started an agent-authored pull request: their approval is
 * not an independent review.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.string('started_by', 255).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.dropColumn('started_by');
  });
};

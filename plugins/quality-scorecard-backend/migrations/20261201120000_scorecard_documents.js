// @ts-check

/**
 * qs_scorecard_documents holds each entity's scorecard for the default window
 * as gzip-compressed JSON, rendered by the recompute right after it rewrote the entity's
 * snapshots. A read sends it as it is while `version` equals the entity's
 * snapshot version and `config_key` the serving configuration; otherwise the
 * read computes the scorecard from the snapshots as before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_scorecard_documents', table => {
    table.string('entity_ref', 255).primary();
    table.bigInteger('first_week').notNullable();
    table.bigInteger('end_week').notNullable();
    table.bigInteger('version').notNullable();
    table.string('config_key', 64).notNullable();
    table.binary('body_gzip').notNullable();
    table.bigInteger('rendered_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_scorecard_documents');
};

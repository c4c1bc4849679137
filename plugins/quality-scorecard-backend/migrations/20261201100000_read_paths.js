// @ts-check

/**
 * Read paths of an incremental recompute and of cached scorecards.
 *
 * - An incremental recompute loads an entity's PRs created, merged or closed
 *   since an instant, and incidents created or resolved since it: with an
 *   index per column, each term is a range search instead of a scan of the
 *   entity's whole history.
 * - qs_snapshot_versions counts the rewrites of each entity's snapshots, so
 *   a backend instance can tell whether a scorecard it computed earlier is
 *   still current with one small indexed read, whichever instance rewrote them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.index(['entity_ref', 'created_at'], 'qs_pr_entity_created_idx');
    table.index(['entity_ref', 'closed_at'], 'qs_pr_entity_closed_idx');
  });
  await knex.schema.alterTable('qs_incidents', table => {
    table.index(['entity_ref', 'resolved_at'], 'qs_inc_entity_resolved_idx');
  });
  await knex.schema.createTable('qs_snapshot_versions', table => {
    table.string('entity_ref', 255).primary();
    table.bigInteger('version').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_snapshot_versions');
  await knex.schema.alterTable('qs_incidents', table => {
    table.dropIndex(
      ['entity_ref', 'resolved_at'],
      'qs_inc_entity_resolved_idx',
    );
  });
  await knex.schema.alterTable('qs_pull_requests', table => {
    table.dropIndex(['entity_ref', 'closed_at'], 'qs_pr_entity_closed_idx');
    table.dropIndex(['entity_ref', 'created_at'], 'qs_pr_entity_created_idx');
  });
};

// @ts-check

/**
 * qs_entity_presence: what the catalog last said of each entity that has
 * stored data. `missing_since` is set when the catalog first answered that the
 * entity is gone (null while it exists); its data is deleted once that is
 * older than the grace period. `first_seen_at` tells a rename from a
 * monorepo: an entity seen in the catalog before another one left it was
 * beside it, not its new name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_entity_presence', table => {
    table.string('entity_ref', 255).primary();
    table.bigInteger('first_seen_at').nullable();
    table.bigInteger('missing_since').nullable();
    table.bigInteger('checked_at').notNullable();
    table.index(['missing_since'], 'qs_entity_presence_missing_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_entity_presence');
};

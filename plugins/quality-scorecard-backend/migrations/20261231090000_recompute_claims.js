// @ts-check

/**
 * Claims on dirty entities, so that every backend instance recomputes a share
 * of them: an instance sets `claimed_by` and `claimed_until` on a batch of
 * unclaimed (or expired) marks, commits only what it still holds, and clears
 * or releases them. A dead instance's claims lapse at `claimed_until`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_dirty_entities', table => {
    table.string('claimed_by', 128).nullable();
    table.bigInteger('claimed_until').nullable();
    table.index(['marked_at', 'entity_ref'], 'qs_dirty_entities_order_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('qs_dirty_entities', table => {
    table.dropIndex(['marked_at', 'entity_ref'], 'qs_dirty_entities_order_idx');
    table.dropColumn('claimed_until');
    table.dropColumn('claimed_by');
  });
};

// @ts-check

/**
 * qs_baselines holds the control-chart baselines that people start after a
 * confirmed shift: from the week `from_week` on, the charts of `metric`
 * (every metric when null) take their limits from the new period. Rows are
 * kept as a record of who started each one and why.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_baselines', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('metric', 64).nullable();
    // Start of the period's first week (Monday 00:00 UTC), in ms.
    table.bigInteger('from_week').notNullable();
    table.text('reason').notNullable();
    table.string('started_by', 255).notNullable();
    table.bigInteger('started_at').notNullable();
    table.index(['entity_ref', 'from_week'], 'qs_baselines_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_baselines');
};

// @ts-check

/**
 * Retries of raw deliveries whose processing failed for a reason other than
 * the payload (a database that went away): how often it failed since it was
 * last processed, and when the scheduled resume may try it again. The `error`
 * column holds the last error; with `processed_at` set, the final one.
 *
 * Incidents get the status the code now writes (triggered, acknowledged,
 * resolved); rows stored before it are given the one their resolution implies.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_raw_deliveries', table => {
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('retry_at').nullable();
  });
  await knex('qs_incidents')
    .whereNull('status')
    .update({
      status: knex.raw(
        "CASE WHEN resolved_at IS NULL THEN 'triggered' ELSE 'resolved' END",
      ),
    });
};

/**
 * The statuses stay: the previous code reads none and writes none.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('qs_raw_deliveries', table => {
    table.dropColumn('retry_at');
    table.dropColumn('attempts');
  });
};

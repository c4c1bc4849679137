// @ts-check

/**
 * Which configured webhook secret verified each raw delivery: its position
 * in the source's list then, and its fingerprint (8 hex digits of an HMAC of
 * a fixed message, which does not reveal the secret). Operators rotating a
 * secret see when the old one stopped verifying anything
 * (`GET /admin/webhook-secrets`). Null for deliveries stored before, and for
 * sources that do not say.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('qs_raw_deliveries', table => {
    table.integer('secret_position').nullable();
    table.string('secret_fingerprint', 64).nullable();
    // Per source and secret: the count of a recent window and the latest use.
    table.index(
      ['source', 'secret_fingerprint', 'received_at'],
      'qs_raw_deliveries_secret_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('qs_raw_deliveries', table => {
    table.dropIndex(
      ['source', 'secret_fingerprint', 'received_at'],
      'qs_raw_deliveries_secret_idx',
    );
  });
  await knex.schema.alterTable('qs_raw_deliveries', table => {
    table.dropColumn('secret_fingerprint');
    table.dropColumn('secret_position');
  });
};

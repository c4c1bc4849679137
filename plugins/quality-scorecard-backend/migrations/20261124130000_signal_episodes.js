// @ts-check

/**
 * Episodes that owners are (or were) notified about: control-chart signals,
 * failing checks and lost levels. One row per episode, so a recompute that
 * sees an episode again sends nothing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_signal_episodes', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    // 'signal' | 'check' | 'level'
    table.string('kind', 16).notNullable();
    // A metric id, `check:<check id>` or `level`.
    table.string('subject', 255).notNullable();
    // A Western Electric rule, `fail` (checks) or the lost level's id.
    table.string('rule', 128).notNullable();
    // 'above' | 'below' for signals, '' otherwise.
    table.string('side', 16).notNullable();
    // Start of the week the episode begins (signals) or when it began.
    table.bigInteger('start_at').notNullable();
    table.bigInteger('end_at').notNullable();
    // 'open' | 'cleared'
    table.string('status', 16).notNullable();
    // 'pending' | 'sent' | 'covered' (another open episode of the same shift was sent)
    table.string('delivery', 16).notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('severity', 16).notNullable();
    table.text('title').notNullable();
    // The episode's own sentence, and the numbers behind it.
    table.text('summary').notNullable();
    table.text('detail').notNullable();
    table.text('link').notNullable();
    table.bigInteger('first_seen_at').notNullable();
    table.bigInteger('notified_at').nullable();
    table.bigInteger('cleared_at').nullable();
    // Set while one backend instance delivers the row, so no other sends it too.
    table.string('claim', 64).nullable();
    table.bigInteger('claimed_at').nullable();
    table.unique(['entity_ref', 'subject', 'rule', 'side', 'start_at'], {
      indexName: 'qs_signal_episodes_key',
    });
    table.index(
      ['entity_ref', 'status'],
      'qs_signal_episodes_entity_status_idx',
    );
    table.index(['delivery', 'status'], 'qs_signal_episodes_delivery_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_signal_episodes');
};

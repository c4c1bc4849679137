// @ts-check

/**
 * Check results (current and history) and exemptions with their audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // The latest evaluation of each check for each entity (before exemptions).
  await knex.schema.createTable('qs_check_results', t => {
    t.string('entity_ref', 255).notNullable();
    t.string('check_id', 128).notNullable();
    t.string('status', 32).notNullable();
    t.double('value').nullable();
    t.integer('n').notNullable();
    t.text('reason').notNullable();
    t.bigInteger('evaluated_at').notNullable();
    t.primary(['entity_ref', 'check_id']);
    t.index(['check_id', 'status'], 'qs_check_results_check_status_idx');
  });
  // Every change of a check's status: the history of an entity's standing.
  await knex.schema.createTable('qs_check_history', t => {
    t.bigIncrements('id').primary();
    t.string('entity_ref', 255).notNullable();
    t.string('check_id', 128).notNullable();
    t.string('status', 32).notNullable();
    t.double('value').nullable();
    t.bigInteger('at').notNullable();
    t.index(['entity_ref', 'at'], 'qs_check_history_entity_idx');
  });
  await knex.schema.createTable('qs_exemptions', t => {
    t.bigIncrements('id').primary();
    t.string('entity_ref', 255).notNullable();
    t.string('check_id', 128).notNullable();
    t.text('reason').notNullable();
    t.string('requested_by', 255).notNullable();
    t.bigInteger('requested_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.string('status', 32).notNullable();
    t.string('decided_by', 255).nullable();
    t.bigInteger('decided_at').nullable();
    t.text('decision_note').nullable();
    t.index(['entity_ref', 'status'], 'qs_exemptions_entity_status_idx');
  });
  await knex.schema.createTable('qs_exemption_audit', t => {
    t.bigIncrements('id').primary();
    t.bigInteger('exemption_id').notNullable().references('id').inTable('qs_exemptions');
    t.string('action', 32).notNullable();
    t.string('actor', 255).notNullable();
    t.bigInteger('at').notNullable();
    t.text('note').nullable();
    t.index(['exemption_id'], 'qs_exemption_audit_exemption_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_exemption_audit');
  await knex.schema.dropTable('qs_exemptions');
  await knex.schema.dropTable('qs_check_history');
  await knex.schema.dropTable('qs_check_results');
};

// @ts-check

/**
 * qs_event_entities: every entity of an event that belongs to more than one
 * (a PR touching two components of a monorepo, a deployment of a shared
 * repository naming none). The event's row keeps the first as its
 * `entity_ref`; an event of one entity has no rows here, so the common case
 * reads and writes as before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_event_entities', table => {
    table.string('event_type', 32).notNullable();
    table.string('source', 128).notNullable();
    table.string('external_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.primary(
      ['event_type', 'source', 'external_id', 'entity_ref'],
      'qs_event_entities_pk',
    );
    table.index(['entity_ref', 'event_type'], 'qs_event_entities_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_event_entities');
};

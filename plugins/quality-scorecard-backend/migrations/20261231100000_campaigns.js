// @ts-check

/**
 * Campaigns (docs/campaigns.md).
 *
 * qs_campaigns: the campaigns created over the API (those in app-config are
 * not stored). `definition` is the JSON of title, description, owner,
 * target, filter and reminder days; the dates are columns too, for the
 * retention's floor of check history.
 *
 * qs_campaign_members: the entities a campaign has held, with their owner,
 * so that an entity that leaves the catalog stays in the days it was in
 * scope (it leaves the scope from the day it was marked gone).
 *
 * qs_campaign_reminders: each reminder sent, once per (campaign, reminder,
 * recipient) across instances: the reminder is `'7d'` (days before the due
 * date) or `'closed'`, the recipient an entity ref.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('qs_campaigns', t => {
    t.string('id', 64).primary();
    t.text('definition').notNullable();
    t.string('start_date', 10).notNullable();
    t.string('due_date', 10).notNullable();
    t.string('created_by', 255).notNullable();
    t.bigInteger('created_at').notNullable();
    t.string('updated_by', 255).nullable();
    t.bigInteger('updated_at').nullable();
    t.bigInteger('closed_at').nullable();
    t.string('closed_by', 255).nullable();
  });
  await knex.schema.createTable('qs_campaign_members', t => {
    t.string('campaign_id', 64).notNullable();
    t.string('entity_ref', 255).notNullable();
    t.string('owner', 255).nullable();
    t.bigInteger('seen_at').notNullable();
    t.primary(['campaign_id', 'entity_ref']);
  });
  await knex.schema.createTable('qs_campaign_reminders', t => {
    t.string('campaign_id', 64).notNullable();
    t.string('reminder', 32).notNullable();
    t.string('recipient', 255).notNullable();
    t.bigInteger('sent_at').notNullable();
    t.primary(['campaign_id', 'reminder', 'recipient']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('qs_campaign_reminders');
  await knex.schema.dropTable('qs_campaign_members');
  await knex.schema.dropTable('qs_campaigns');
};

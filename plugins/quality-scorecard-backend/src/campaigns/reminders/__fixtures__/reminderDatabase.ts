import type { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../../../database/migrate';

/** A test database with the plugin's migrations, the reminders table (20261231100000_campaigns.js) among them. */
export async function migrateForReminders(knex: Knex): Promise<Knex> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  return knex;
}

import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The plugin's migrations: every table of every store (qs_*). */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend',
  'migrations',
);

/**
 * The plugin's database client with its migrations applied: the one place
 * they run, whichever store is built first (each store's `create` calls it;
 * a second call finds nothing to do). Skipped when the backend's database
 * config says so.
 */
export async function migrateQualityDatabase(
  database: DatabaseService,
  options: { skipMigrations?: boolean } = {},
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip || options.skipMigrations) return client;
  // Instances starting together on one database: knex does not wait for
  // another's migration lock, it fails at once. Wait for it instead.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      return client;
    } catch (error) {
      if ((error as Error)?.name !== 'MigrationLocked' || attempt >= 120) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
}

/*
 * One "backend instance" of the shared-recompute measurement
 * (sharedRecompute.ts): opens the plugin's database with the knex config
 * given as JSON in argv[2], builds the recompute as src/plugin.ts does (its
 * own claimant, its worker threads), says `ready` on stdout, waits for a line
 * on stdin, drains the dirty list with the clock at argv[3], and prints
 * `{ entities, seconds }`.
 */
import knexFactory from 'knex';
import readline from 'readline';
import { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import { createScorecardService } from './service';

async function main() {
  const config = JSON.parse(process.argv[2]);
  const now = Number(process.argv[3]);
  const knex = knexFactory(config);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const { recompute } = createScorecardService(store, (...parts) =>
    process.stderr.write(`[instance ${process.pid}] ${parts.join(' ')}\n`),
  );
  process.stdout.write('ready\n');
  await new Promise<void>(resolve =>
    readline
      .createInterface({ input: process.stdin })
      .once('line', () => resolve()),
  );
  const t = performance.now();
  const entities = await recompute.recomputeDirty(() => now);
  const seconds = (performance.now() - t) / 1000;
  process.stdout.write(`${JSON.stringify({ entities, seconds })}\n`);
  await knex.destroy();
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);

/*
 * A full recompute shared by backend instances (issue 23): every entity is
 * marked dirty, then N processes (recomputeInstance.ts, each what one backend
 * instance runs: its own claimant and worker threads) drain the list at once
 * on the same database, for N = 1 and N = 2. Each process loads its modules
 * and opens the database first; the time runs from the common start to the
 * last one's end. Both runs recompute what the first full recompute already
 * wrote, so they compare like with like.
 */
import { ChildProcess, spawn } from 'child_process';
import path from 'path';
import type { Knex } from 'knex';
import type { DatabaseQualityStore } from '../src/database/DatabaseQualityStore';
import { log, round } from './args';

interface InstanceResult {
  entities: number;
  seconds: number;
}

function startInstance(config: Knex.Config, now: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'recomputeInstance.ts'),
      JSON.stringify(config),
      String(now),
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      cwd: path.join(__dirname, '..'),
    },
  );
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>(resolve => {
    onReady = resolve;
  });
  child.stdout!.on('data', chunk => {
    out += chunk;
    if (out.includes('ready\n')) onReady();
  });
  const done = new Promise<InstanceResult>((resolve, reject) => {
    child.on('exit', code => {
      if (code !== 0) {
        reject(new Error(`a recompute instance exited with ${code}`));
        return;
      }
      const line = out.split('\n').find(l => l.startsWith('{'));
      if (!line) reject(new Error('a recompute instance printed no result'));
      else resolve(JSON.parse(line));
    });
  });
  return { child, ready, done };
}

async function run(
  store: DatabaseQualityStore,
  config: Knex.Config,
  instances: number,
  now: number,
) {
  const refs = await store.listEntityRefs();
  await store.markDirty(
    refs.map(entityRef => ({ entityRef, since: 0 })),
    now,
  );
  const started = Array.from({ length: instances }, () =>
    startInstance(config, now),
  );
  await Promise.all(started.map(s => s.ready));
  const t = performance.now();
  for (const s of started) s.child.stdin!.write('go\n');
  const results = await Promise.all(started.map(s => s.done));
  const seconds = (performance.now() - t) / 1000;
  const entities = results.reduce((a, r) => a + r.entities, 0);
  if (entities !== refs.length) {
    throw new Error(
      `${instances} instances recomputed ${entities} entities, expected ${refs.length}`,
    );
  }
  const left = await store.listDirty(1);
  if (left.length) throw new Error(`${instances} instances left dirty marks`);
  log(
    `full recompute by ${instances} instance(s): ${seconds.toFixed(
      2,
    )} s (${results.map(r => r.entities).join(' + ')} entities)`,
  );
  return {
    seconds: round(seconds, 2),
    entitiesByInstance: results.map(r => r.entities),
  };
}

export async function measureSharedRecompute(
  store: DatabaseQualityStore,
  config: Knex.Config,
  now: number,
) {
  const one = await run(store, config, 1, now);
  const two = await run(store, config, 2, now);
  return {
    oneInstance: one,
    twoInstances: two,
    twoOverOne: round(two.seconds! / one.seconds!, 3),
  };
}

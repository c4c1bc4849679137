import path from 'path';
import { Worker } from 'worker_threads';
import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { SnapshotRow } from '../engine/model';
import { ComputeJob, EngineSetup, engineFromSetup } from './recomputeJobs';
import { RenderJob, renderEntityScorecard } from './renderJobs';
import {
  RECOMPUTE_WORKER_MARK,
  WorkerReply,
  WorkerRequest,
} from './recomputeWorker';

/**
 * Where the worker entry is: beside this module, in the package's src/ when
 * running from source, in its dist/ in the published build.
 */
function workerEntry(): { file: string; execArgv?: string[] } {
  const fromSource = path.extname(__filename) === '.ts';
  const file = resolvePackagePath(
    '@shewhart/plugin-quality-scorecard-backend',
    fromSource
      ? 'src/recompute/recomputeWorker.ts'
      : 'dist/recompute/recomputeWorker.cjs.js',
  );
  if (!fromSource) return { file };
  // From source (development, tests): a worker inherits the process's node
  // options, which hold Backstage's TypeScript transform under
  // `backstage-cli package start`; elsewhere (jest) it is added.
  if (process.execArgv.some(a => a.includes('nodeTransform'))) return { file };
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
  return { file, execArgv: [...process.execArgv, '--require', transform] };
}

/** How long a job may wait for its worker's answer. */
const JOB_TIMEOUT_MS = 60_000;

/** A job that failed in a worker: it would fail in this thread too. */
class JobError extends Error {
  name = 'JobError';
}

interface Slot {
  worker: Worker;
  pending: Map<
    number,
    { resolve: (value: any) => void; reject: (e: Error) => void }
  >;
}

export interface RecomputeWorkersOptions {
  logger: LoggerService;
  /** Worker threads; 0 runs every job in this thread. */
  threads: number;
  /** The engine's setup; without it, compute jobs run in this thread. */
  engine?: EngineSetup;
}

/**
 * Runs the pure parts of a recompute (an entity's snapshots from its event
 * rows, its scorecard from its snapshots) in worker threads, each job on the
 * worker with the fewest waiting, so that the main thread reads and writes
 * the database meanwhile. Falls back to this thread when a worker cannot
 * start or dies (logged once).
 */
export class RecomputeWorkers {
  private slots: Slot[] = [];
  private broken = false;
  private closing = false;
  private nextId = 1;
  private localCompute?: ReturnType<typeof engineFromSetup>;

  constructor(private readonly options: RecomputeWorkersOptions) {}

  /** Whether jobs currently go to worker threads. */
  get threaded(): boolean {
    return this.options.threads > 0 && !this.broken;
  }

  /** Whether compute jobs can run here (the engine's setup was given). */
  get computes(): boolean {
    return this.options.engine !== undefined;
  }

  /** The scorecard as gzip-compressed JSON. */
  async render(job: RenderJob): Promise<Buffer> {
    const result = await this.run<Uint8Array>('render', job, () =>
      renderEntityScorecard(job),
    );
    // A Buffer crosses from a worker as a plain Uint8Array.
    return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  }

  compute(job: ComputeJob): Promise<{ rows: SnapshotRow[]; demo: boolean }> {
    return this.run('compute', job, () => {
      if (!this.options.engine) throw new Error('no engine setup');
      this.localCompute ??= engineFromSetup(this.options.engine);
      return this.localCompute(job);
    });
  }

  private async run<T>(
    kind: WorkerRequest['kind'],
    job: unknown,
    local: () => T,
  ): Promise<T> {
    if (this.threaded) {
      try {
        return await this.inWorker<T>({ kind, job } as any);
      } catch (e) {
        if (e instanceof JobError) throw e;
        this.fail(e);
      }
    }
    return local();
  }

  private startSlots(): Slot[] {
    if (this.slots.length > 0) return this.slots;
    const { file, execArgv } = workerEntry();
    for (let i = 0; i < this.options.threads; i++) {
      const worker = new Worker(file, {
        workerData: {
          mark: RECOMPUTE_WORKER_MARK,
          engine: this.options.engine,
        },
        ...(execArgv ? { execArgv } : {}),
      });
      // An idle worker does not keep the process alive.
      worker.unref();
      const slot: Slot = { worker, pending: new Map() };
      worker.on('message', (reply: WorkerReply) => {
        const p = slot.pending.get(reply.id);
        if (!p) return;
        slot.pending.delete(reply.id);
        if ('error' in reply) p.reject(new JobError(reply.error));
        else p.resolve(reply.result);
      });
      const failAll = (e: Error) => {
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
        // No job may wait on a dead worker: all go to this thread from now on.
        if (!this.closing) this.fail(e);
      };
      worker.on('error', failAll);
      worker.on('exit', code =>
        failAll(new Error(`a recompute worker exited with code ${code}`)),
      );
      this.slots.push(slot);
    }
    return this.slots;
  }

  private inWorker<T>(request: Omit<WorkerRequest, 'id'>): Promise<T> {
    const slots = this.startSlots();
    let slot = slots[0];
    for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      // A worker that never answers (it could not install its listener)
      // must not hold the recompute: the job then runs in this thread.
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(
          new Error(
            `a recompute worker did not answer in ${JOB_TIMEOUT_MS / 1000} s`,
          ),
        );
      }, JOB_TIMEOUT_MS);
      timer.unref();
      slot.pending.set(id, {
        resolve: v => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: e => {
          clearTimeout(timer);
          reject(e);
        },
      });
      slot.worker.postMessage({ id, ...request });
    });
  }

  private fail(e: unknown) {
    if (!this.broken) {
      this.options.logger.warn(
        `A recompute worker thread failed; recomputing in the main thread from now on: ${e}`,
      );
    }
    this.broken = true;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) s.worker.terminate().catch(() => {});
  }

  /** Stops the workers (plugin shutdown, tests). */
  async close(): Promise<void> {
    this.closing = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map(s => s.worker.terminate()));
  }
}

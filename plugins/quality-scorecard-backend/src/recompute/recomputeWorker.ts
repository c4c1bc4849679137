/*
 * Worker thread entry of RecomputeWorkers. Loaded in the main thread too
 * (RecomputeWorkers imports it, so that the build emits it beside it); it
 * listens only inside a worker that RecomputeWorkers started.
 */
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { ComputeJob, EngineSetup, engineFromSetup } from './recomputeJobs';
import { RenderJob, renderEntityScorecard } from './renderJobs';

/** Marks the workerData of a recompute worker. */
export const RECOMPUTE_WORKER_MARK = 'quality-scorecard-recompute-worker';

export type WorkerRequest =
  | { id: number; kind: 'render'; job: RenderJob }
  | { id: number; kind: 'compute'; job: ComputeJob };

export type WorkerReply =
  | { id: number; result: unknown }
  | { id: number; error: string };

const data = workerData as { mark?: string; engine?: EngineSetup } | undefined;

if (!isMainThread && parentPort && data?.mark === RECOMPUTE_WORKER_MARK) {
  const port = parentPort;
  const compute = data.engine ? engineFromSetup(data.engine) : undefined;
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      if (request.kind === 'render') {
        reply = { id: request.id, result: renderEntityScorecard(request.job) };
      } else if (compute) {
        reply = { id: request.id, result: compute(request.job) };
      } else {
        throw new Error('this worker was started without an engine');
      }
    } catch (e) {
      reply = {
        id: request.id,
        error: e instanceof Error ? e.stack ?? e.message : String(e),
      };
    }
    port.postMessage(reply);
  });
}

/* A calibration worker: runs its share of the jobs through the TypeScript engine. */
require('@backstage/cli/config/nodeTransform.cjs');
const { parentPort, workerData } = require('worker_threads');
const { runJob } = require('./jobs.ts');

for (const job of workerData.jobs) {
  parentPort.postMessage({ result: runJob(job) });
}
parentPort.postMessage({ done: true });

/*
 * Preloaded into the bench's backend (node --require): samples the
 * backend's own process.memoryUsage() once a second and writes the latest
 * and the peak figures to BENCH_MEMORY_FILE, which the bench reads (the V8
 * heap is not visible from outside the process). The timer does not keep
 * the backend alive.
 */
const fs = require('fs');
const { isMainThread } = require('worker_threads');

const file = process.env.BENCH_MEMORY_FILE;
// Worker threads (the recompute's) inherit the preload: the main thread's heap only.
if (file && isMainThread) {
  const peak = {};
  const sample = () => {
    const m = process.memoryUsage();
    const now = {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
    };
    for (const key of Object.keys(now)) {
      peak[key] = Math.max(peak[key] ?? 0, now[key]);
    }
    try {
      fs.writeFileSync(file, JSON.stringify({ now, peak, at: Date.now() }));
    } catch {
      // the work directory is gone: the bench is stopping
    }
  };
  setInterval(sample, 1000).unref();
}

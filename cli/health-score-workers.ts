// Worker threads that score passwords for `keyhold health`, so zxcvbn runs on every core (it costs
// milliseconds per password: minutes at 100,000 on one). The caller closes the pool, which ends them.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScorePort, ScoreReply, ScoreRequest } from '../client/health/health-scoring.ts';
import { nodeWorkerPort } from './node-worker-port.ts';
import { workerEntry } from './worker-entry.ts';

/**
 * One thread per core, at most four: scoring is per password and splits evenly. The bundled command starts
 * them from its bundled body (dist/cli/health-score-worker.mjs), the sources from it while it is current.
 */
export function startScoreWorkers(
  count = Math.min(4, os.availableParallelism()),
  /** Told each thread's heap after each answer (the bench adds it to the process's memory). */
  onHeap?: (worker: number, bytes: number) => void,
): ScorePort[] {
  // Looked up at each start, not at load: a bundle built meanwhile is used.
  const entry = workerEntry(import.meta.url, 'health-score-worker.mjs');
  return Array.from({ length: Math.max(1, count) }, (_, index) => {
    const port = nodeWorkerPort<ScoreRequest, ScoreReply & { heapBytes?: number }>(
      new Worker(entry),
      'a scoring worker',
    );
    return {
      ...port,
      onMessage: (listener) =>
        port.onMessage((reply) => {
          if (reply.heapBytes !== undefined) onHeap?.(index, reply.heapBytes);
          listener(reply);
        }),
    } satisfies ScorePort;
  });
}

// A worker thread of `keyhold health` (and the bench) that scores passwords with zxcvbn: the runtime-neutral
// scoring body on node's parentPort. Each answer also says how much heap this thread holds, for the bench.
import { parentPort } from 'node:worker_threads';
import type { ScoreRequest } from '../client/health/health-scoring.ts';
import { scoreWorkerHandler } from '../client/health/health-scoring.ts';

const handle = scoreWorkerHandler();
parentPort?.on('message', (request: ScoreRequest) => {
  void handle(request).then((reply) =>
    parentPort?.postMessage({ ...reply, heapBytes: process.memoryUsage().heapUsed }),
  );
});

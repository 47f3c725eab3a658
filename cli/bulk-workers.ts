// Worker threads that seal and open items for an import or an export, so those use every core while the
// main thread talks to the server. The caller closes the pool (which wipes the keys in each worker).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BulkReply, BulkRequest, WorkerPort } from '../client/workers/bulk-protocol.ts';
import { nodeWorkerPort } from './node-worker-port.ts';
import { workerEntry } from './worker-entry.ts';

/** One worker per core, at most four: the crypto is per item and splits evenly, the network does not. */
export function startBulkWorkers(count = Math.min(4, os.availableParallelism())): WorkerPort[] {
  // Looked up at each start, not at load: a bundle built meanwhile (the bench builds one) is used.
  const entry = workerEntry(import.meta.url, 'bulk-worker.mjs');
  return Array.from({ length: Math.max(1, count) }, () =>
    nodeWorkerPort<BulkRequest, BulkReply>(new Worker(entry), 'a crypto worker'),
  );
}

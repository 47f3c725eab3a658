// Entry of the window's search-index worker (built as assets/search-worker.js). The same script runs twice
// over: as the index (named keyhold-search-index by the window), which starts its own decrypt workers, and
// as each of those (named keyhold-search-decrypt), the bulk-crypto body the command's worker threads run
// too. Opening a hundred thousand values thus uses every core and never blocks the window or a query.
import { BulkItems } from '../../../client/bulk-items.ts';
import type { KeySet } from '../../../client/crypto/own-keys.ts';
import type { ParallelBulk } from '../../../client/workers/bulk-pool.ts';
import type { BulkReply, BulkRequest, WorkerPort } from '../../../client/workers/bulk-protocol.ts';
import { bulkWorkerHandler } from '../../../client/workers/bulk-worker-core.ts';
import { searchIndexHandler } from './search-index-core.ts';
import type { SearchRequest } from './search-protocol.ts';

const DECRYPT_WORKER = 'keyhold-search-decrypt';
/** At most this many decrypt workers: the crypto splits evenly per item, the server's answers do not. */
const MAX_DECRYPT_WORKERS = 4;

/** One decrypt worker per core (capped); null where a worker cannot start workers (values open in the index). */
function startDecryptPool(keys: KeySet): ParallelBulk | null {
  if (typeof Worker === 'undefined') return null;
  const count = Math.max(1, Math.min(MAX_DECRYPT_WORKERS, navigator.hardwareConcurrency || 2));
  const ports = Array.from({ length: count }, (): WorkerPort => {
    const worker = new Worker(self.location.href, { type: 'module', name: DECRYPT_WORKER });
    return {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) =>
        worker.addEventListener('message', (event: MessageEvent<BulkReply>) => listener(event.data)),
      onError: (listener) =>
        worker.addEventListener('error', () => listener(new Error('a search decrypt worker stopped'))),
      terminate: () => worker.terminate(),
    };
  });
  return new BulkItems(keys).inWorkers(ports);
}

if (self.name === DECRYPT_WORKER) {
  const handle = bulkWorkerHandler();
  self.addEventListener('message', (event: MessageEvent<BulkRequest>) => {
    const reply = handle(event.data);
    if (reply) self.postMessage(reply);
  });
} else {
  const handle = searchIndexHandler({ startPool: startDecryptPool });
  self.addEventListener('message', (event: MessageEvent<SearchRequest>) => {
    handle(event.data, (reply) => self.postMessage(reply));
    // Forgotten at lock or sign-out: the keys are wiped and the decrypt workers told to wipe theirs and
    // stopped; this worker has nothing left to do.
    if (event.data.kind === 'forget') self.close();
  });
}

// A worker thread of the keyhold command: the runtime-neutral bulk worker body, on node's parentPort.
import { parentPort } from 'node:worker_threads';
import type { BulkRequest } from '../client/workers/bulk-protocol.ts';
import { bulkWorkerHandler } from '../client/workers/bulk-worker-core.ts';
import { installNativeXChaCha } from './native-xchacha.ts';

// Each thread has its own copy of the client's modules, so each installs the native cipher for itself.
installNativeXChaCha();

const handle = bulkWorkerHandler();
parentPort?.on('message', (request: BulkRequest) => {
  const reply = handle(request);
  if (reply) parentPort?.postMessage(reply);
});

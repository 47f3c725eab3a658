// A node worker thread seen as the port the client's worker pools speak to (client/workers/bulk-protocol.ts,
// client/health/health-scoring.ts): the same shape a Web Worker has in the window, so one pool serves both.
import type { Worker } from 'node:worker_threads';
import type { Port } from '../client/workers/worker-port.ts';

/**
 * `worker` adapted; `what` names it in the error a non-zero exit raises ("a crypto worker"), since a thread
 * that exits on its own (out of memory, process.exit in a dependency) emits no 'error' event.
 */
export function nodeWorkerPort<Request, Reply>(worker: Worker, what: string): Port<Request, Reply> {
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onError: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => {
        if (code !== 0) listener(new Error(`${what} stopped (exit code ${code})`));
      });
    },
    terminate: () => {
      void worker.terminate();
    },
  };
}

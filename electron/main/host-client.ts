// The main process's handle on the host worker: calls become messages, and answers come back as Results.
// A worker that dies answers every pending call with an error instead of leaving the window waiting.
import { Worker } from 'node:worker_threads';
import type { BridgeRequest, Result } from '../../contract/index.ts';
import type { HostReply, HostRequest, HostWorkerData } from './host-protocol.ts';

export interface HostClient {
  call(request: BridgeRequest): Promise<Result<unknown>>;
  close(): Promise<void>;
}

const unavailable = (message: string): Result<unknown> => ({
  ok: false,
  error: { code: 'internal', message },
});

export async function startHost(workerFile: string, data: HostWorkerData): Promise<HostClient> {
  const worker = new Worker(workerFile, { workerData: data });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let gone: string | null = null;
  let onClosed: (() => void) | null = null;

  const failAll = (reason: string) => {
    gone = reason;
    for (const resolve of pending.values()) resolve(unavailable(reason));
    pending.clear();
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: HostReply) => {
      switch (reply.type) {
        case 'ready':
          resolve();
          break;
        case 'failed':
          reject(new Error(`the embedded server did not start: ${reply.message}`));
          break;
        case 'result':
          pending.get(reply.id)?.(reply.result);
          pending.delete(reply.id);
          break;
        case 'closed':
          onClosed?.();
          break;
      }
    });
    worker.on('error', (error) => {
      failAll(`the embedded server stopped: ${error.message}`);
      reject(error);
    });
    worker.on('exit', (code) => failAll(`the embedded server exited (code ${code})`));
  });
  await ready;

  return {
    call(request) {
      if (gone) return Promise.resolve(unavailable(gone));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: 'call', id, request } satisfies HostRequest);
      });
    },
    async close() {
      if (gone) return;
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ type: 'close' } satisfies HostRequest);
        setTimeout(resolve, 5000).unref();
      });
      await worker.terminate();
    },
  };
}

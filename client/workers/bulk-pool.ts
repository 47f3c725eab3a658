// Seals and opens many items on several workers at once, in order, so whole-vault work (import, export,
// the search index) uses every core and leaves the thread that talks to the server (or paints) free.
import type { NewItem, SealedNewSecret, StoredItem } from '../bulk-types.ts';
import { CryptoError } from '../crypto/errors.ts';
import type { KeySet } from '../crypto/own-keys.ts';
import type { OpenedPayload } from '../item-payload.ts';
import type { BulkReply, BulkRequest, WorkerPort } from './bulk-protocol.ts';
import { toColumns } from './stored-columns.ts';

/** The same shape as BulkItems' sealer and opener, but asynchronous: the work happens elsewhere. */
export interface ParallelBulk {
  readonly workers: number;
  open(items: readonly StoredItem[]): Promise<OpenedPayload[]>;
  /** As open, but an item that does not open is null in the answer instead of failing the whole call. */
  openEach(items: readonly StoredItem[]): Promise<(OpenedPayload | null)[]>;
  sealNew(items: readonly NewItem[]): Promise<SealedNewSecret[]>;
  /** Wipes the keys in every worker and stops them. */
  close(): void;
}

type Pending = { resolve: (reply: BulkReply & { ok: true }) => void; reject: (error: Error) => void };

/** Below this many items a request is not split: a message costs more than sealing a few items. */
const MIN_SHARE = 50;

export function startParallelBulk(ports: readonly WorkerPort[], keys: KeySet): ParallelBulk {
  if (ports.length === 0) throw new Error('a worker pool needs at least one worker');
  let next = 0;
  let closed = false;
  const pending = new Map<number, Pending>();
  for (const port of ports) {
    port.onMessage((reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else
        waiting.reject(
          reply.code
            ? new CryptoError(reply.code, reply.message)
            : new Error(`a worker failed: ${reply.message}`),
        );
    });
    port.onError((error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    // Structured clone copies the keys into each worker; this thread's copy stays with the session.
    port.postMessage({
      kind: 'keys',
      publicKey: keys.publicKey.slice(),
      privateKey: keys.privateKey.slice(),
      vaultKey: keys.vaultKey ? keys.vaultKey.slice() : null,
    });
  }

  const ask = (port: WorkerPort, request: BulkRequest & { id: number }) =>
    new Promise<BulkReply & { ok: true }>((resolve, reject) => {
      if (closed) {
        reject(new Error('the worker pool is closed'));
        return;
      }
      pending.set(request.id, { resolve, reject });
      port.postMessage(request);
    });

  /** Splits the items into one share per worker (fewer when there are few) and joins the answers in order. */
  async function spread<T, R>(items: readonly T[], run: (port: WorkerPort, share: T[]) => Promise<R[]>) {
    const shares = Math.max(1, Math.min(ports.length, Math.floor(items.length / MIN_SHARE)));
    const size = Math.ceil(items.length / shares);
    const parts = await Promise.all(
      Array.from({ length: shares }, (_, i) => {
        // Round-robin over the workers, so concurrent calls do not all land on the first.
        const port = ports[(next + i) % ports.length] as WorkerPort;
        return run(port, items.slice(i * size, (i + 1) * size));
      }),
    );
    next = (next + shares) % ports.length;
    return parts.flat();
  }

  let ids = 0;
  return {
    workers: ports.length,
    open: (items) =>
      items.length === 0
        ? Promise.resolve([])
        : spread(items, async (port, share) => {
            const reply = await ask(port, { kind: 'open', id: ++ids, items: toColumns(share) });
            if (!('opened' in reply)) throw new Error('a worker answered an open with something else');
            return reply.opened;
          }),
    openEach: (items) =>
      items.length === 0
        ? Promise.resolve([])
        : spread(items, async (port, share) => {
            const reply = await ask(port, { kind: 'open-each', id: ++ids, items: toColumns(share) });
            if (!('each' in reply)) throw new Error('a worker answered an open with something else');
            return reply.each;
          }),
    sealNew: (items) =>
      items.length === 0
        ? Promise.resolve([])
        : spread(items, async (port, share) => {
            const reply = await ask(port, { kind: 'seal', id: ++ids, items: share });
            if (!('sealed' in reply)) throw new Error('a worker answered a seal with something else');
            return reply.sealed;
          }),
    close() {
      if (closed) return;
      closed = true;
      for (const port of ports) {
        port.postMessage({ kind: 'forget' });
        port.terminate();
      }
      for (const waiting of pending.values()) waiting.reject(new Error('the worker pool is closed'));
      pending.clear();
    },
  };
}

// Messages between the thread that talks to the server and the workers that seal and open items for it.
import type { NewItem, SealedNewSecret } from '../bulk-types.ts';
import type { OpenedPayload } from '../item-payload.ts';
import type { StoredColumns } from './stored-columns.ts';
import type { Port } from './worker-port.ts';

export type BulkRequest =
  | { kind: 'keys'; publicKey: Uint8Array; privateKey: Uint8Array; vaultKey: Uint8Array | null }
  /** The items to open travel as columns (stored-columns.ts), the answers come back in their order. */
  | { kind: 'open'; id: number; items: StoredColumns }
  /** Opens each item on its own: one that does not open is answered null, the others still open. */
  | { kind: 'open-each'; id: number; items: StoredColumns }
  | { kind: 'seal'; id: number; items: NewItem[] }
  | { kind: 'forget' };

/** A failure carries the CryptoError code when it was one, and a message without any key or value. */
export type BulkReply =
  | { id: number; ok: true; opened: OpenedPayload[] }
  | { id: number; ok: true; each: (OpenedPayload | null)[] }
  | { id: number; ok: true; sealed: SealedNewSecret[] }
  | { id: number; ok: false; code: 'integrity' | 'malformed' | 'bad_key' | null; message: string };

/** What a worker looks like from either runtime: a Web Worker or a node worker_threads Worker, adapted. */
export type WorkerPort = Port<BulkRequest, BulkReply>;

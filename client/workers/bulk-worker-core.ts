// The body of a bulk-crypto worker, the same in a Web Worker and in a node worker thread: it holds the
// user's keys it was given and seals or opens the items each request names.
import { BulkItems, type BulkOpener, openEach } from '../bulk-items.ts';
import { CryptoError } from '../crypto/errors.ts';
import type { KeySet } from '../crypto/own-keys.ts';
import type { BulkReply, BulkRequest } from './bulk-protocol.ts';
import { fromColumns } from './stored-columns.ts';

export function bulkWorkerHandler(): (request: BulkRequest) => BulkReply | null {
  let keys: KeySet | null = null;
  let bulk: BulkItems | null = null;
  // Kept across requests: items wrapped in one batch share their key agreement.
  let opener: BulkOpener | null = null;
  const forget = () => {
    opener?.forget();
    opener = null;
    keys?.privateKey.fill(0);
    keys?.vaultKey?.fill(0);
    keys = null;
    bulk = null;
  };
  return (request) => {
    if (request.kind === 'keys') {
      forget();
      keys = { publicKey: request.publicKey, privateKey: request.privateKey, vaultKey: request.vaultKey };
      bulk = new BulkItems(keys);
      return null;
    }
    if (request.kind === 'forget') {
      forget();
      return null;
    }
    try {
      if (!bulk) throw new Error('the worker holds no keys');
      if (request.kind === 'open') {
        opener ??= bulk.opener();
        return { id: request.id, ok: true, opened: opener.open(fromColumns(request.items)) };
      }
      if (request.kind === 'open-each') {
        opener ??= bulk.opener();
        return { id: request.id, ok: true, each: openEach(opener, fromColumns(request.items)) };
      }
      const sealer = bulk.sealer();
      try {
        return { id: request.id, ok: true, sealed: sealer.sealNew(request.items) };
      } finally {
        sealer.forget();
      }
    } catch (error) {
      return {
        id: request.id,
        ok: false,
        code: error instanceof CryptoError ? error.code : null,
        // CryptoError and zod messages name no key or value; anything else is reported by its kind only.
        message:
          error instanceof CryptoError ? error.message : error instanceof Error ? error.name : 'failed',
      };
    }
  };
}

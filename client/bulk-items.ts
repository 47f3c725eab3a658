// Many items sealed or opened at once (import, export) with this user's keys: new items' content keys
// wrapped under the vault key (one AEAD each), older ones opened with one key agreement per batch.

import { randomBytes } from '@noble/hashes/utils.js';
import type { NewItem, SealedNewSecret, StoredItem } from './bulk-types.ts';
import {
  CryptoError,
  decryptItem,
  encryptItem,
  type KeySet,
  ownerKeyWrapper,
  userKeyOpener,
  utf8Decode,
  utf8Encode,
} from './crypto/index.ts';
import { type ItemPayload, itemPayloadSchema, type OpenedPayload } from './item-payload.ts';
import { type ParallelBulk, startParallelBulk } from './workers/bulk-pool.ts';
import type { WorkerPort } from './workers/bulk-protocol.ts';

export type { NewItem, SealedNewSecret, StoredItem } from './bulk-types.ts';

/** Content keys drawn from the random source a few thousand at a time rather than one call each. */
function newContentKeys(n: number): Uint8Array[] {
  const keys: Uint8Array[] = [];
  // getRandomValues gives at most 65,536 bytes per call.
  for (let start = 0; start < n; start += 2048) {
    const count = Math.min(2048, n - start);
    const pool = randomBytes(32 * count);
    for (let i = 0; i < count; i++) keys.push(pool.slice(32 * i, 32 * i + 32));
    pool.fill(0);
  }
  return keys;
}

const sealPayload = (contentKey: Uint8Array, payload: ItemPayload, secretId: string, version: number) =>
  encryptItem(contentKey, utf8Encode(JSON.stringify(itemPayloadSchema.parse(payload))), {
    secretId,
    version,
  });

/** Seals new secrets with one key agreement held across calls, so a batch can be sealed a slice at a time. */
export interface BulkSealer {
  sealNew(items: readonly NewItem[]): SealedNewSecret[];
  forget(): void;
}

/** Opens stored items and seals next versions, keeping each key agreement it made until forget(). */
export interface BulkOpener {
  open(items: readonly StoredItem[]): OpenedPayload[];
  sealNextVersions(
    items: readonly { id: string; wrappedKey: string; nextVersion: number; payload: ItemPayload }[],
  ): string[];
  forget(): void;
}

export class BulkItems {
  readonly #keys: KeySet;

  constructor(keys: KeySet) {
    this.#keys = keys;
  }

  /** The same work on workers the caller started (worker_threads in the CLI, Web Workers in a window). */
  inWorkers(ports: readonly WorkerPort[]): ParallelBulk {
    return startParallelBulk(ports, this.#keys);
  }

  sealer(): BulkSealer {
    const wrapper = ownerKeyWrapper(this.#keys);
    return {
      sealNew(items) {
        const contentKeys = newContentKeys(items.length);
        try {
          return items.map((item, i) => {
            const contentKey = contentKeys[i] as Uint8Array;
            const secretId = crypto.randomUUID();
            const history = item.history ?? [];
            return {
              id: secretId,
              name: item.name,
              path: item.path,
              tags: item.tags,
              type: item.type,
              // After its earlier versions (1..n), the current value is version n + 1.
              value: sealPayload(contentKey, item.payload, secretId, history.length + 1),
              wrappedKey: wrapper.wrap(contentKey, secretId),
              ...(history.length > 0 && {
                history: history.map((v, at) => ({
                  value: sealPayload(contentKey, v.payload, secretId, at + 1),
                  createdAt: v.createdAt,
                })),
              }),
              ...(item.createdAt !== undefined && { createdAt: item.createdAt }),
              ...(item.updatedAt !== undefined && { updatedAt: item.updatedAt }),
            };
          });
        } finally {
          for (const key of contentKeys) key.fill(0);
        }
      },
      forget: () => wrapper.forget(),
    };
  }

  opener(): BulkOpener {
    const keys = userKeyOpener(this.#keys);
    return {
      open(items) {
        return items.map((item) => {
          const contentKey = keys.unwrap(item.wrappedKey, item.id);
          try {
            const plain = decryptItem(contentKey, item.value, {
              secretId: item.id,
              version: item.valueVersion,
            });
            return itemPayloadSchema.parse(JSON.parse(utf8Decode(plain)));
          } finally {
            contentKey.fill(0);
          }
        });
      },
      sealNextVersions(items) {
        return items.map((item) => {
          const contentKey = keys.unwrap(item.wrappedKey, item.id);
          try {
            return sealPayload(contentKey, item.payload, item.id, item.nextVersion);
          } finally {
            contentKey.fill(0);
          }
        });
      },
      forget: () => keys.forget(),
    };
  }

  /** Encrypts new secrets for this user without sending them. */
  sealNew(items: readonly NewItem[]): SealedNewSecret[] {
    const sealer = this.sealer();
    try {
      return sealer.sealNew(items);
    } finally {
      sealer.forget();
    }
  }

  /** Encrypts the next version of existing secrets under the content keys they already have. */
  sealNextVersions(
    items: readonly { id: string; wrappedKey: string; nextVersion: number; payload: ItemPayload }[],
  ): string[] {
    const opener = this.opener();
    try {
      return opener.sealNextVersions(items);
    } finally {
      opener.forget();
    }
  }

  /** Decrypts stored values here; a value that does not open throws (wrong key, moved or altered). */
  open(items: readonly StoredItem[]): OpenedPayload[] {
    const opener = this.opener();
    try {
      return opener.open(items);
    } finally {
      opener.forget();
    }
  }
}

/**
 * Opens each item on its own, for work that reads a whole vault and must not stop at one bad item (the
 * search index): a value that does not open (altered, sealed for someone else, not an item) is null.
 */
export function openEach(opener: BulkOpener, items: readonly StoredItem[]): (OpenedPayload | null)[] {
  return items.map((item) => {
    try {
      return opener.open([item])[0] ?? null;
    } catch (error) {
      if (error instanceof CryptoError || error instanceof SyntaxError || isSchemaError(error)) return null;
      throw error;
    }
  });
}

/** A payload that decrypted but is not an item (zod's error). */
const isSchemaError = (error: unknown) => error instanceof Error && error.name === 'ZodError';

// Many items sealed or opened at once (import, export) with this user's keys: one key agreement per batch.

import { randomBytes } from '@noble/hashes/utils.js';
import type { SecretSummary } from '../server/contract/index.ts';
import type { UserKeys } from './credentials.ts';
import {
  contentKeyOpener,
  decryptItem,
  encryptItem,
  utf8Decode,
  utf8Encode,
  wrapContentKeys,
} from './crypto/index.ts';
import { type ItemPayload, itemPayloadSchema, type OpenedPayload } from './item-payload.ts';

/** A new secret ready for createSecret or stageImport: its id is chosen here, because it is bound into the ciphertext. */
export interface SealedNewSecret {
  id: string;
  name: string;
  path: string;
  tags: string[];
  type: SecretSummary['type'];
  value: string;
  wrappedKey: string;
}

export interface NewItem {
  name: string;
  path: string;
  tags: string[];
  type: SecretSummary['type'];
  payload: ItemPayload;
}

/** What the server hands back for one secret: its value ciphertext and this user's wrapped key. */
export interface StoredItem {
  id: string;
  valueVersion: number;
  value: string;
  wrappedKey: string;
}

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

export class BulkItems {
  readonly #keys: UserKeys;

  constructor(keys: UserKeys) {
    this.#keys = keys;
  }

  /** Encrypts new secrets for this user without sending them. */
  sealNew(items: readonly NewItem[]): SealedNewSecret[] {
    const contentKeys = newContentKeys(items.length);
    const keys = items.map((_, i) => ({
      contentKey: contentKeys[i] as Uint8Array,
      secretId: crypto.randomUUID(),
    }));
    try {
      const wrapped = wrapContentKeys(keys, this.#keys.publicKey);
      return items.map((item, i) => {
        const { contentKey, secretId } = keys[i] as (typeof keys)[number];
        return {
          id: secretId,
          name: item.name,
          path: item.path,
          tags: item.tags,
          type: item.type,
          value: sealPayload(contentKey, item.payload, secretId, 1),
          wrappedKey: wrapped[i] as string,
        };
      });
    } finally {
      for (const { contentKey } of keys) contentKey.fill(0);
    }
  }

  /** Encrypts the next version of existing secrets under the content keys they already have. */
  sealNextVersions(
    items: readonly { id: string; wrappedKey: string; nextVersion: number; payload: ItemPayload }[],
  ): string[] {
    const opener = contentKeyOpener(this.#keys.privateKey);
    try {
      return items.map((item) => {
        const contentKey = opener.unwrap(item.wrappedKey, item.id);
        try {
          return sealPayload(contentKey, item.payload, item.id, item.nextVersion);
        } finally {
          contentKey.fill(0);
        }
      });
    } finally {
      opener.forget();
    }
  }

  /** Decrypts stored values here; a value that does not open throws (wrong key, moved or altered). */
  open(items: readonly StoredItem[]): OpenedPayload[] {
    const opener = contentKeyOpener(this.#keys.privateKey);
    try {
      return items.map((item) => {
        const contentKey = opener.unwrap(item.wrappedKey, item.id);
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
    } finally {
      opener.forget();
    }
  }
}

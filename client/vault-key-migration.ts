// Sign-in of an account made before vault keys: a vault key is made here and stored sealed (first writer
// wins), and the user's own content keys still wrapped to their public key are re-wrapped under it.
import { READ_BATCH_LIMIT } from '../contract/index.ts';
import type { UserKeys } from './credentials.ts';
import {
  isVaultWrapped,
  newVaultKey,
  sealVaultKeyTo,
  userKeyOpener,
  wrapOwnContentKey,
} from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

/**
 * Stores a fresh vault key unless one is stored already, and opens the stored one: if another device
 * migrated first, its key is the one kept, so both devices wrap under the same key.
 */
export async function adoptVaultKey(
  client: KeyholdClient,
  publicKey: Uint8Array,
  sealer: { sealVaultKey: (vaultKey: Uint8Array) => string; openVaultKey: (sealed: string) => Uint8Array },
): Promise<Uint8Array> {
  const fresh = newVaultKey();
  try {
    const stored = await client.request('adoptVaultKey', {
      encryptedVaultKey: sealer.sealVaultKey(fresh),
      sealedVaultKey: sealVaultKeyTo(fresh, publicKey),
    });
    return sealer.openVaultKey(stored.encryptedVaultKey);
  } finally {
    fresh.fill(0);
  }
}

/** Own secrets a listed page holds, live ones first and then the trash (both keep wrapped keys). */
async function* ownSecretPages(client: KeyholdClient) {
  for (const deleted of [false, true]) {
    let cursor: string | undefined;
    for (;;) {
      const page = await client.request('listSecrets', {
        path: '/',
        recursive: true,
        deleted,
        limit: READ_BATCH_LIMIT,
        ...(cursor !== undefined && { cursor }),
      });
      if (page.items.length > 0) yield { ids: page.items.map((s) => s.id), total: page.total };
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
  }
}

/**
 * Re-wraps under the vault key every own content key still wrapped to the public key (format 1), a page
 * at a time; the server swaps each only while it still holds the one re-wrapped (a rotation meanwhile
 * wins). A key that does not open is left as it is and counted. Returns how many were re-wrapped.
 */
export async function rewrapLegacyKeys(
  client: KeyholdClient,
  keys: UserKeys,
  onProgress?: (done: number, total: number) => void,
): Promise<{ rewrapped: number; failed: number }> {
  const { vaultKey } = keys;
  if (!vaultKey) return { rewrapped: 0, failed: 0 };
  const opener = userKeyOpener(keys);
  let rewrapped = 0;
  let failed = 0;
  let seen = 0;
  try {
    for await (const page of ownSecretPages(client)) {
      const { items } = await client.request('readSecretBatch', { ids: page.ids });
      await opener.prepare(items.map((i) => i.wrappedKey));
      const rewraps = [];
      for (const item of items) {
        if (isVaultWrapped(item.wrappedKey)) continue;
        let contentKey: Uint8Array;
        try {
          contentKey = opener.unwrap(item.wrappedKey, item.id);
        } catch {
          failed++;
          continue;
        }
        try {
          rewraps.push({
            id: item.id,
            expected: item.wrappedKey,
            wrappedKey: wrapOwnContentKey(contentKey, vaultKey, item.id),
          });
        } finally {
          contentKey.fill(0);
        }
      }
      if (rewraps.length > 0) {
        rewrapped += (await client.request('rewrapOwnKeys', { items: rewraps })).rewrapped;
      }
      seen += page.ids.length;
      onProgress?.(seen, page.total);
    }
  } finally {
    opener.forget();
  }
  return { rewrapped, failed };
}

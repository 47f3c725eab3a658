// A user's own content keys: wrapped under the vault key when the session holds one, and opened in either
// format, so items wrapped before the vault key (format 1, to the user's public key) still open.
import { CryptoError } from './errors.ts';
import { contentKeyOpener, contentKeyWrapper, unwrapContentKey, wrapContentKey } from './item-crypto.ts';
import { isVaultWrapped, unwrapOwnContentKey, wrapOwnContentKey } from './vault-key.ts';

/** What a signed-in user holds. vaultKey is null only in a session saved before vault keys existed. */
export interface KeySet {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  vaultKey?: Uint8Array | null;
}

function requireVaultKey(keys: KeySet): Uint8Array {
  if (!keys.vaultKey) {
    throw new CryptoError('bad_key', 'this session holds no vault key: sign in again to open this item');
  }
  return keys.vaultKey;
}

/** For the owner's own copy: under the vault key, or to the owner's public key without one. */
export const wrapForOwner = (contentKey: Uint8Array, keys: KeySet, secretId: string): string =>
  keys.vaultKey
    ? wrapOwnContentKey(contentKey, keys.vaultKey, secretId)
    : wrapContentKey(contentKey, keys.publicKey, secretId);

/** Any wrapped key this user may hold: their own (either format) or one a contact wrapped to them. */
export const unwrapForUser = (wrapped: string, keys: KeySet, secretId: string): Uint8Array =>
  isVaultWrapped(wrapped)
    ? unwrapOwnContentKey(wrapped, requireVaultKey(keys), secretId)
    : unwrapContentKey(wrapped, keys.privateKey, secretId);

/**
 * Opens many wrapped keys (an export, the search index): format 2 with one AEAD each, format 1 through
 * the batch opener that makes each key agreement once. forget() wipes the agreements it keeps.
 */
export function userKeyOpener(keys: KeySet) {
  let legacy: ReturnType<typeof contentKeyOpener> | null = null;
  return {
    unwrap(wrapped: string, secretId: string): Uint8Array {
      if (isVaultWrapped(wrapped)) return unwrapOwnContentKey(wrapped, requireVaultKey(keys), secretId);
      legacy ??= contentKeyOpener(keys.privateKey, keys.publicKey);
      return legacy.unwrap(wrapped, secretId);
    },
    /** Natively makes ahead the agreements the format-1 keys among these need (see contentKeyOpener). */
    async prepare(wrappedKeys: readonly string[]): Promise<void> {
      const older = wrappedKeys.filter((w) => !isVaultWrapped(w));
      if (older.length === 0) return;
      legacy ??= contentKeyOpener(keys.privateKey, keys.publicKey);
      await legacy.prepare(older);
    },
    forget(): void {
      legacy?.forget();
      legacy = null;
    },
  };
}

/** Wraps many new content keys for their owner (an import). forget() wipes what the fallback holds. */
export function ownerKeyWrapper(keys: KeySet) {
  const { vaultKey } = keys;
  if (vaultKey) {
    return {
      wrap: (contentKey: Uint8Array, secretId: string) => wrapOwnContentKey(contentKey, vaultKey, secretId),
      forget: () => undefined,
    };
  }
  return contentKeyWrapper(keys.publicKey);
}

// The vault key: one random symmetric key per user, under which the user's own items' content keys are
// wrapped with the AEAD. X25519 stays for keys that cross to another person or machine (sharing.ts).
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { formatOf, parse, seal } from './aead.ts';
import { concatBytes, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';

const KEY_LENGTH = 32;
const VAULT_KEY_AAD = utf8Encode('keyhold/v2/vault-key');
const TO_PRIVATE_KEY_INFO = utf8Encode('keyhold/v2/vault-key-to-private-key');
/** Format byte of a content key wrapped under a vault key (1 is a key wrapped to an X25519 public key). */
const OWN_FORMAT = 2;

export const newVaultKey = (): Uint8Array => randomBytes(KEY_LENGTH);

function checked(key: Uint8Array, what: string): Uint8Array {
  if (key.length !== KEY_LENGTH) {
    key.fill(0);
    throw new CryptoError('malformed', `the ${what} is not a 32-byte key`);
  }
  return key;
}

/** Under the password-derived key-encryption key: what sign-in opens. A password change re-seals only this. */
export const sealVaultKey = (vaultKey: Uint8Array, kek: Uint8Array): string =>
  seal(kek, vaultKey, VAULT_KEY_AAD);

export const openVaultKey = (sealed: string, kek: Uint8Array): Uint8Array =>
  checked(parse(sealed).open(kek, VAULT_KEY_AAD), 'vault key');

/** HKDF-SHA256(shared, salt = ephemeral ‖ recipient, info = "keyhold/v2/vault-key-to-private-key"). */
function toPrivateKeyKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array) {
  if (shared.every((b) => b === 0)) throw new CryptoError('bad_key', 'the public key is not usable');
  return hkdf(sha256, shared, concatBytes(ephemeralPublic, recipientPublic), TO_PRIVATE_KEY_INFO, KEY_LENGTH);
}

/**
 * To the user's own X25519 public key (a fresh ephemeral key, as a wrapped content key): the private key
 * alone reaches the vault key without the password, as a machine's token file holds only that key.
 */
export function sealVaultKeyTo(vaultKey: Uint8Array, publicKey: Uint8Array): string {
  const ephemeralPrivate = x25519.utils.randomSecretKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralPrivate);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralPrivate, publicKey);
  } catch {
    throw new CryptoError('bad_key', 'the public key is not usable');
  } finally {
    ephemeralPrivate.fill(0);
  }
  const key = (() => {
    try {
      return toPrivateKeyKey(shared, ephemeralPublic, publicKey);
    } finally {
      shared.fill(0);
    }
  })();
  try {
    return seal(key, vaultKey, VAULT_KEY_AAD, ephemeralPublic);
  } finally {
    key.fill(0);
  }
}

/** Opens what sealVaultKeyTo made; the public key is the holder's own, passed in rather than recomputed. */
export function openVaultKeyWith(sealed: string, privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const parsed = parse(sealed, 32);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, parsed.prefix);
  } catch {
    throw new CryptoError('integrity', 'the sealed vault key is not valid');
  }
  const key = (() => {
    try {
      return toPrivateKeyKey(shared, parsed.prefix, publicKey);
    } catch {
      throw new CryptoError('integrity', 'the sealed vault key is not valid');
    } finally {
      shared.fill(0);
    }
  })();
  try {
    return checked(parsed.open(key, VAULT_KEY_AAD), 'vault key');
  } finally {
    key.fill(0);
  }
}

/** Bound to the secret and to its purpose, so a wrapped key cannot be replayed as another secret's. */
const ownAad = (secretId: string) => utf8Encode(`keyhold/v2/own-content-key/${secretId}`);

/**
 * Format 2: 0x02 ‖ 24-byte nonce ‖ XChaCha20-Poly1305(vault key, AAD = 0x02 ‖ "keyhold/v2/own-content-key/
 * <secret id>"). One AEAD per item where format 1 needed a key agreement and a key derivation.
 */
export const wrapOwnContentKey = (contentKey: Uint8Array, vaultKey: Uint8Array, secretId: string): string =>
  seal(vaultKey, contentKey, ownAad(secretId), undefined, OWN_FORMAT);

export const unwrapOwnContentKey = (wrapped: string, vaultKey: Uint8Array, secretId: string): Uint8Array =>
  checked(parse(wrapped, 0, OWN_FORMAT).open(vaultKey, ownAad(secretId)), 'content key');

/** A content key wrapped under a vault key (format 2) rather than to a public key (format 1). */
export const isVaultWrapped = (wrapped: string): boolean => formatOf(wrapped) === OWN_FORMAT;

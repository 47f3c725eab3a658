// Per-secret content keys: values sealed under them, and the keys wrapped to each reader's public key.
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { parse, seal } from './aead.ts';
import { concatBytes, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';

export interface ItemBinding {
  secretId: string;
  version: number;
}

export const newContentKey = (): Uint8Array => randomBytes(32);

const itemAad = (b: ItemBinding) => utf8Encode(`keyhold/v1/item/${b.secretId}/${b.version}`);

/** Bound to the secret and version, so a ciphertext cannot be replayed as another secret or version. */
export const encryptItem = (contentKey: Uint8Array, plaintext: Uint8Array, binding: ItemBinding): string =>
  seal(contentKey, plaintext, itemAad(binding));

export const decryptItem = (contentKey: Uint8Array, ciphertext: string, binding: ItemBinding): Uint8Array =>
  parse(ciphertext).open(contentKey, itemAad(binding));

function wrapKey(
  shared: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipientPublic: Uint8Array,
  secretId: string,
) {
  if (shared.every((b) => b === 0)) throw new CryptoError('bad_key', 'the public key is not usable');
  return hkdf(
    sha256,
    shared,
    concatBytes(ephemeralPublic, recipientPublic),
    utf8Encode(`keyhold/v1/wrap/${secretId}`),
    32,
  );
}

/** Sealed-box style: a fresh ephemeral X25519 key per wrap, so only the recipient's private key opens it. */
export function wrapContentKey(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  secretId: string,
): string {
  const ephemeralPrivate = x25519.utils.randomSecretKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralPrivate);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralPrivate, recipientPublicKey);
  } catch {
    throw new CryptoError('bad_key', 'the public key is not usable');
  }
  const key = wrapKey(shared, ephemeralPublic, recipientPublicKey, secretId);
  try {
    return seal(key, contentKey, utf8Encode(secretId), ephemeralPublic);
  } finally {
    key.fill(0);
    shared.fill(0);
    ephemeralPrivate.fill(0);
  }
}

export function unwrapContentKey(wrapped: string, privateKey: Uint8Array, secretId: string): Uint8Array {
  const parsed = parse(wrapped, 32);
  const recipientPublic = x25519.getPublicKey(privateKey);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, parsed.prefix);
  } catch {
    throw new CryptoError('integrity', 'the wrapped key is not valid');
  }
  const key = wrapKey(shared, parsed.prefix, recipientPublic, secretId);
  try {
    return parsed.open(key, utf8Encode(secretId));
  } finally {
    key.fill(0);
    shared.fill(0);
  }
}

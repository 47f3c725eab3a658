// A user's X25519 key pair, the private half sealed under the password-derived key-encryption key.
import { x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parse, seal } from './aead.ts';
import { utf8Encode } from './encoding.ts';

const PRIVATE_KEY_AAD = utf8Encode('keyhold/v1/private-key');

export function generateUserKeyPair(): { publicKey: Uint8Array; privateKey: Uint8Array } {
  const privateKey = x25519.utils.randomSecretKey();
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

export const sealPrivateKey = (privateKey: Uint8Array, kek: Uint8Array): string =>
  seal(kek, privateKey, PRIVATE_KEY_AAD);

export const openPrivateKey = (sealed: string, kek: Uint8Array): Uint8Array =>
  parse(sealed).open(kek, PRIVATE_KEY_AAD);

/** For comparing keys out of band: SHA-256 of the public key, 16 bytes, uppercase hex in groups of four. */
export function fingerprint(publicKey: Uint8Array): string {
  const hex = Array.from(sha256(publicKey).subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return (hex.toUpperCase().match(/.{4}/g) ?? []).join(' ');
}

// XChaCha20-Poly1305 with a format byte and a random 24-byte nonce: the one AEAD of the client layer.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { concatBytes, fromBase64, toBase64 } from './encoding.ts';
import { CryptoError } from './errors.ts';

/** Format 1: every ciphertext of the first design; format 2: a content key wrapped under a vault key. */
export type Format = 1 | 2;
const NONCE = 24;
const TAG = 16;

export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  prefix: Uint8Array = new Uint8Array(),
  format: Format = 1,
): string {
  const nonce = randomBytes(NONCE);
  const header = concatBytes(Uint8Array.of(format), prefix);
  const ciphertext = xchacha20poly1305(key, nonce, concatBytes(header, aad)).encrypt(plaintext);
  return toBase64(concatBytes(header, nonce, ciphertext));
}

/** Returns the prefix (e.g. an ephemeral public key) and a function that opens the body with a key. */
export function parse(sealed: string, prefixLength = 0, format: Format = 1) {
  const bytes = fromBase64(sealed);
  if (bytes.length < 1 + prefixLength + NONCE + TAG || bytes[0] !== format) {
    throw new CryptoError('malformed', 'not a Keyhold ciphertext');
  }
  const header = bytes.subarray(0, 1 + prefixLength);
  const prefix = bytes.subarray(1, 1 + prefixLength);
  const nonce = bytes.subarray(1 + prefixLength, 1 + prefixLength + NONCE);
  const body = bytes.subarray(1 + prefixLength + NONCE);
  return {
    prefix,
    open(key: Uint8Array, aad: Uint8Array): Uint8Array {
      try {
        return xchacha20poly1305(key, nonce, concatBytes(header, aad)).decrypt(body);
      } catch {
        throw new CryptoError(
          'integrity',
          'the ciphertext does not open with this key here: wrong key, moved or altered',
        );
      }
    },
  };
}

/** The format byte of a sealed text, read from its first four base64 characters; null when unreadable. */
export function formatOf(sealed: string): number | null {
  try {
    return fromBase64(sealed.slice(0, 4))[0] ?? null;
  } catch {
    return null;
  }
}

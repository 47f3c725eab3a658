// XChaCha20-Poly1305 with a format byte and a random 24-byte nonce: the one AEAD of the client layer.
import { randomBytes } from '@noble/hashes/utils.js';
import { concatBytes, fromBase64, fromBase64Shared, toBase64 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { xchachaPoly } from './xchacha.ts';

/** Format 1: every ciphertext of the first design; format 2: a content key wrapped under a vault key. */
export type Format = 1 | 2;
const NONCE = 24;
const TAG = 16;

/**
 * Nonces for this many seals are drawn from the random source at once (49,152 bytes, under
 * getRandomValues' 65,536): a call per seal cost a bulk worker about a tenth of its time.
 */
const NONCES_PER_DRAW = 2048;
let nonces = new Uint8Array(0);
let nextNonce = 0;

/** A fresh random nonce, a copy; each is handed out once (a spent pool is replaced, never reused). */
function freshNonce(): Uint8Array {
  if (nextNonce + NONCE > nonces.length) {
    nonces = randomBytes(NONCE * NONCES_PER_DRAW);
    nextNonce = 0;
  }
  const nonce = nonces.slice(nextNonce, nextNonce + NONCE);
  nextNonce += NONCE;
  return nonce;
}

export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  prefix: Uint8Array = new Uint8Array(),
  format: Format = 1,
): string {
  const nonce = freshNonce();
  const header = concatBytes(Uint8Array.of(format), prefix);
  const ciphertext = xchachaPoly().encrypt(key, nonce, headerAnd(header, aad), plaintext);
  return toBase64(concatBytes(header, nonce, ciphertext));
}

/** header ‖ aad, the AAD actually authenticated: built without concatBytes' rest array and reduce, per open. */
function headerAnd(header: Uint8Array, aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + aad.length);
  out.set(header);
  out.set(aad, header.length);
  return out;
}

/** Returns the prefix (e.g. an ephemeral public key) and a function that opens the body with a key. */
export function parse(sealed: string, prefixLength = 0, format: Format = 1) {
  // A ciphertext, no secret: its bytes may share a block with others' (see fromBase64Shared).
  const bytes = fromBase64Shared(sealed);
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
        return xchachaPoly().decrypt(key, nonce, headerAnd(header, aad), body);
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

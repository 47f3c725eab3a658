// XChaCha20-Poly1305 through node:crypto's native ChaCha20-Poly1305 (OpenSSL) keyed by an HChaCha20 subkey:
// the same bytes as @noble/ciphers' (tests/native-xchacha.test.ts checks both ways), at about a third of
// the cost per call for the many small items of an import or an export. Node only, so the keyhold command
// installs it; the window keeps @noble (WebCrypto has no ChaCha20).
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { hchacha20SubkeyInto, setXChaChaPoly, type XChaChaPoly } from '../client/crypto/xchacha.ts';

const TAG = 16;

/**
 * Scratch for the subkey and the 12-byte nonce, reused by every call on this thread (one at a time):
 * node:crypto copies both into the cipher when it is created, and the subkey is wiped right after.
 */
const subkeyWords = new Uint32Array(8);
const subkey = new Uint8Array(subkeyWords.buffer);
/** RFC 8439's 12-byte nonce for the subkey: 4 zero bytes (never written), then the XChaCha nonce's last 8. */
const chachaNonce = new Uint8Array(12);

/** Keys the scratch subkey and nonce for this XChaCha nonce; the caller wipes the subkey. */
function prepare(key: Uint8Array, nonce: Uint8Array): void {
  hchacha20SubkeyInto(key, nonce.subarray(0, 16), subkeyWords);
  chachaNonce.set(nonce.subarray(16, 24), 4);
}

function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== 32) throw new RangeError('XChaCha20-Poly1305 takes a 32-byte key');
  if (nonce.length !== 24) throw new RangeError('XChaCha20-Poly1305 takes a 24-byte nonce');
}

/** A plain Uint8Array over a Buffer's bytes: callers copy keys with slice(), which on a Buffer would alias. */
const plain = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);

export const nativeXChaChaPoly: XChaChaPoly = {
  encrypt(key, nonce, aad, plaintext) {
    checkSizes(key, nonce);
    try {
      prepare(key, nonce);
      const cipher = createCipheriv('chacha20-poly1305', subkey, chachaNonce, { authTagLength: TAG });
      cipher.setAAD(aad, { plaintextLength: plaintext.length });
      const body = cipher.update(plaintext);
      cipher.final();
      const out = new Uint8Array(body.length + TAG);
      out.set(body);
      out.set(cipher.getAuthTag(), body.length);
      return out;
    } finally {
      subkey.fill(0);
    }
  },
  decrypt(key, nonce, aad, sealed) {
    checkSizes(key, nonce);
    if (sealed.length < TAG) throw new Error('the ciphertext is shorter than its tag');
    try {
      prepare(key, nonce);
      const decipher = createDecipheriv('chacha20-poly1305', subkey, chachaNonce, {
        authTagLength: TAG,
      });
      decipher.setAAD(aad, { plaintextLength: sealed.length - TAG });
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG));
      // final() throws when the tag does not verify; the plaintext is then wiped, never returned.
      try {
        decipher.final();
      } catch (error) {
        body.fill(0);
        throw error;
      }
      return plain(body);
    } finally {
      subkey.fill(0);
    }
  },
};

/** Whether this Node's OpenSSL has ChaCha20-Poly1305 (a FIPS-only build may not). */
export const hasNativeChaCha = (): boolean => getCiphers().includes('chacha20-poly1305');

/** Makes this thread's client crypto use the native cipher where it exists; @noble stays otherwise. */
export function installNativeXChaCha(): boolean {
  if (!hasNativeChaCha()) return false;
  setXChaChaPoly(nativeXChaChaPoly);
  return true;
}

// XChaCha20-Poly1305 through node:crypto's native ChaCha20-Poly1305 (OpenSSL) keyed by an HChaCha20 subkey:
// the same bytes as @noble/ciphers' (tests/native-xchacha.test.ts checks both ways), at about a third of
// the cost per call for the many small items of an import or an export. Node only, so the keyhold command
// installs it; the window keeps @noble (WebCrypto has no ChaCha20).
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { hchacha20Subkey, setXChaChaPoly, type XChaChaPoly } from '../client/crypto/xchacha.ts';

const TAG = 16;

/** RFC 8439's 12-byte nonce for the subkey: 4 zero bytes, then the XChaCha nonce's last 8. */
function chachaNonce(nonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(12);
  out.set(nonce.subarray(16, 24), 4);
  return out;
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
    const subkey = hchacha20Subkey(key, nonce.subarray(0, 16));
    try {
      const cipher = createCipheriv('chacha20-poly1305', subkey, chachaNonce(nonce), { authTagLength: TAG });
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
    const subkey = hchacha20Subkey(key, nonce.subarray(0, 16));
    try {
      const decipher = createDecipheriv('chacha20-poly1305', subkey, chachaNonce(nonce), {
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

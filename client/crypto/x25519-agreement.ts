// X25519 key agreement through the runtime's WebCrypto where it has it (Node 20, Chromium from 133 and so
// Electron 45), else @noble/curves. Measured in one run (bench, section 7): about 0.1 ms in Node's
// WebCrypto against about 3 ms in the JavaScript, which decides a migration's time when every item has its
// own ephemeral key. The same bytes either way (RFC 7748); asynchronous, so it serves the paths that await.
import { x25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from './errors.ts';

/** PKCS#8 header of an X25519 private key (RFC 8410): WebCrypto imports private keys only so. */
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

let native: Promise<boolean> | null = null;

/** Whether this runtime's WebCrypto does X25519: asked once, by trying it. */
export function hasNativeX25519(): Promise<boolean> {
  native ??= (async () => {
    try {
      const pair = (await crypto.subtle.generateKey({ name: 'X25519' }, false, [
        'deriveBits',
      ])) as CryptoKeyPair;
      await crypto.subtle.deriveBits({ name: 'X25519', public: pair.publicKey }, pair.privateKey, 256);
      return true;
    } catch {
      return false;
    }
  })();
  return native;
}

/** One imported key per private key array held (the array is wiped when dropped, never refilled). */
const imported = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function importPrivate(privateKey: Uint8Array): Promise<CryptoKey> {
  let key = imported.get(privateKey);
  if (!key) {
    const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + privateKey.length);
    pkcs8.set(PKCS8_PREFIX);
    pkcs8.set(privateKey, PKCS8_PREFIX.length);
    key = crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
    key.finally(() => pkcs8.fill(0)).catch(() => undefined);
    imported.set(privateKey, key);
  }
  return key;
}

/** The shared secret of a private key and a public key; a low-order public key is refused as not valid. */
export async function agree(privateKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  try {
    if (await hasNativeX25519()) {
      const pub = await crypto.subtle.importKey('raw', publicKey.slice(), { name: 'X25519' }, false, []);
      const bits = await crypto.subtle.deriveBits(
        { name: 'X25519', public: pub },
        await importPrivate(privateKey),
        256,
      );
      return new Uint8Array(bits);
    }
    return x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    throw new CryptoError('integrity', 'the wrapped key is not valid');
  }
}

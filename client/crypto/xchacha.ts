// XChaCha20-Poly1305 itself (24-byte nonce, the 16-byte tag after the ciphertext), under Keyhold's formats
// (aead.ts). @noble/ciphers (audited, the same bytes in every runtime) unless the runtime installs a native
// one: the keyhold command does in Node (cli/native-xchacha.ts), where it costs a fraction per call.
import { hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js';

export interface XChaChaPoly {
  /** The ciphertext followed by its 16-byte tag. */
  encrypt(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** The plaintext; throws when the tag does not verify (wrong key, nonce or AAD, or altered bytes). */
  decrypt(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
}

export const nobleXChaChaPoly: XChaChaPoly = {
  encrypt: (key, nonce, aad, plaintext) => xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  decrypt: (key, nonce, aad, sealed) => xchacha20poly1305(key, nonce, aad).decrypt(sealed),
};

let current: XChaChaPoly = nobleXChaChaPoly;

/** Installs another implementation of the same function (same bytes); tests check it against noble's. */
export function setXChaChaPoly(implementation: XChaChaPoly): void {
  current = implementation;
}

export const xchachaPoly = (): XChaChaPoly => current;

/** "expand 32-byte k" as four little-endian words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

/**
 * Aligned scratch for HChaCha20's input words, kept across calls (a thread runs one call at a time) and
 * wiped after each: three fresh typed arrays per call were a visible share of opening many small items.
 */
const keyWords = new Uint32Array(8);
const nonceWords = new Uint32Array(4);
const keyBytes = new Uint8Array(keyWords.buffer);
const nonceBytes = new Uint8Array(nonceWords.buffer);

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha §2.2) of a 32-byte key and the first 16 bytes of an XChaCha nonce: the
 * ChaCha20 subkey. XChaCha20-Poly1305 is ChaCha20-Poly1305 (RFC 8439) under this subkey with the nonce
 * 4 zero bytes ‖ the XChaCha nonce's last 8 bytes. The caller wipes the subkey after use.
 */
export function hchacha20Subkey(key: Uint8Array, noncePrefix: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  hchacha20SubkeyInto(key, noncePrefix, out);
  return new Uint8Array(out.buffer);
}

/** As hchacha20Subkey, into the caller's 8 words (a scratch subkey it wipes after use). */
export function hchacha20SubkeyInto(key: Uint8Array, noncePrefix: Uint8Array, out: Uint32Array): void {
  if (key.length !== 32 || noncePrefix.length !== 16) {
    throw new RangeError('HChaCha20 takes a 32-byte key and a 16-byte nonce prefix');
  }
  // Word views over aligned copies: noble reads them in place on little-endian hosts, swapped on others.
  keyBytes.set(key);
  nonceBytes.set(noncePrefix);
  hchacha(SIGMA, keyWords, nonceWords, out);
  keyWords.fill(0);
}

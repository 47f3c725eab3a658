// XChaCha20-Poly1305 and its HChaCha20 subkey against the published vectors (draft-irtf-cfrg-xchacha-03,
// §2.2.1 and §A.3.1): the subkey is what a native ChaCha20-Poly1305 is keyed with (cli/native-xchacha.ts).
import { describe, expect, it } from 'vitest';
import { hchacha20Subkey, nobleXChaChaPoly, xchachaPoly } from './xchacha.ts';
import { HCHACHA20_VECTOR, XCHACHA_AEAD_VECTOR } from './xchacha-vectors.fixture.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('XChaCha20-Poly1305 vectors', () => {
  it('derives the HChaCha20 subkey of the draft', () => {
    const { key, nonce, subkey } = HCHACHA20_VECTOR;
    expect(toHex(hchacha20Subkey(key, nonce))).toBe(subkey);
  });

  it('seals and opens the draft AEAD vector with @noble, the default here', () => {
    const { key, nonce, aad, plaintext, sealed } = XCHACHA_AEAD_VECTOR;
    expect(xchachaPoly()).toBe(nobleXChaChaPoly);
    expect(toHex(nobleXChaChaPoly.encrypt(key, nonce, aad, plaintext))).toBe(sealed);
    expect(nobleXChaChaPoly.decrypt(key, nonce, aad, hex(sealed))).toEqual(plaintext);
  });

  it('refuses a subkey request of the wrong sizes', () => {
    expect(() => hchacha20Subkey(new Uint8Array(31), new Uint8Array(16))).toThrow(RangeError);
    expect(() => hchacha20Subkey(new Uint8Array(32), new Uint8Array(24))).toThrow(RangeError);
  });
});

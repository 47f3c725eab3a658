// XChaCha20-Poly1305 and its HChaCha20 subkey against the published vectors (draft-irtf-cfrg-xchacha-03,
// §2.2.1 and §A.3.1): the subkey is what a native ChaCha20-Poly1305 is keyed with (cli/native-xchacha.ts).
import { describe, expect, it } from 'vitest';
import { hchacha20Subkey, nobleXChaChaPoly, xchachaPoly } from './xchacha.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const DRAFT_AEAD = {
  key: Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i),
  nonce: Uint8Array.from({ length: 24 }, (_, i) => 0x40 + i),
  aad: hex('50515253c0c1c2c3c4c5c6c7'),
  plaintext: new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
  sealed:
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64' +
    'c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97' +
    '637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49',
};

describe('XChaCha20-Poly1305 vectors', () => {
  it('derives the HChaCha20 subkey of the draft', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(toHex(hchacha20Subkey(key, hex('000000090000004a0000000031415927')))).toBe(
      '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc',
    );
  });

  it('seals and opens the draft AEAD vector with @noble, the default here', () => {
    const { key, nonce, aad, plaintext, sealed } = DRAFT_AEAD;
    expect(xchachaPoly()).toBe(nobleXChaChaPoly);
    expect(toHex(nobleXChaChaPoly.encrypt(key, nonce, aad, plaintext))).toBe(sealed);
    expect(nobleXChaChaPoly.decrypt(key, nonce, aad, hex(sealed))).toEqual(plaintext);
  });

  it('refuses a subkey request of the wrong sizes', () => {
    expect(() => hchacha20Subkey(new Uint8Array(31), new Uint8Array(16))).toThrow(RangeError);
    expect(() => hchacha20Subkey(new Uint8Array(32), new Uint8Array(24))).toThrow(RangeError);
  });
});

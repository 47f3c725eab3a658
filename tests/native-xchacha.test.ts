// The keyhold command's native XChaCha20-Poly1305 (node:crypto's ChaCha20-Poly1305 under an HChaCha20
// subkey) against @noble's: the same bytes both ways, the same refusals, and Keyhold's formats unchanged.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { hasNativeChaCha, nativeXChaChaPoly } from '../cli/native-xchacha.ts';
import {
  CryptoError,
  decryptItem,
  encryptItem,
  unwrapOwnContentKey,
  utf8Decode,
  utf8Encode,
  wrapOwnContentKey,
} from '../client/crypto/index.ts';
import { nobleXChaChaPoly, setXChaChaPoly, type XChaChaPoly } from '../client/crypto/xchacha.ts';
// The draft's AEAD vector (draft-irtf-cfrg-xchacha-03 §A.3.1), as @noble is tested against it.
import { XCHACHA_AEAD_VECTOR } from '../client/crypto/xchacha-vectors.fixture.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (n: number) => new Uint8Array(randomBytes(n));

/** An item sealed by the code of 2026-12-07 (client/crypto/wire-vectors.test.ts, V1). */
const FROZEN_ITEM = {
  contentKey: hex('03203d5a7794b1ceeb0825425f7c99b6d3f00d2a4764819ebbd8f5122f4c6986'),
  secretId: '6f1c1f7e-8a43-4d5b-9a39-4f6d0a4b8e11',
  version: 3,
  sealed:
    'AULriFj6OfaDV6JpdgZp5Kcw3HEWwmaVSE/j+7wldVVK/N9QfFvQBdFmHQGfIAq4sTgQa6rPLyszLSOBMv9/VwMjQj0JNCYmCbrra0bL7164c/qjMISRgKU6',
  plaintext: JSON.stringify({ value: 'the value ✓', notes: 'n', fields: [] }),
};

const both: [string, XChaChaPoly][] = [
  ['noble', nobleXChaChaPoly],
  ['native', nativeXChaChaPoly],
];

afterEach(() => setXChaChaPoly(nobleXChaChaPoly));

describe('native XChaCha20-Poly1305 in the keyhold command', () => {
  it('is available in this Node', () => {
    expect(hasNativeChaCha()).toBe(true);
  });

  it('seals and opens the draft vector', () => {
    const { key, nonce, aad, plaintext, sealed } = XCHACHA_AEAD_VECTOR;
    expect(toHex(nativeXChaChaPoly.encrypt(key, nonce, aad, plaintext))).toBe(sealed);
    expect(nativeXChaChaPoly.decrypt(key, nonce, aad, hex(sealed))).toEqual(plaintext);
  });

  it('agrees with @noble both ways, across block edges and AAD lengths', () => {
    for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 255, 1000, 5000]) {
      for (const aadSize of [0, 1, 60]) {
        const key = bytes(32);
        const nonce = bytes(24);
        const aad = bytes(aadSize);
        const plaintext = bytes(size);
        const byNoble = nobleXChaChaPoly.encrypt(key, nonce, aad, plaintext);
        const byNative = nativeXChaChaPoly.encrypt(key, nonce, aad, plaintext);
        expect(toHex(byNative)).toBe(toHex(byNoble));
        expect(nativeXChaChaPoly.decrypt(key, nonce, aad, byNoble)).toEqual(plaintext);
        expect(nobleXChaChaPoly.decrypt(key, nonce, aad, byNative)).toEqual(plaintext);
      }
    }
  });

  it.each(both)(
    '%s refuses a flipped tag, body, AAD or nonce, a wrong key and a cut ciphertext',
    (_, aead) => {
      const key = bytes(32);
      const nonce = bytes(24);
      const aad = utf8Encode('keyhold/v1/item/x/1');
      const sealed = aead.encrypt(key, nonce, aad, utf8Encode('a secret value'));
      const flipped = (data: Uint8Array, at: number) => {
        const copy = data.slice();
        copy[at] = (copy[at] as number) ^ 1;
        return copy;
      };
      expect(() => aead.decrypt(key, nonce, aad, flipped(sealed, sealed.length - 1))).toThrow();
      expect(() => aead.decrypt(key, nonce, aad, flipped(sealed, 0))).toThrow();
      expect(() => aead.decrypt(key, nonce, flipped(aad, 3), sealed)).toThrow();
      expect(() => aead.decrypt(key, flipped(nonce, 2), aad, sealed)).toThrow();
      expect(() => aead.decrypt(key, flipped(nonce, 20), aad, sealed)).toThrow();
      expect(() => aead.decrypt(bytes(32), nonce, aad, sealed)).toThrow();
      expect(() => aead.decrypt(key, nonce, aad, sealed.subarray(0, 15))).toThrow();
      expect(() => aead.decrypt(key, nonce, aad, sealed.subarray(0, sealed.length - 1))).toThrow();
    },
  );

  it('opens what the earlier code sealed and keeps Keyhold formats readable by @noble, and back', () => {
    setXChaChaPoly(nativeXChaChaPoly);
    const frozen = decryptItem(FROZEN_ITEM.contentKey, FROZEN_ITEM.sealed, {
      secretId: FROZEN_ITEM.secretId,
      version: FROZEN_ITEM.version,
    });
    expect(utf8Decode(frozen)).toBe(FROZEN_ITEM.plaintext);

    const vaultKey = bytes(32);
    const contentKey = bytes(32);
    const binding = { secretId: crypto.randomUUID(), version: 1 };
    const nativeItem = encryptItem(contentKey, utf8Encode('sealed natively'), binding);
    const nativeWrap = wrapOwnContentKey(contentKey, vaultKey, binding.secretId);

    setXChaChaPoly(nobleXChaChaPoly);
    expect(utf8Decode(decryptItem(contentKey, nativeItem, binding))).toBe('sealed natively');
    expect(unwrapOwnContentKey(nativeWrap, vaultKey, binding.secretId)).toEqual(contentKey);
    const nobleItem = encryptItem(contentKey, utf8Encode('sealed by noble'), binding);

    setXChaChaPoly(nativeXChaChaPoly);
    expect(utf8Decode(decryptItem(contentKey, nobleItem, binding))).toBe('sealed by noble');
    // Bound as before: another secret's id, or another version, does not open it.
    expect(() => unwrapOwnContentKey(nativeWrap, vaultKey, crypto.randomUUID())).toThrow(CryptoError);
    expect(() => decryptItem(contentKey, nobleItem, { ...binding, version: 2 })).toThrow(CryptoError);
  });

  it('hands back a plain Uint8Array, so a copy made with slice() is a copy', () => {
    const key = bytes(32);
    const nonce = bytes(24);
    const sealed = nativeXChaChaPoly.encrypt(key, nonce, new Uint8Array(), bytes(32));
    const opened = nativeXChaChaPoly.decrypt(key, nonce, new Uint8Array(), sealed);
    expect(Buffer.isBuffer(opened)).toBe(false);
    const copy = opened.slice();
    opened.fill(0);
    expect(copy.some((b) => b !== 0)).toBe(true);
  });
});

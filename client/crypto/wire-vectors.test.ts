// The wire format is frozen: ciphertexts made by the code of 2026-12-07 (before the speed work) open with
// today's code, and what today's code makes opens with a reference written from the format's definition.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { BulkItems } from '../bulk-items.ts';
import {
  contentKeyOpener,
  decryptItem,
  encryptItem,
  fromBase64,
  openPrivateKey,
  sealPrivateKey,
  toBase64,
  unwrapContentKey,
  utf8Decode,
  utf8Encode,
  wrapContentKey,
  wrapContentKeys,
} from './index.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** Made by the code of commit a921e2d with fixed keys (its nonces and ephemeral keys were random). */
const V1 = {
  privateKey: hex('01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da'),
  publicKey: hex('c8feca81be196cdf2cadeabf13c4903d7632dce4955aa68b6e5d9adef54e2616'),
  kek: hex('05121f2c394653606d7a8794a1aebbc8d5e2effc091623303d4a5764717e8b98'),
  contentKey: hex('03203d5a7794b1ceeb0825425f7c99b6d3f00d2a4764819ebbd8f5122f4c6986'),
  contentKey2: hex('0b2a496887a6c5e4032241607f9ebddcfb1a39587796b5d4f31231506f8eadcc'),
  secretId: '6f1c1f7e-8a43-4d5b-9a39-4f6d0a4b8e11',
  secretId2: '0b0b0b0b-8a43-4d5b-9a39-4f6d0a4b8e11',
  sealedPrivateKey:
    'AQ4OWTOOy/NJy1aEoPRbXwUws1cYSEzET51Id81ePTUvyE/j4q4SzipF4+guaAMi9eHdpwNFekPWQ5eShmNA1vZMWsRNre15wQ==',
  wrappedKey:
    'AU/mT+ROO5AkAd1mUl0I0tK8EnbvTVdTf8QJWLzWl+BzA1cM8sk3F/sQntQUp9FPnOSpirOx0kFFFAXwFBFmElazVhLMh0eQR8g3JDFJTpkb7CKQaxXPTD9Swmc3J7OKm9bwQYhMrxU1',
  batchWrapped: [
    'AYMC3oRakcjnn/pGM5mCdB0IeoPNX+i1cfAm4pXMnQc6RSVGJHneLEqpRrq4udfKWvCxQaN35TX8JRyP1x/UIb0nO44VZfnTCQR/DqP2aqaKE6QJiE+Y3ZzTb/7/Og2kL5hug1S3coEO',
    'AYMC3oRakcjnn/pGM5mCdB0IeoPNX+i1cfAm4pXMnQc6uGj7fTYiUmcmZhokk166LTOgOBayxnlgSh1Z5hSyzFncO6Hth5WFVZmWTn76Hi32tfd8NOg0TvQasvpH/uiiXHPQhatduGkx',
  ],
  item: 'AULriFj6OfaDV6JpdgZp5Kcw3HEWwmaVSE/j+7wldVVK/N9QfFvQBdFmHQGfIAq4sTgQa6rPLyszLSOBMv9/VwMjQj0JNCYmCbrra0bL7164c/qjMISRgKU6',
  itemPlaintext: JSON.stringify({ value: 'the value ✓', notes: 'n', fields: [] }),
  itemVersion: 3,
};

/** The format as defined: version byte 1 ‖ prefix ‖ 24-byte nonce ‖ XChaCha20-Poly1305(AAD = 1 ‖ prefix ‖ aad). */
function referenceOpen(key: Uint8Array, sealed: string, aad: Uint8Array, prefixLength = 0) {
  const bytes = fromBase64(sealed);
  expect(bytes[0]).toBe(1);
  const header = bytes.subarray(0, 1 + prefixLength);
  const nonce = bytes.subarray(1 + prefixLength, 25 + prefixLength);
  return xchacha20poly1305(key, nonce, new Uint8Array([...header, ...aad])).decrypt(
    bytes.subarray(25 + prefixLength),
  );
}

/** A wrapped key: ephemeral X25519 public key as prefix, HKDF-SHA256(shared, eph ‖ recipient, "keyhold/v1/wrap/<id>"). */
function referenceUnwrap(wrapped: string, privateKey: Uint8Array, secretId: string): Uint8Array {
  const ephemeral = fromBase64(wrapped).subarray(1, 33);
  const shared = x25519.getSharedSecret(privateKey, ephemeral);
  const salt = new Uint8Array([...ephemeral, ...x25519.getPublicKey(privateKey)]);
  const key = hkdf(sha256, shared, salt, utf8Encode(`keyhold/v1/wrap/${secretId}`), 32);
  return referenceOpen(key, wrapped, utf8Encode(secretId), 32);
}

const itemAad = (secretId: string, version: number) => utf8Encode(`keyhold/v1/item/${secretId}/${version}`);

describe('ciphertexts made before the speed work', () => {
  it('open with the code of today: private key, wrapped keys (single and batch) and an item', () => {
    expect(toBase64(openPrivateKey(V1.sealedPrivateKey, V1.kek))).toBe(toBase64(V1.privateKey));
    expect(toBase64(unwrapContentKey(V1.wrappedKey, V1.privateKey, V1.secretId))).toBe(
      toBase64(V1.contentKey),
    );
    const opener = contentKeyOpener(V1.privateKey);
    expect(toBase64(opener.unwrap(V1.batchWrapped[0] as string, V1.secretId))).toBe(toBase64(V1.contentKey));
    expect(toBase64(opener.unwrap(V1.batchWrapped[1] as string, V1.secretId2))).toBe(
      toBase64(V1.contentKey2),
    );
    opener.forget();
    const plain = decryptItem(V1.contentKey, V1.item, { secretId: V1.secretId, version: V1.itemVersion });
    expect(utf8Decode(plain)).toBe(V1.itemPlaintext);
  });

  it('open through the bulk path an export uses', () => {
    const bulk = new BulkItems({ publicKey: V1.publicKey, privateKey: V1.privateKey });
    const [opened] = bulk.open([
      {
        id: V1.secretId,
        valueVersion: V1.itemVersion,
        value: V1.item,
        wrappedKey: V1.batchWrapped[0] as string,
      },
    ]);
    expect(opened).toEqual({ value: 'the value ✓', notes: 'n', fields: [] });
  });

  it('still refuse to open as another secret or under the wrong key', () => {
    expect(() => unwrapContentKey(V1.wrappedKey, V1.privateKey, V1.secretId2)).toThrow(/does not open/);
    expect(() => contentKeyOpener(V1.privateKey).unwrap(V1.batchWrapped[0] as string, V1.secretId2)).toThrow(
      /does not open/,
    );
    expect(() =>
      decryptItem(V1.contentKey2, V1.item, { secretId: V1.secretId, version: V1.itemVersion }),
    ).toThrow(/does not open/);
  });
});

describe('ciphertexts made by the code of today', () => {
  it('open with the reference of the format, as the code before the speed work opens them', () => {
    const sealedKey = sealPrivateKey(V1.privateKey, V1.kek);
    expect(toBase64(referenceOpen(V1.kek, sealedKey, utf8Encode('keyhold/v1/private-key')))).toBe(
      toBase64(V1.privateKey),
    );
    const wrapped = wrapContentKey(V1.contentKey, V1.publicKey, V1.secretId);
    expect(toBase64(referenceUnwrap(wrapped, V1.privateKey, V1.secretId))).toBe(toBase64(V1.contentKey));
    const batch = wrapContentKeys(
      [
        { contentKey: V1.contentKey, secretId: V1.secretId },
        { contentKey: V1.contentKey2, secretId: V1.secretId2 },
      ],
      V1.publicKey,
    );
    expect(toBase64(referenceUnwrap(batch[0] as string, V1.privateKey, V1.secretId))).toBe(
      toBase64(V1.contentKey),
    );
    expect(toBase64(referenceUnwrap(batch[1] as string, V1.privateKey, V1.secretId2))).toBe(
      toBase64(V1.contentKey2),
    );
    const item = encryptItem(V1.contentKey, utf8Encode('today'), { secretId: V1.secretId, version: 7 });
    expect(utf8Decode(referenceOpen(V1.contentKey, item, itemAad(V1.secretId, 7)))).toBe('today');
  });

  it('seal new items in bulk that the reference opens', () => {
    const bulk = new BulkItems({ publicKey: V1.publicKey, privateKey: V1.privateKey });
    const [sealed] = bulk.sealNew([
      { name: 'n', path: '/', tags: [], type: 'login', payload: { value: 'v', notes: '', fields: [] } },
    ]);
    if (!sealed) throw new Error('nothing sealed');
    const contentKey = referenceUnwrap(sealed.wrappedKey, V1.privateKey, sealed.id);
    const plain = utf8Decode(referenceOpen(contentKey, sealed.value, itemAad(sealed.id, 1)));
    expect(JSON.parse(plain)).toEqual({ value: 'v', notes: '', fields: [] });
  });
});

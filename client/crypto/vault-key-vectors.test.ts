// The vault-key formats are frozen: these ciphertexts were made once with fixed keys (their nonces and
// ephemeral keys random) and must open with the code of today, and what today's code makes must open with
// a reference written from the formats' definition alone.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { BulkItems } from '../bulk-items.ts';
import {
  CryptoError,
  fromBase64,
  isVaultWrapped,
  openVaultKey,
  openVaultKeyWith,
  sealVaultKey,
  sealVaultKeyTo,
  toBase64,
  unwrapContentKey,
  unwrapForUser,
  unwrapOwnContentKey,
  userKeyOpener,
  utf8Encode,
  wrapContentKey,
  wrapForOwner,
  wrapOwnContentKey,
} from './index.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** The same user keys as the format-1 vectors (wire-vectors.test.ts), and a vault key. */
const V2 = {
  privateKey: hex('01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da'),
  publicKey: hex('c8feca81be196cdf2cadeabf13c4903d7632dce4955aa68b6e5d9adef54e2616'),
  kek: hex('05121f2c394653606d7a8794a1aebbc8d5e2effc091623303d4a5764717e8b98'),
  vaultKey: hex('07162534435261707f8e9dacbbcad9e8f7061524334251606f7e8d9cabbac9d8'),
  contentKey: hex('03203d5a7794b1ceeb0825425f7c99b6d3f00d2a4764819ebbd8f5122f4c6986'),
  secretId: '6f1c1f7e-8a43-4d5b-9a39-4f6d0a4b8e11',
  otherId: '0b0b0b0b-8a43-4d5b-9a39-4f6d0a4b8e11',
  encryptedVaultKey:
    'AeiUZoCV3DX9zMzE6X5vOtCxGTlMnZIPWi//HmkxAhZxl9PVGNXeqRtah6rllgDlrHQ8MrZ/uhSoNOjoFarW/tw1W3v6MCKYjg==',
  sealedVaultKey:
    'AYHbTi03hdqc0gAf20gA3nw7KfgGohuuGB9dZobf4eBUKociHVA26BYT6SiHurSX2rhTvQBD+tFrbDuibmP8EutHUZGcJW5FvmTYb+ZNv84xrvLTNxP9U+e8t5OF2eAb7syOESc1QL3U',
  ownWrapped:
    'AorwCbtG9y/OdXMsL8LSRQ8LZf0p0WwG3vwxSUSWMbBhPpkQjZqRmcUGD/vijf7V0jLa2MPaZqmMgmhhmslR+NWyrzsIFdZBsA==',
};
const keys = { publicKey: V2.publicKey, privateKey: V2.privateKey, vaultKey: V2.vaultKey };

/** format byte ‖ prefix ‖ 24-byte nonce ‖ XChaCha20-Poly1305(key, AAD = format byte ‖ prefix ‖ aad). */
function referenceOpen(key: Uint8Array, sealed: string, aad: string, format: number, prefixLength = 0) {
  const bytes = fromBase64(sealed);
  expect(bytes[0]).toBe(format);
  const header = bytes.subarray(0, 1 + prefixLength);
  const nonce = bytes.subarray(1 + prefixLength, 25 + prefixLength);
  return xchacha20poly1305(key, nonce, new Uint8Array([...header, ...utf8Encode(aad)])).decrypt(
    bytes.subarray(25 + prefixLength),
  );
}

/** Vault key to the public key: HKDF-SHA256(X25519(priv, eph), eph ‖ pub, "keyhold/v2/vault-key-to-private-key"). */
function referenceOpenSealedVaultKey(sealed: string, privateKey: Uint8Array): Uint8Array {
  const ephemeral = fromBase64(sealed).subarray(1, 33);
  const shared = x25519.getSharedSecret(privateKey, ephemeral);
  const salt = new Uint8Array([...ephemeral, ...x25519.getPublicKey(privateKey)]);
  const key = hkdf(sha256, shared, salt, utf8Encode('keyhold/v2/vault-key-to-private-key'), 32);
  return referenceOpen(key, sealed, 'keyhold/v2/vault-key', 1, 32);
}

const ownAad = (secretId: string) => `keyhold/v2/own-content-key/${secretId}`;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof CryptoError ? error.code : String(error);
  }
};

describe('vault-key ciphertexts made when the format was fixed', () => {
  it('open with the code of today: the vault key (both seals) and an own content key', () => {
    expect(toBase64(openVaultKey(V2.encryptedVaultKey, V2.kek))).toBe(toBase64(V2.vaultKey));
    expect(toBase64(openVaultKeyWith(V2.sealedVaultKey, V2.privateKey, V2.publicKey))).toBe(
      toBase64(V2.vaultKey),
    );
    expect(toBase64(unwrapOwnContentKey(V2.ownWrapped, V2.vaultKey, V2.secretId))).toBe(
      toBase64(V2.contentKey),
    );
    expect(toBase64(unwrapForUser(V2.ownWrapped, keys, V2.secretId))).toBe(toBase64(V2.contentKey));
    const opener = userKeyOpener(keys);
    expect(toBase64(opener.unwrap(V2.ownWrapped, V2.secretId))).toBe(toBase64(V2.contentKey));
    opener.forget();
  });

  it('open with the reference of the formats', () => {
    expect(toBase64(referenceOpen(V2.kek, V2.encryptedVaultKey, 'keyhold/v2/vault-key', 1))).toBe(
      toBase64(V2.vaultKey),
    );
    expect(toBase64(referenceOpenSealedVaultKey(V2.sealedVaultKey, V2.privateKey))).toBe(
      toBase64(V2.vaultKey),
    );
    expect(toBase64(referenceOpen(V2.vaultKey, V2.ownWrapped, ownAad(V2.secretId), 2))).toBe(
      toBase64(V2.contentKey),
    );
  });

  it('refuse another secret, a flipped byte, another vault key, and one seal of the vault key opened as the other', () => {
    expect(codeOf(() => unwrapOwnContentKey(V2.ownWrapped, V2.vaultKey, V2.otherId))).toBe('integrity');
    const bytes = fromBase64(V2.ownWrapped);
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] as number) ^ 1;
      expect(codeOf(() => unwrapOwnContentKey(toBase64(copy), V2.vaultKey, V2.secretId))).not.toBe(
        'no error',
      );
    }
    expect(codeOf(() => unwrapOwnContentKey(V2.ownWrapped, V2.kek, V2.secretId))).toBe('integrity');
    // Same outer format (1) as the sealed private key, but another purpose in the AAD: not interchangeable.
    expect(codeOf(() => openVaultKey(V2.sealedVaultKey, V2.kek))).not.toBe('no error');
    expect(codeOf(() => openVaultKeyWith(V2.encryptedVaultKey, V2.privateKey, V2.publicKey))).not.toBe(
      'no error',
    );
  });

  it('keep the two wrapped-key formats apart: format 2 never opens as a public-key wrap, nor format 1 as a vault-key wrap', () => {
    const legacy = wrapContentKey(V2.contentKey, V2.publicKey, V2.secretId);
    expect([isVaultWrapped(V2.ownWrapped), isVaultWrapped(legacy)]).toEqual([true, false]);
    expect(codeOf(() => unwrapContentKey(V2.ownWrapped, V2.privateKey, V2.secretId))).toBe('malformed');
    expect(codeOf(() => unwrapOwnContentKey(legacy, V2.vaultKey, V2.secretId))).toBe('malformed');
    // Without a vault key (a session saved before them) a format-2 key is refused by name, not misread.
    expect(codeOf(() => unwrapForUser(V2.ownWrapped, { ...keys, vaultKey: null }, V2.secretId))).toBe(
      'bad_key',
    );
  });
});

describe('vault-key ciphertexts made by the code of today', () => {
  it('open with the reference of the formats', () => {
    expect(
      toBase64(referenceOpen(V2.kek, sealVaultKey(V2.vaultKey, V2.kek), 'keyhold/v2/vault-key', 1)),
    ).toBe(toBase64(V2.vaultKey));
    expect(
      toBase64(referenceOpenSealedVaultKey(sealVaultKeyTo(V2.vaultKey, V2.publicKey), V2.privateKey)),
    ).toBe(toBase64(V2.vaultKey));
    const wrapped = wrapOwnContentKey(V2.contentKey, V2.vaultKey, V2.secretId);
    expect(toBase64(referenceOpen(V2.vaultKey, wrapped, ownAad(V2.secretId), 2))).toBe(
      toBase64(V2.contentKey),
    );
    expect(
      toBase64(
        referenceOpen(V2.vaultKey, wrapForOwner(V2.contentKey, keys, V2.secretId), ownAad(V2.secretId), 2),
      ),
    ).toBe(toBase64(V2.contentKey));
  });

  it('seal new items in bulk with their keys wrapped under the vault key, and open both formats in one batch', () => {
    const bulk = new BulkItems(keys);
    const [sealed] = bulk.sealNew([
      { name: 'n', path: '/', tags: [], type: 'login', payload: { value: 'v', notes: '', fields: [] } },
    ]);
    if (!sealed) throw new Error('nothing sealed');
    expect(fromBase64(sealed.wrappedKey)[0]).toBe(2);
    referenceOpen(V2.vaultKey, sealed.wrappedKey, ownAad(sealed.id), 2);
    // An item from before the vault key (wrapped to the public key) opens beside it.
    const [old] = new BulkItems({ publicKey: V2.publicKey, privateKey: V2.privateKey }).sealNew([
      { name: 'o', path: '/', tags: [], type: 'login', payload: { value: 'old', notes: '', fields: [] } },
    ]);
    if (!old) throw new Error('nothing sealed');
    expect(fromBase64(old.wrappedKey)[0]).toBe(1);
    const opened = bulk.open([
      { id: sealed.id, valueVersion: 1, value: sealed.value, wrappedKey: sealed.wrappedKey },
      { id: old.id, valueVersion: 1, value: old.value, wrappedKey: old.wrappedKey },
    ]);
    expect(opened.map((p) => p.value)).toEqual(['v', 'old']);
  });

  it('wrap the same key differently each time (a fresh nonce) and never leave the content key in clear', () => {
    const a = wrapOwnContentKey(V2.contentKey, V2.vaultKey, V2.secretId);
    const b = wrapOwnContentKey(V2.contentKey, V2.vaultKey, V2.secretId);
    expect(a).not.toBe(b);
    expect(toBase64(fromBase64(a))).not.toContain(toBase64(V2.contentKey).slice(0, 16));
  });
});

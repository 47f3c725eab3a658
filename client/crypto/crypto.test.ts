import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  DEFAULT_KDF_PARAMS,
  decryptItem,
  deriveLoginKeys,
  encryptItem,
  fingerprint,
  fromBase64,
  generateUserKeyPair,
  newContentKey,
  openPrivateKey,
  randomSalt,
  sealPrivateKey,
  TEST_KDF_PARAMS,
  toBase64,
  unwrapContentKey,
  utf8Decode,
  utf8Encode,
  wrapContentKey,
} from './index.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof CryptoError ? error.code : String(error);
  }
};

describe('password-derived keys', () => {
  it('are the same for the same password and salt, and differ otherwise', async () => {
    const salt = randomSalt();
    const a = await deriveLoginKeys('correct horse', salt, TEST_KDF_PARAMS);
    const b = await deriveLoginKeys('correct horse', salt, TEST_KDF_PARAMS);
    const c = await deriveLoginKeys('correct horsf', salt, TEST_KDF_PARAMS);
    const d = await deriveLoginKeys('correct horse', randomSalt(), TEST_KDF_PARAMS);
    expect(toBase64(a.authHash)).toBe(toBase64(b.authHash));
    expect(toBase64(a.kek)).toBe(toBase64(b.kek));
    expect(toBase64(a.authHash)).not.toBe(toBase64(c.authHash));
    expect(toBase64(a.authHash)).not.toBe(toBase64(d.authHash));
  });

  it('give an authentication hash unrelated to the key-encryption key, and neither holds the password', async () => {
    const { authHash, kek } = await deriveLoginKeys('hunter2 hunter2', randomSalt(), TEST_KDF_PARAMS);
    expect(authHash).toHaveLength(32);
    expect(toBase64(authHash)).not.toBe(toBase64(kek));
    expect(utf8Decode(new Uint8Array([...authHash].map((b) => (b < 32 || b > 126 ? 46 : b))))).not.toContain(
      'hunter2',
    );
  });

  it('work with the real default parameters (64 MiB Argon2id)', async () => {
    const { authHash } = await deriveLoginKeys('a password', randomSalt(), DEFAULT_KDF_PARAMS);
    expect(authHash).toHaveLength(32);
  });

  it('refuse parameters out of range and short salts', async () => {
    await expect(deriveLoginKeys('p', randomSalt(), { ...TEST_KDF_PARAMS, memoryKiB: 8 })).rejects.toThrow(
      CryptoError,
    );
    await expect(deriveLoginKeys('p', new Uint8Array(4), TEST_KDF_PARAMS)).rejects.toThrow(CryptoError);
  });
});

describe('the user key pair', () => {
  it('opens with the right key-encryption key only', async () => {
    const { privateKey } = generateUserKeyPair();
    const right = await deriveLoginKeys('right password', randomSalt(), TEST_KDF_PARAMS);
    const wrong = await deriveLoginKeys('wrong password', randomSalt(), TEST_KDF_PARAMS);
    const sealed = sealPrivateKey(privateKey, right.kek);
    expect(toBase64(openPrivateKey(sealed, right.kek))).toBe(toBase64(privateKey));
    expect(codeOf(() => openPrivateKey(sealed, wrong.kek))).toBe('integrity');
  });

  it('has a fingerprint of eight groups of four hex digits', () => {
    const { publicKey } = generateUserKeyPair();
    expect(fingerprint(publicKey)).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(fingerprint(publicKey)).toBe(fingerprint(publicKey));
  });
});

describe('item encryption and key wrapping', () => {
  const secretId = '6f1c1f7e-8a43-4d5b-9a39-4f6d0a4b8e11';
  const otherId = '0b0b0b0b-8a43-4d5b-9a39-4f6d0a4b8e11';

  it('round-trips a value bound to its secret and version', () => {
    const key = newContentKey();
    const sealed = encryptItem(key, utf8Encode('the value'), { secretId, version: 3 });
    expect(utf8Decode(decryptItem(key, sealed, { secretId, version: 3 }))).toBe('the value');
    expect(sealed).not.toContain('the value');
  });

  it('refuses a flipped byte, another secret, another version and another key', () => {
    const key = newContentKey();
    const sealed = encryptItem(key, utf8Encode('v'), { secretId, version: 1 });
    const bytes = fromBase64(sealed);
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] as number) ^ 1;
      expect(codeOf(() => decryptItem(key, toBase64(copy), { secretId, version: 1 }))).not.toBe('no error');
    }
    expect(codeOf(() => decryptItem(key, sealed, { secretId: otherId, version: 1 }))).toBe('integrity');
    expect(codeOf(() => decryptItem(key, sealed, { secretId, version: 2 }))).toBe('integrity');
    expect(codeOf(() => decryptItem(newContentKey(), sealed, { secretId, version: 1 }))).toBe('integrity');
  });

  it('reports garbage as malformed', () => {
    expect(codeOf(() => decryptItem(newContentKey(), 'not base64!', { secretId, version: 1 }))).toBe(
      'malformed',
    );
    expect(codeOf(() => decryptItem(newContentKey(), 'AAAA', { secretId, version: 1 }))).toBe('malformed');
  });

  it('wraps a content key that only the recipient can unwrap, for that secret only', () => {
    const bob = generateUserKeyPair();
    const carol = generateUserKeyPair();
    const key = newContentKey();
    const wrapped = wrapContentKey(key, bob.publicKey, secretId);
    expect(toBase64(unwrapContentKey(wrapped, bob.privateKey, secretId))).toBe(toBase64(key));
    expect(codeOf(() => unwrapContentKey(wrapped, carol.privateKey, secretId))).toBe('integrity');
    expect(codeOf(() => unwrapContentKey(wrapped, bob.privateKey, otherId))).toBe('integrity');
    // Two wraps of the same key differ (fresh ephemeral key each time).
    expect(wrapContentKey(key, bob.publicKey, secretId)).not.toBe(wrapped);
  });

  it('refuses a low-order public key that would give an all-zero shared secret', () => {
    expect(codeOf(() => wrapContentKey(newContentKey(), new Uint8Array(32), secretId))).toBe('bad_key');
  });
});

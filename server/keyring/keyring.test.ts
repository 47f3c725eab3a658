import { describe, expect, it } from 'vitest';
import {
  IntegrityError,
  initKeyring,
  Keyring,
  UnsealError,
  unsealWithPassphrase,
  unsealWithShares,
} from './index.ts';

const kdf = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
const where = { table: 'users', id: 'u1', column: 'data', version: 1 };

async function passphraseKeyring() {
  return initKeyring({ method: 'passphrase', passphrase: 'a long unseal passphrase' }, { kdf });
}

describe('the keyring', () => {
  it('round-trips data bound to its row', async () => {
    const { keyring } = await passphraseKeyring();
    expect(keyring.decryptString(keyring.encrypt('hello', where), where)).toBe('hello');
  });

  it('refuses a ciphertext with any byte flipped', async () => {
    const { keyring } = await passphraseKeyring();
    const blob = keyring.encrypt('some sealed text', where);
    for (let i = 0; i < blob.length; i++) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      expect(() => keyring.decrypt(tampered, where), `byte ${i}`).toThrow(IntegrityError);
    }
  });

  it('refuses a ciphertext presented as another table, row, column or version', async () => {
    const { keyring } = await passphraseKeyring();
    const blob = keyring.encrypt('bound', where);
    for (const other of [
      { ...where, table: 'secrets' },
      { ...where, id: 'u2' },
      { ...where, column: 'meta' },
      { ...where, version: 2 },
    ]) {
      expect(() => keyring.decrypt(blob, other)).toThrow(IntegrityError);
    }
  });

  it('rotates: old terms still decrypt, new writes carry the new term', async () => {
    const { keyring, terms } = await passphraseKeyring();
    const old = keyring.encrypt('old', where);
    const record = keyring.rotate();
    expect(record.term).toBe(2);
    const fresh = keyring.encrypt('new', where);
    expect(fresh.readUInt32BE(1)).toBe(2);
    expect(old.readUInt32BE(1)).toBe(1);
    expect(keyring.decryptString(old, where)).toBe('old');
    expect(keyring.decryptString(fresh, where)).toBe('new');
    expect(terms).toHaveLength(1);
  });

  it('refuses to exist without a term', () => {
    expect(() => new Keyring(Buffer.alloc(32, 1), [])).toThrow(IntegrityError);
  });

  it('forgets every key when wiped', async () => {
    const { keyring } = await passphraseKeyring();
    const blob = keyring.encrypt('x', where);
    keyring.wipe();
    expect(() => keyring.decrypt(blob, where)).toThrow(/sealed/);
    expect(() => keyring.encrypt('x', where)).toThrow(/sealed/);
    expect(() => keyring.blindIndex('username', 'ann')).toThrow(/sealed/);
  });

  it('gives stable blind indexes, different per purpose', async () => {
    const { keyring } = await passphraseKeyring();
    expect(keyring.blindIndex('username', 'ann')).toBe(keyring.blindIndex('username', 'ann'));
    expect(keyring.blindIndex('username', 'ann')).not.toBe(keyring.blindIndex('email', 'ann'));
    keyring.rotate();
    expect(keyring.blindIndex('username', 'ann')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sealing', () => {
  it('unseals with the right passphrase, not with a wrong one; the record holds no passphrase', async () => {
    const { seal, terms, keyring } = await passphraseKeyring();
    const blob = keyring.encrypt('kept', where);
    const rotated = keyring.rotate();
    const reopened = await unsealWithPassphrase(seal, [...terms, rotated], 'a long unseal passphrase');
    expect(reopened.decryptString(blob, where)).toBe('kept');
    expect(reopened.currentTerm).toBe(2);
    await expect(unsealWithPassphrase(seal, terms, 'a wrong unseal passphrase')).rejects.toThrow(UnsealError);
    expect(JSON.stringify(seal)).not.toContain('a long unseal passphrase');
  });

  it('refuses a tampered term record at unseal', async () => {
    const { seal, terms } = await passphraseKeyring();
    const bad = terms.map((t) => ({ ...t, wrappedKey: Buffer.from(t.wrappedKey).fill(0, 20, 21) }));
    await expect(unsealWithPassphrase(seal, bad, 'a long unseal passphrase')).rejects.toThrow(IntegrityError);
  });

  it('3 of 5 key shares: any three unseal, two do not, a corrupted one does not', async () => {
    const { seal, terms, keyring, shares } = await initKeyring({ method: 'shares', shares: 5, threshold: 3 });
    const all = shares ?? [];
    expect(all).toHaveLength(5);
    const blob = keyring.encrypt('kept', where);
    for (const pick of [
      [0, 1, 2],
      [4, 2, 0],
      [1, 3, 4],
    ]) {
      const opened = await unsealWithShares(
        seal,
        terms,
        pick.map((i) => all[i] as string),
      );
      expect(opened.decryptString(blob, where)).toBe('kept');
    }
    await expect(unsealWithShares(seal, terms, all.slice(0, 2))).rejects.toThrow(
      /3 distinct key shares are needed/,
    );
    const corrupted = `${(all[0] as string).slice(0, -2)}00`;
    await expect(
      unsealWithShares(seal, terms, [corrupted, all[1] as string, all[2] as string]),
    ).rejects.toThrow(UnsealError);
    await expect(unsealWithShares(seal, terms, ['zz', 'yy', 'xx'])).rejects.toThrow(UnsealError);
  });

  it('refuses impossible share counts and short passphrases', async () => {
    await expect(initKeyring({ method: 'shares', shares: 3, threshold: 4 })).rejects.toThrow(RangeError);
    await expect(initKeyring({ method: 'shares', shares: 11, threshold: 2 })).rejects.toThrow(RangeError);
    await expect(initKeyring({ method: 'shares', shares: 3, threshold: 1 })).rejects.toThrow(RangeError);
    await expect(initKeyring({ method: 'passphrase', passphrase: 'short' })).rejects.toThrow(RangeError);
  });
});

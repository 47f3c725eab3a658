import { describe, expect, it } from 'vitest';
import { initKeyring } from '../keyring/index.ts';
import { RowSeal, rowSealOf } from './row-seal.ts';

const kdf = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
const keyring = async () =>
  (await initKeyring({ method: 'passphrase', passphrase: 'a long unseal passphrase' }, { kdf })).keyring;

describe('row tags', () => {
  it('match only the same table, id and values, in order', async () => {
    const seal = rowSealOf(await keyring());
    const tag = seal.tag('users', 'u1', ['user', 1, null]);
    expect(seal.matches('users', 'u1', ['user', 1, null], tag)).toBe(true);
    for (const [table, id, values] of [
      ['sessions', 'u1', ['user', 1, null]],
      ['users', 'u2', ['user', 1, null]],
      ['users', 'u1', ['admin', 1, null]],
      ['users', 'u1', ['user', '1', null]],
      ['users', 'u1', ['user', 1, '']],
      ['users', 'u1', [1, 'user', null]],
    ] as const) {
      expect(seal.matches(table, id, values, tag), `${table} ${id} ${JSON.stringify(values)}`).toBe(false);
    }
  });

  it('a missing or malformed stored tag never matches; intact() and check() report each mismatch, matches() does not', async () => {
    const seal = new RowSeal(await keyring());
    const reported: string[] = [];
    seal.reportTo((table, id) => reported.push(`${table} ${id}`));
    expect(seal.matches('secrets', 's1', ['owner'], null)).toBe(false);
    expect(seal.matches('secrets', 's1', ['owner'], 'zz')).toBe(false);
    expect(seal.intact('secrets', 's1', ['owner'], null)).toBe(false);
    expect(() => seal.check('secrets', 's1', ['owner'], null)).toThrow(/do not match their seal/);
    expect(reported).toEqual(['secrets s1', 'secrets s1']);
  });

  it('differ between keyrings (a writer without the unseal secret cannot compute them)', async () => {
    const a = rowSealOf(await keyring());
    const b = rowSealOf(await keyring());
    expect(a.tag('shares', 'x|y', ['read'])).not.toBe(b.tag('shares', 'x|y', ['read']));
  });

  it('refuse once the keyring is wiped', async () => {
    const ring = await keyring();
    const seal = rowSealOf(ring);
    expect(seal.open).toBe(true);
    ring.wipe();
    expect(seal.open).toBe(false);
    expect(() => seal.tag('users', 'u1', [])).toThrow(/sealed/);
  });
});

// Pre-login decoys for unknown names: proportional to real users' parameters, stable per name.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decoyKdf, decoySalt, kdfShares } from './prelogin-decoy.ts';

const A = { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 1 } as const;
const B = { algorithm: 'argon2id', memoryKiB: 131_072, iterations: 4, parallelism: 1 } as const;
const names = Array.from({ length: 10_000 }, (_, i) => `name-${i}`);

describe('pre-login decoys', () => {
  it('draw unknown names’ parameters in proportion to the parameters real users have', () => {
    const key = randomBytes(32);
    const shares = kdfShares([A, A, A, B]);
    expect(shares).toHaveLength(2);
    expect(shares).toEqual(
      expect.arrayContaining([
        { kdf: A, count: 3 },
        { kdf: B, count: 1 },
      ]),
    );
    const drawnB = names.filter((n) => decoyKdf(key, n, shares, A).memoryKiB === B.memoryKiB).length;
    // 1 in 4, within 5 standard deviations of 10,000 draws.
    expect(drawnB / names.length).toBeGreaterThan(0.25 - 0.022);
    expect(drawnB / names.length).toBeLessThan(0.25 + 0.022);
  });

  it('keep each name’s answer while the shares move, but for the few the move reaches', () => {
    const key = randomBytes(32);
    const before = names.map((n) => decoyKdf(key, n, kdfShares([A, A, A, A, A, A, A, A, A, B]), A));
    const after = names.map((n) => decoyKdf(key, n, kdfShares([A, A, A, A, A, A, A, A, B, B]), A));
    const moved = before.filter((kdf, i) => kdf !== after[i]).length / names.length;
    // 10 % → 20 % of names on B: about a tenth move (from A to B), none the other way.
    expect(moved).toBeGreaterThan(0.07);
    expect(moved).toBeLessThan(0.13);
    expect(before.every((kdf, i) => (kdf === B ? after[i] === B : true))).toBe(true);
  });

  it('fall back to the current setting when nobody is enrolled, and salt each name stably apart', () => {
    const key = randomBytes(32);
    expect(decoyKdf(key, 'x', [], B)).toBe(B);
    expect(decoySalt(key, 'alice')).toBe(decoySalt(key, 'alice'));
    expect(decoySalt(key, 'alice')).not.toBe(decoySalt(key, 'bob'));
    expect(Buffer.from(decoySalt(key, 'alice'), 'base64')).toHaveLength(16);
    expect(decoySalt(randomBytes(32), 'alice')).not.toBe(decoySalt(key, 'alice'));
  });
});

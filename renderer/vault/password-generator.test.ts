import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATOR, entropyBits, generatePassword } from './password-generator.ts';

describe('password generator', () => {
  it('makes passwords of the asked length holding every chosen class', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword({ ...DEFAULT_GENERATOR, length: 12 });
      expect(p).toHaveLength(12);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('leaves out unchosen and ambiguous characters and clamps the length', () => {
    const p = generatePassword({
      length: 500,
      lower: false,
      upper: true,
      digits: true,
      symbols: false,
      avoidAmbiguous: true,
    });
    expect(p).toHaveLength(128);
    expect(p).toMatch(/^[A-HJ-NP-Z2-9]+$/);
    expect(generatePassword({ ...DEFAULT_GENERATOR, length: 2 })).toHaveLength(8);
  });

  it('does not repeat itself and redraws values that would bias the result', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generatePassword(DEFAULT_GENERATOR)));
    expect(seen.size).toBe(100);
    // A source that first returns the top of the 32-bit range (the biased tail) must be asked again.
    const draws: number[] = [];
    const source = (cell: Uint32Array) => {
      cell[0] = draws.length === 0 ? 0xffff_ffff : 5;
      draws.push(cell[0]);
      return cell;
    };
    generatePassword(
      { ...DEFAULT_GENERATOR, length: 8, upper: false, digits: false, symbols: false },
      source,
    );
    expect(draws[0]).toBe(0xffff_ffff);
    expect(draws.length).toBeGreaterThan(8);
  });

  it('reports entropy from the alphabet size', () => {
    expect(
      entropyBits({ ...DEFAULT_GENERATOR, length: 10, upper: false, digits: false, symbols: false }),
    ).toBe(47);
  });
});

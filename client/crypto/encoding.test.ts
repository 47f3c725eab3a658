import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, utf8Encode } from './encoding.ts';

/** The rule fromBase64 keeps: standard alphabet, length a multiple of four, one or two "=" only at the end. */
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What the strict rule gives: Node's decoder on text the rule accepted, else the error. */
function reference(text: string): string {
  if (!STRICT.test(text)) return 'CryptoError: not valid base64';
  return Buffer.from(text, 'base64').toString('hex');
}

function ours(text: string): string {
  try {
    return Buffer.from(fromBase64(text)).toString('hex');
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('fromBase64', () => {
  it('decodes every length of valid text, as toBase64 wrote it', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = randomBytes(n);
      expect(Buffer.from(fromBase64(toBase64(bytes))).equals(bytes)).toBe(true);
    }
  });

  it('accepts exactly what the strict rule accepts, one character changed anywhere', () => {
    const swaps = ['=', '-', '_', ' ', '\n', '\u00e9', '\u0100', '\u20ac', 'A', '/', '+', '\u0000'];
    for (let n = 1; n < 14; n++) {
      const text = toBase64(randomBytes(n));
      for (let at = 0; at < text.length; at++) {
        for (const swap of swaps) {
          const changed = text.slice(0, at) + swap + text.slice(at + 1);
          expect(ours(changed), JSON.stringify(changed)).toBe(reference(changed));
        }
      }
      for (const extra of ['=', 'A', '==', 'AA', 'AAAA', '====']) {
        expect(ours(text + extra)).toBe(reference(text + extra));
      }
    }
  });

  it('keeps the trailing bits a non-canonical ending carries out (as before)', () => {
    expect(Array.from(fromBase64('AB=='))).toEqual([0]);
    expect(Array.from(fromBase64('AAB='))).toEqual([0, 0]);
  });
});

describe('utf8Encode', () => {
  it('gives TextEncoder\u2019s bytes for ASCII, other text, lone surrogates and long text', () => {
    const encoder = new TextEncoder();
    const texts = [
      '',
      'keyhold/v1/item/0b7a6c1e-3f2d-4a5b-9c8d-7e6f5a4b3c2d/12',
      'caf\u00e9',
      '\u20ac',
      '\ud83d\udd11',
      '\ud83d',
      'x\udc00y',
      `${'a'.repeat(127)}\u00e9`,
      'a'.repeat(5000),
      '\u007f\u0000',
    ];
    for (const text of texts) expect(Array.from(utf8Encode(text))).toEqual(Array.from(encoder.encode(text)));
  });
});

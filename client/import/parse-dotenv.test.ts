import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError, parseImport } from './index.ts';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/import', name), 'utf8');

const failure = async (text: string) => {
  try {
    await parseImport('dotenv', text);
    return 'parsed';
  } catch (error) {
    return error instanceof ImportFormatError ? error.message : String(error);
  }
};

describe('.env files', () => {
  it('reads export prefixes, comments, both quotes, escapes and multi-line values as api_key secrets', async () => {
    const { records } = await parseImport('dotenv', fixture('sample.env'));
    expect(Object.fromEntries(records.map((r) => [r.name, r.payload.value]))).toEqual({
      DATABASE_URL: 'postgres://app:secret@db:5432/app',
      API_TOKEN: 'tok_"quoted"\nnext line',
      SINGLE: 'literal \\n stays $HOME',
      EMPTY: '',
      INLINE: 'value',
      HASH_IN_VALUE: 'abc#def',
      PRIVATE_KEY: '-----BEGIN KEY-----\nline two\n-----END KEY-----',
      SPACED: 'spaced value',
    });
    expect(records.every((r) => r.type === 'api_key' && r.path === '/')).toBe(true);
    expect(records.find((r) => r.name === 'SPACED')?.source).toBe('line 12');
  });

  it('puts the variables in the folder the caller names', async () => {
    const { records } = await parseImport('dotenv', 'A=1\nB=2\n', { folder: '/services/api' });
    expect(records.map((r) => `${r.path}/${r.name}`)).toEqual(['/services/api/A', '/services/api/B']);
  });

  it('takes the last value of a name given twice, as dotenv does', async () => {
    const { records } = await parseImport('dotenv', 'A=1\nB=2\nA=3\n');
    expect(records.map((r) => `${r.name}=${r.payload.value}`)).toEqual(['A=3', 'B=2']);
  });

  it('refuses a bad line, naming it', async () => {
    expect(await failure('A=1\n# ok\nnot a variable\n')).toBe(
      "line 3: expected NAME=value (no '=' on this line)",
    );
    expect(await failure('A=1\n1BAD=x\n')).toBe(
      "line 2: '1BAD' is not a variable name (letters, digits, _ . -)",
    );
    expect(await failure('A=1\nB="never closed\nC=3\n')).toBe(
      'line 2: the double-quoted value is never closed',
    );
    expect(await failure("A='x' trailing\n")).toBe('line 1: unexpected text after the closing quote of A');
    expect(await failure('A="multi\nline"\nB\n')).toBe("line 3: expected NAME=value (no '=' on this line)");
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './index.ts';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/import', name), 'utf8');

describe('detectFormat', () => {
  it('recognises each tool by its content, whatever the file is called', () => {
    expect(detectFormat('export.dat', fixture('keepassxc-2.7.4.xml'))).toBe('keepass-xml');
    expect(detectFormat('export.dat', fixture('keepassxc-2.7.4.csv'))).toBe('keepassxc-csv');
    expect(detectFormat('export.dat', fixture('bitwarden-unencrypted.json'))).toBe('bitwarden-json');
    expect(detectFormat('export.dat', fixture('bitwarden-encrypted.json'))).toBe('bitwarden-json');
    expect(detectFormat('export.dat', fixture('1password8.csv'))).toBe('1password-csv');
    expect(detectFormat('export.dat', fixture('1password-legacy.csv'))).toBe('1password-csv');
    expect(detectFormat('settings', fixture('sample.env'))).toBe('dotenv');
    expect(detectFormat('x', `\uFEFF${fixture('keepassxc-2.7.4.csv')}`)).toBe('keepassxc-csv');
    expect(detectFormat('x', '{"format": "keyhold-json", "version": 1, "records": []}')).toBe('keyhold-json');
    expect(detectFormat('x', '{"format":"keyhold-archive","version":1}')).toBe('keyhold-archive');
  });

  it('uses the name for .env files and says null for anything else', () => {
    expect(detectFormat('/home/me/app/.env.local', 'weird line without equals\n')).toBe('dotenv');
    expect(detectFormat('notes.txt', 'just some text\nwith lines\n')).toBeNull();
    expect(detectFormat('page.html', '<html><body/></html>')).toBeNull();
    expect(detectFormat('data.json', '{"something": "else"}')).toBeNull();
    expect(detectFormat('empty', '')).toBeNull();
  });
});

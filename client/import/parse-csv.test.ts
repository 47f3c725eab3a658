import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImportFormat, ImportFormatError, parseImport } from './index.ts';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/import', name), 'utf8');

const failure = async (format: ImportFormat, text: string) => {
  try {
    await parseImport(format, text);
    return 'parsed';
  } catch (error) {
    return error instanceof ImportFormatError ? error.message : String(error);
  }
};

const KPX_HEADER =
  '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"';
const kpxRow = (...cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');

describe('KeePassXC CSV export (written by keepassxc-cli 2.7.4)', () => {
  it('gives every entry, its folder without the top group, and TOTP as a hidden field', async () => {
    const { records } = await parseImport('keepassxc-csv', fixture('keepassxc-2.7.4.csv'));
    expect(records.map((r) => `${r.path} | ${r.name} | ${r.source}`)).toEqual([
      '/ | Home Wi-Fi | line 2',
      '/Work | AWS root | line 4',
      '/Work | Office door code | line 5',
      '/Work/Servers | Postgres <primary> | line 6',
      '/Work/Servers | Deploy key (SSH) | line 7',
    ]);
    expect(records[0]?.payload).toEqual({
      value: '  correct horse battery staple  ',
      notes: 'Router: TP-Link\nAdmin page: http://192.168.0.1/',
      fields: [],
    });
    expect(records[1]).toMatchObject({
      type: 'login',
      payload: {
        value: 'aws-root-pw',
        fields: [
          { name: 'username', value: 'root@acme.example', hidden: false },
          { name: 'url', value: 'https://console.aws.amazon.com/', hidden: false },
          {
            name: 'totp',
            value: expect.stringMatching(/^otpauth:\/\/totp\/.*secret=JBSWY3DPEHPK3PXP/),
            hidden: true,
          },
        ],
      },
    });
    expect(records[2]).toMatchObject({ type: 'note', payload: { value: '', notes: '4711, then #' } });
    expect(records[3]?.payload.value).toBe('p@ss"w&rd<1>');
    expect(JSON.stringify(records)).not.toContain('Old VPN');
  });

  it('refuses a broken file, naming the line', async () => {
    const unterminated = [
      KPX_HEADER,
      kpxRow('Root', 'ok', '', '', '', '', '', '0', '', ''),
      '"Root","bad,"x",',
    ].join('\n');
    expect(await failure('keepassxc-csv', unterminated)).toMatch(/^line 3: /);
    const short = [KPX_HEADER, kpxRow('Root', 'a', 'u', 'p', '', '', '', '0', '', ''), '"Root","b","u"'].join(
      '\n',
    );
    expect(await failure('keepassxc-csv', short)).toBe(
      'line 3: 3 columns where the header has 10 (a quote may be missing)',
    );
    expect(await failure('keepassxc-csv', '"Title","Password"\n"a","b"')).toBe(
      "line 1: not a KeePassXC CSV header: no column 'group', 'username', 'url', 'notes'",
    );
    const longName = [KPX_HEADER, kpxRow('Root/A', 'x'.repeat(201), '', 'p', '', '', '', '0', '', '')].join(
      '\n',
    );
    expect(await failure('keepassxc-csv', longName)).toBe(
      'line 2: name Too big: expected string to have <=200 characters',
    );
  });
});

describe('1Password CSV export', () => {
  it('reads 1Password 8 columns: tags, one-time codes, multi-line notes and archived items', async () => {
    const { records } = await parseImport('1password-csv', fixture('1password8.csv'));
    expect(records.map((r) => `${r.name} | ${r.source}`)).toEqual([
      'Google | line 2',
      'Bank, checking | line 3',
      'Old forum | line 5',
      'Locker combination | line 6',
    ]);
    expect(records[0]).toMatchObject({
      path: '/',
      type: 'login',
      tags: ['personal'],
      payload: {
        value: 'g00gle-Pw!',
        fields: [
          { name: 'username', value: 'jane@gmail.com', hidden: false },
          { name: 'url', value: 'https://accounts.google.com', hidden: false },
          { name: 'totp', value: expect.stringContaining('secret=JBSWY3DPEHPK3PXP'), hidden: true },
        ],
      },
    });
    expect(records[1]).toMatchObject({
      tags: ['finance', 'important'],
      payload: { value: 'pa"ss,word', notes: 'Branch 42\r\nCall before 5 pm' },
    });
    expect(records[2]?.tags).toEqual(['archived']);
    expect(records[3]).toMatchObject({ type: 'note', payload: { value: '', notes: '12-34-56', fields: [] } });
  });

  it('reads the older title,website,username,password,notes export and any header case', async () => {
    const { records } = await parseImport('1password-csv', fixture('1password-legacy.csv'));
    expect(records.map((r) => [r.name, r.payload.value, r.payload.fields.map((f) => f.value)])).toEqual([
      ['Netflix', 'n3tfl1x', ['family@example.com', 'https://netflix.com']],
      ['Router', 'router-admin', ['admin', 'http://192.168.1.1']],
    ]);
    expect(records[0]?.payload.notes).toBe('shared with family');
    const upper = await parseImport(
      '1password-csv',
      'TITLE,URL,USERNAME,PASSWORD\nMail,https://mail.example,me,pw\n',
    );
    expect(upper.records[0]).toMatchObject({ name: 'Mail', payload: { value: 'pw' } });
  });

  it('refuses a header without the needed columns and rows of the wrong width', async () => {
    expect(await failure('1password-csv', 'name,secret\na,b\n')).toBe(
      "line 1: not a 1Password CSV header: no column 'title', 'url', 'username', 'password'",
    );
    expect(
      await failure('1password-csv', 'title,website,username,password,notes\na,b,c,d,e\n"multi\nline",b,c\n'),
    ).toBe('line 3: 3 columns where the header has 5 (a quote may be missing)');
  });
});

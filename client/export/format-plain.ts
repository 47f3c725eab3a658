// Unencrypted exports: Keyhold JSON (read back exactly), CSV for spreadsheets, and .env lines; plus the secret-name → variable-name rule.
import Papa from 'papaparse';
import type { ImportRecord } from '../import/import-types.ts';
import { toKeyholdRecord } from '../import/keyhold-records.ts';

/** An export that cannot be written as asked; `code` is stable for callers and tests. */
export class ExportError extends Error {
  readonly code: 'bad_env_name' | 'duplicate_env_name';
  constructor(code: 'bad_env_name' | 'duplicate_env_name', message: string) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
  }
}

/** Format 'keyhold-json': every record with its value, notes and fields, exactly as parseImport reads it back. */
export function toPlainJson(records: ImportRecord[]): string {
  return `${JSON.stringify({ format: 'keyhold-json', version: 1, records: records.map(toKeyholdRecord) }, null, 2)}\n`;
}

export const plainCsvColumns = [
  'path',
  'name',
  'type',
  'tags',
  'value',
  'username',
  'url',
  'notes',
  'fields',
] as const;

/**
 * Cells prefixed with ' on export. papaparse's own pattern (/^[=+\-@\t\r].*$/) misses a cell whose first
 * line starts a formula but which has more lines, and leaves a leading ' alone, so the import could not tell
 * a prefix from a value's own '. Here any such first character counts, and a leading ' is doubled: the
 * import (parse-keyhold-csv.ts) takes exactly one ' off a cell that starts with ' and one of these.
 */
export const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One row per secret; `username` and `url` get their own columns, every other field goes into `fields`
 * as JSON ({name, value, hidden}), tags as a JSON array. Cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) are prefixed with ' (FORMULA_START): a shared secret's name must
 * not become a formula in the reader's spreadsheet. keyhold-csv import reads the file back exactly.
 */
export function toPlainCsv(records: ImportRecord[]): string {
  const rows = records.map((r) => {
    const fields = [...r.payload.fields];
    const take = (name: string) => {
      const at = fields.findIndex((f) => f.name === name && !f.hidden);
      return at === -1 ? '' : (fields.splice(at, 1)[0]?.value ?? '');
    };
    const username = take('username');
    const url = take('url');
    return [
      r.path,
      r.name,
      r.type,
      JSON.stringify(r.tags),
      r.payload.value,
      username,
      url,
      r.payload.notes,
      JSON.stringify(fields.map((f) => ({ name: f.name, value: f.value, hidden: f.hidden }))),
    ];
  });
  return `${Papa.unparse({ fields: [...plainCsvColumns], data: rows }, { escapeFormulae: FORMULA_START, quotes: true })}\r\n`;
}

/**
 * How a secret name becomes an environment variable name: upper-cased, every character other than
 * A–Z and 0–9 becomes '_', runs of '_' collapse to one, '_' is trimmed from both ends, and a name
 * starting with a digit gets a leading '_'. "db-password" → DB_PASSWORD, "2fa code" → _2FA_CODE.
 * A name with nothing left (e.g. "---") is refused.
 */
export function envName(secretName: string): string {
  const name = secretName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') {
    throw new ExportError(
      'bad_env_name',
      `the secret name '${secretName}' gives no environment variable name`,
    );
  }
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

const escapeDouble = (value: string): string =>
  value.replace(/[\\"\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));

/** NAME="value" lines, double-quoted and escaped, that parseImport('dotenv') reads back to the same values. */
export function toDotenv(records: ImportRecord[]): string {
  const seen = new Map<string, string>();
  const lines = records.map((r) => {
    const name = envName(r.name);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new ExportError(
        'duplicate_env_name',
        `'${earlier}' and '${r.name}' would both be ${name}: rename one or export them separately`,
      );
    }
    seen.set(name, r.name);
    return `${name}="${escapeDouble(r.payload.value)}"`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

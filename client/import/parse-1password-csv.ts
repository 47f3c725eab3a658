// 1Password CSV export → records: 1Password 8's columns (Title, Url, Username, Password, OTPAuth, Favorite, Archived, Tags, Notes) or the older five.
import { cell, headerIndex, readCsv } from './csv-rows.ts';
import { ImportFormatError, type ImportRecord, type OnProgress } from './import-types.ts';
import { checkWidth } from './parse-keepassxc-csv.ts';
import { fieldIf, normaliseRecord, splitTags } from './record-schema.ts';

const columns = {
  title: ['title'],
  url: ['url', 'website'],
  username: ['username'],
  password: ['password'],
  otp: ['otpauth'],
  archived: ['archived'],
  tags: ['tags'],
  notes: ['notes'],
} as const;

export const onePasswordRequired = ['title', 'url', 'username', 'password'] as const;

export function parse1PasswordCsv(text: string, onProgress?: OnProgress): ImportRecord[] {
  const [header, ...rows] = readCsv(text);
  if (!header) throw new ImportFormatError('line 1', 'the file is empty');
  const at = headerIndex(header, columns, onePasswordRequired, '1Password CSV');
  const records: ImportRecord[] = [];
  for (const row of rows) {
    checkWidth(row, header.cells.length);
    const username = cell(row, at('username'));
    const url = cell(row, at('url'));
    const password = cell(row, at('password'));
    const archived = cell(row, at('archived')).trim().toLowerCase() === 'true';
    records.push(
      normaliseRecord(
        {
          segments: [],
          name: cell(row, at('title')),
          type: username !== '' || url !== '' || password !== '' ? 'login' : 'note',
          // Kept, not dropped: an archived item may still be the only copy of a credential.
          tags: [...splitTags(cell(row, at('tags'))), ...(archived ? ['archived'] : [])],
          payload: {
            value: password,
            notes: cell(row, at('notes')),
            fields: [
              ...fieldIf('username', username, false),
              ...fieldIf('url', url, false),
              ...fieldIf('totp', cell(row, at('otp')), true),
            ],
          },
        },
        `line ${row.line}`,
      ),
    );
  }
  onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
  return records;
}

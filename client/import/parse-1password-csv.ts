// 1Password CSV export → records: 1Password 8's columns (Title, Url, Username, Password, OTPAuth, Favorite, Archived, Tags, Notes) or the older five.
import { cell, headerIndex, readCsv } from './csv-rows.ts';
import { ImportFormatError, type ImportRecord, type OnProgress } from './import-types.ts';
import { checkWidth } from './parse-keepassxc-csv.ts';
import { loginRecord, splitTags } from './record-schema.ts';

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
    const archived = cell(row, at('archived')).trim().toLowerCase() === 'true';
    records.push(
      loginRecord(
        {
          segments: [],
          title: cell(row, at('title')),
          username: cell(row, at('username')),
          password: cell(row, at('password')),
          url: cell(row, at('url')),
          totp: cell(row, at('otp')),
          notes: cell(row, at('notes')),
          // Kept, not dropped: an archived item may still be the only copy of a credential.
          tags: [...splitTags(cell(row, at('tags'))), ...(archived ? ['archived'] : [])],
        },
        `line ${row.line}`,
      ),
    );
  }
  onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
  return records;
}

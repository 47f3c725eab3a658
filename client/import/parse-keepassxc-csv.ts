// KeePassXC CSV export → records: "Root/A/B" groups become "/A/B", TOTP a hidden field; the Recycle Bin is left out.
import { type CsvRow, cell, headerIndex, readCsv } from './csv-rows.ts';
import { ImportFormatError, type ImportRecord, type OnProgress } from './import-types.ts';
import { loginRecord } from './record-schema.ts';

const columns = {
  group: ['group'],
  title: ['title'],
  username: ['username'],
  password: ['password'],
  url: ['url'],
  notes: ['notes'],
  totp: ['totp'],
} as const;

/** The header `keepassxc-cli export -f csv` writes (2.7): Group, Title, Username, Password, URL, Notes, TOTP, Icon, Last Modified, Created. */
export const keepassxcCsvRequired = ['group', 'title', 'username', 'password', 'url', 'notes'] as const;

export function checkWidth(row: CsvRow, width: number): void {
  if (row.cells.length !== width) {
    throw new ImportFormatError(
      `line ${row.line}`,
      `${row.cells.length} columns where the header has ${width} (a quote may be missing)`,
    );
  }
}

export function parseKeepassxcCsv(text: string, onProgress?: OnProgress): ImportRecord[] {
  const [header, ...rows] = readCsv(text);
  if (!header) throw new ImportFormatError('line 1', 'the file is empty');
  const at = headerIndex(header, columns, keepassxcCsvRequired, 'KeePassXC CSV');
  const records: ImportRecord[] = [];
  for (const row of rows) {
    checkWidth(row, header.cells.length);
    // The first segment is the database's top group: the vault root.
    const segments = cell(row, at('group')).split('/').slice(1);
    // KeePassXC's CSV has no marker for its recycle bin; the XML export leaves it out, so this does too.
    if (segments.length > 0 && segments[0] === 'Recycle Bin') continue;
    records.push(
      loginRecord(
        {
          segments,
          title: cell(row, at('title')),
          username: cell(row, at('username')),
          password: cell(row, at('password')),
          url: cell(row, at('url')),
          totp: cell(row, at('totp')),
          notes: cell(row, at('notes')),
          tags: [],
        },
        `line ${row.line}`,
      ),
    );
  }
  onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
  return records;
}

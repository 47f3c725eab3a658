// CSV rows with the line each starts on (papaparse), and a header read by column name, case-insensitively.
import Papa from 'papaparse';
import { ImportFormatError } from './import-types.ts';
import { stripBom } from './text-position.ts';

export interface CsvRow {
  cells: string[];
  /** 1-based line the row starts on: a quoted value may span several lines. */
  line: number;
}

export function readCsv(input: string): CsvRow[] {
  const text = stripBom(input);
  const rows: CsvRow[] = [];
  let line = 1;
  let cursor = 0;
  let failure: ImportFormatError | null = null;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    step: (result, parser) => {
      const start = line;
      const end = result.meta.cursor;
      for (let at = text.indexOf('\n', cursor); at !== -1 && at < end; at = text.indexOf('\n', at + 1))
        line++;
      cursor = end;
      const error = result.errors[0];
      if (error) {
        failure = new ImportFormatError(`line ${start}`, `not valid CSV: ${error.message.toLowerCase()}`);
        parser.abort();
        return;
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0] === '') return;
      rows.push({ cells, line: start });
    },
  });
  if (failure) throw failure;
  return rows;
}

/** Column positions by name (`at('title')`, -1 when absent); `required` columns missing → refused, naming them. */
export function headerIndex<C extends Record<string, readonly string[]>>(
  header: CsvRow,
  columns: C,
  required: readonly (keyof C & string)[],
  what: string,
): (key: keyof C & string) => number {
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const index = new Map(
    Object.entries(columns).map(([key, aliases]) => [key, names.findIndex((n) => aliases.includes(n))]),
  );
  const at = (key: keyof C & string): number => index.get(key) ?? -1;
  const missing = required.filter((key) => at(key) === -1);
  if (missing.length) {
    throw new ImportFormatError(
      `line ${header.line}`,
      `not a ${what} header: no column ${missing.map((k) => `'${columns[k]?.[0] ?? k}'`).join(', ')}`,
    );
  }
  return at;
}

export const cell = (row: CsvRow, index: number): string => (index === -1 ? '' : (row.cells[index] ?? ''));

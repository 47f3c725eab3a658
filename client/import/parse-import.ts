// One entry point for every format: text (and, for archives, a password) in, checked records out.
import { ArchivePasswordError, openArchive, openArchiveText } from '../export/format-archive.ts';
import type { ImportFormat, OnProgress, ParsedImport } from './import-types.ts';
import { parseKeyholdJson } from './keyhold-records.ts';
import { parse1PasswordCsv } from './parse-1password-csv.ts';
import { parseBitwardenJson } from './parse-bitwarden-json.ts';
import { parseDotenv } from './parse-dotenv.ts';
import { parseKeepassXml } from './parse-keepass-xml.ts';
import { parseKeepassxcCsv } from './parse-keepassxc-csv.ts';
import { parseKeyholdCsv } from './parse-keyhold-csv.ts';
import { pathFromSegments } from './record-schema.ts';
import { stripBom } from './text-position.ts';

export interface ParseOptions {
  /** Only for 'keyhold-archive'. */
  password?: string;
  onProgress?: OnProgress;
  /** Only for 'dotenv' (whose variables carry no folder): where they go; '/' when not given. */
  folder?: string;
}

export async function parseImport(
  format: ImportFormat,
  input: string,
  options: ParseOptions = {},
): Promise<ParsedImport> {
  const text = stripBom(input);
  const { onProgress } = options;
  const warnings: string[] = [];
  const records = await (async () => {
    switch (format) {
      case 'keepass-xml': {
        const parsed = await parseKeepassXml(text, onProgress);
        warnings.push(...parsed.warnings);
        return parsed.records;
      }
      case 'keepassxc-csv':
        return parseKeepassxcCsv(text, onProgress);
      case 'bitwarden-json':
        return parseBitwardenJson(text, onProgress);
      case '1password-csv':
        return parse1PasswordCsv(text, onProgress);
      case 'dotenv':
        return parseDotenv(text, pathFromSegments([options.folder ?? '/'], 'folder'), onProgress);
      case 'keyhold-csv':
        return parseKeyholdCsv(text, onProgress);
      case 'keyhold-json': {
        const records = parseKeyholdJson(text);
        onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
        return records;
      }
      case 'keyhold-archive': {
        if (options.password === undefined || options.password === '') {
          // The envelope is checked first, so a file that is no archive at all says so instead of asking for a password.
          await openArchive(text, '').catch((error: unknown) => {
            if (!(error instanceof ArchivePasswordError)) throw error;
          });
          throw new ArchivePasswordError('missing_password');
        }
        onProgress?.({ done: 0, total: 1, phase: 'decrypting' });
        const opened = await openArchiveText(text, options.password);
        opened.close();
        // Files come along only through readArchive over the file's lines (the window's and the CLI's import).
        if (opened.files.length > 0) {
          warnings.push(`the archive holds ${opened.files.length} files, which this import leaves out`);
        }
        onProgress?.({ done: 1, total: 1, phase: 'decrypting' });
        return opened.records;
      }
    }
  })();
  return { format, records, warnings };
}

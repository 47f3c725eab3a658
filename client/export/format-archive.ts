// Keyhold's password-protected export: records (and, in version 2, the items' files) sealed with
// XChaCha20-Poly1305 under an Argon2id key. Archives are written as version 2; version 1 is still read.
import type { KdfParamsInput } from '../../contract/common.ts';
import type { ImportRecord } from '../import/import-types.ts';
import { ArchivePasswordError } from './archive-keys.ts';
import { linesOfText } from './archive-lines.ts';
import { type OpenedArchive, readArchive, writeArchive } from './archive-stream.ts';

export type { ArchivedFile, ArchiveFileSource, OpenedArchive } from './archive-stream.ts';
export { ARCHIVE_CHUNK_BYTES, readArchive, writeArchive } from './archive-stream.ts';
export { ArchivePasswordError };

/** An archive of records only, as one text (what a caller with no files to carry writes). */
export async function sealArchive(
  records: ImportRecord[],
  password: string,
  kdf?: KdfParamsInput,
): Promise<string> {
  const lines: string[] = [];
  await writeArchive(
    records,
    [],
    password,
    (line) => {
      lines.push(line);
    },
    kdf === undefined ? {} : { kdf },
  );
  return lines.join('');
}

/** An archive held whole as text, opened: its records and the list of its files (their bytes unread). */
export async function openArchiveText(text: string, password: string): Promise<OpenedArchive> {
  return readArchive(linesOfText(text), password);
}

/** The records of an archive held whole as text; its files, if any, are not read. */
export async function openArchive(text: string, password: string): Promise<ImportRecord[]> {
  const opened = await openArchiveText(text, password);
  opened.close();
  return opened.records;
}

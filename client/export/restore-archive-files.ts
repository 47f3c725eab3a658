// After an archive's records are imported, puts each file of the archive back on the item its record became,
// one file at a time, streamed from the archive into the upload, so memory stays a few chunks per file.

import type { OnProgress } from '../import/import-types.ts';
import type { ImportPlanRow } from '../import/importer.ts';
import { KeyholdError } from '../keyhold-client.ts';
import type { VaultSession } from '../vault-session.ts';
import type { OpenedArchive } from './archive-stream.ts';

export interface RestoredFiles {
  /** Files uploaded onto their items. */
  attached: number;
  /** Files whose record was skipped (a duplicate kept as it was), or that the item already holds. */
  skipped: number;
  /** Files the server refused (a limit, a permission): the record's place in the file and the reason. */
  failed: { where: string; code: string; message: string }[];
}

/**
 * `rows` are the plan's rows in the archive's record order; `secretIds` what runImport filled in. A replaced
 * item that already holds a file of the same name and size keeps it, so importing an archive twice over
 * replace does not double its files. A refusal of one file is noted and the next file goes on; an archive
 * that turns out damaged stops the whole step (the records are imported already).
 */
export async function restoreArchiveFiles(
  session: VaultSession,
  archive: OpenedArchive,
  rows: readonly ImportPlanRow[],
  secretIds: ReadonlyMap<ImportPlanRow, string>,
  onProgress?: OnProgress,
): Promise<RestoredFiles> {
  const outcome: RestoredFiles = { attached: 0, skipped: 0, failed: [] };
  const target = (record: number) => {
    const row = rows[record];
    const id = row ? secretIds.get(row) : undefined;
    return row && id ? { row, id } : null;
  };
  const total = archive.files.reduce((n, f) => n + (target(f.record) ? f.size : 0), 0);
  let done = 0;
  if (archive.files.length > 0) onProgress?.({ phase: 'files', done, total });
  const held = new Map<string, { name: string; size: number }[]>();
  for await (const { file, bytes } of archive.contents()) {
    const to = target(file.record);
    if (!to) {
      outcome.skipped++;
      continue;
    }
    const { row, id } = to;
    if (row.action === 'replace') {
      const existing = held.get(id) ?? (await session.attachments.list(id));
      held.set(id, existing);
      if (existing.some((f) => f.name === file.name && f.size === file.size)) {
        outcome.skipped++;
        done += file.size;
        onProgress?.({ phase: 'files', done, total });
        continue;
      }
    }
    const before = done;
    try {
      await session.attachments.upload(
        id,
        { name: file.name, size: file.size, type: file.type, bytes },
        (d) => onProgress?.({ phase: 'files', done: before + d, total }),
      );
      outcome.attached++;
    } catch (error) {
      if (!(error instanceof KeyholdError)) throw error;
      outcome.failed.push({ where: row.record.source, code: error.code, message: error.message });
    }
    done = before + file.size;
    onProgress?.({ phase: 'files', done, total });
  }
  return outcome;
}

// Finds the files on the items an archive exports, for writing them after the records: each one listed with
// its name, type and size, and downloaded (checked chunk by chunk) only when the archive reaches it.
import type { ImportRecord, OnProgress } from '../import/import-types.ts';
import type { VaultSession } from '../vault-session.ts';
import type { ArchiveFileSource } from './archive-stream.ts';

/** Items asked about at once: the listing is one small request per item, so latency, not work, bounds it. */
const IN_FLIGHT = 4;

/**
 * The files of `ids` (each record's secret id, in the records' order), in that order. `fileCounts` (as the
 * batch reads reported them, beside `ids`) says which items have files: only those are listed, and their
 * content key fetched to open the names, so a vault of 100,000 items with a few files costs a few requests.
 */
export async function collectFiles(
  session: VaultSession,
  records: readonly ImportRecord[],
  ids: readonly string[],
  fileCounts: readonly number[],
  onProgress?: OnProgress,
): Promise<ArchiveFileSource[]> {
  if (ids.length !== records.length || fileCounts.length !== records.length) {
    throw new RangeError('one secret id and one file count per record are needed');
  }
  const perRecord: ArchiveFileSource[][] = ids.map(() => []);
  let next = 0;
  let checked = 0;
  const worker = async () => {
    for (let record = next++; record < ids.length; record = next++) {
      const id = ids[record] as string;
      if ((fileCounts[record] ?? 0) > 0) {
        const opened = await session.attachments.list(id);
        perRecord[record] = opened
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((file) => ({
            record,
            name: file.name,
            type: file.type,
            size: file.size,
            open: () => session.attachments.download(id, file.attachmentId),
          }));
      }
      checked++;
      onProgress?.({ phase: 'reading', done: checked, total: ids.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ids.length) }, worker));
  return perRecord.flat();
}

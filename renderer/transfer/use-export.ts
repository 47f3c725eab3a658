// The export's steps: decrypt the vault here, write the chosen file, hand it to the download.
import { useCallback, useEffect, useRef, useState } from 'react';
import { collectFiles } from '../../client/export/collect-files.ts';
import { collectVault } from '../../client/export/collect-vault.ts';
import { writeArchive } from '../../client/export/format-archive.ts';
import { toPlainCsv, toPlainJson } from '../../client/export/format-plain.ts';
import type { OnProgress, Progress } from '../../client/import/import-types.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { useVault } from '../app/session-context.tsx';
import { type ExportKind, exportFileName } from './export-file-name.ts';
import { offerDownload } from './save-file.ts';
import { useProgress } from './use-progress.ts';

export interface ExportRequest {
  kind: ExportKind;
  /** The archive's password; ignored for the plain kinds. */
  password: string;
  /** Already checked: '/' for the whole vault. */
  folder: string;
}

export type ExportStage =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; fileName: string; href: string; count: number; files: number; plain: boolean }
  | { kind: 'failed'; error: unknown };

const mediaTypes = {
  archive: 'application/octet-stream',
  json: 'application/json',
  csv: 'text/csv',
} satisfies Record<ExportKind, string>;

/** Lines gathered into a blob every few MiB, so the page holds one batch of text, not the whole archive. */
const BLOB_BATCH = 8 * 1024 * 1024;

/**
 * The archive: records with their versions, then each item's files, downloaded and sealed a chunk at a time
 * into a Blob that grows by batches (the browser keeps a blob's bytes outside the page's heap, on disk
 * when it is large), so a large file is never whole in the page's memory.
 */
async function archiveBlob(
  vault: VaultSession,
  folder: string,
  password: string,
  onProgress: OnProgress,
  current: () => boolean,
): Promise<{ blob: Blob; count: number; files: number } | null> {
  const ids: string[] = [];
  const fileCounts: number[] = [];
  const options = { onProgress, history: true, ids, fileCounts, ...(folder !== '/' && { folder }) };
  const records = await collectVault(vault, options);
  if (!current()) return null;
  const files = await collectFiles(vault, records, ids, fileCounts, onProgress);
  if (!current()) return null;
  // Sealing derives a key from the password (Argon2id): slow on purpose, so say so.
  onProgress({ phase: 'encrypting', done: 0, total: 0 });
  let blob = new Blob([]);
  let batch: string[] = [];
  let batched = 0;
  await writeArchive(
    records,
    files,
    password,
    (line) => {
      // A closed dialog stops the export at the next line instead of reading every file to the end.
      if (!current()) throw new Error('export abandoned');
      batch.push(line);
      batched += line.length;
      if (batched >= BLOB_BATCH) {
        blob = new Blob([blob, ...batch]);
        batch = [];
        batched = 0;
      }
    },
    { onProgress },
  );
  return {
    blob: new Blob([blob, ...batch], { type: mediaTypes.archive }),
    count: records.length,
    files: files.length,
  };
}

async function plainBlob(vault: VaultSession, kind: 'json' | 'csv', folder: string, onProgress: OnProgress) {
  const records = await collectVault(vault, folder === '/' ? { onProgress } : { folder, onProgress });
  const text = kind === 'json' ? toPlainJson(records) : toPlainCsv(records);
  return { blob: new Blob([text], { type: mediaTypes[kind] }), count: records.length, files: 0 };
}

export function useExport() {
  const vault = useVault();
  const { progress, report, reset } = useProgress();
  const [stage, setStage] = useState<ExportStage>({ kind: 'idle' });
  const generation = useRef(0);
  // The file's contents live in a blob until the dialog closes: long enough to save it again if the
  // first Save was dismissed, and no longer, since a plain export is every secret in clear text.
  const href = useRef<string | null>(null);
  const dropFile = useCallback(() => {
    if (href.current) URL.revokeObjectURL(href.current);
    href.current = null;
  }, []);
  useEffect(() => dropFile, [dropFile]);

  const run = useCallback(
    async (request: ExportRequest) => {
      const mine = ++generation.current;
      const current = () => generation.current === mine;
      reset();
      dropFile();
      setStage({ kind: 'working' });
      const onProgress = (p: Progress) => {
        if (current()) report(p);
      };
      try {
        // An archive is the whole vault, older versions and files included; plain files carry current values.
        const made =
          request.kind === 'archive'
            ? await archiveBlob(vault, request.folder, request.password, onProgress, current)
            : await plainBlob(vault, request.kind, request.folder, onProgress);
        if (!made || !current()) return;
        const url = URL.createObjectURL(made.blob);
        href.current = url;
        const fileName = exportFileName(request.kind, new Date());
        offerDownload(url, fileName);
        setStage({
          kind: 'done',
          fileName,
          href: url,
          count: made.count,
          files: made.files,
          plain: request.kind !== 'archive',
        });
      } catch (error) {
        if (current()) setStage({ kind: 'failed', error });
      }
    },
    [vault, report, reset, dropFile],
  );

  /** Ignores an export still running (the dialog is closing) and forgets the finished file. */
  const abandon = useCallback(() => {
    generation.current++;
    dropFile();
  }, [dropFile]);

  return { stage, progress, run, abandon };
}

// The import's steps: read the file, preview what would change (nothing written), then write it all or
// nothing. A newer step makes an older one's late answer irrelevant, so Cancel never waits for one.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { blobBytes, textLines } from '../../client/export/archive-lines.ts';
import { type OpenedArchive, readArchive } from '../../client/export/format-archive.ts';
import { type RestoredFiles, restoreArchiveFiles } from '../../client/export/restore-archive-files.ts';
import type {
  DuplicatePolicy,
  ImportFormat,
  ImportRecord,
  Progress,
} from '../../client/import/import-types.ts';
import { type ImportPlan, type ImportPlanRow, planImport, runImport } from '../../client/import/importer.ts';
import { parseImport } from '../../client/import/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';
import { underFolder } from './target-folder.ts';
import { useProgress } from './use-progress.ts';

/** Larger files are refused before they are read: a browser tab holds the whole text in memory. */
export const MAX_IMPORT_MEGABYTES = 64;

export interface ImportSource {
  fileName: string;
  /** The file's text; empty for a Keyhold archive, which is read from `file` a line at a time. */
  text: string;
  file?: Blob;
}

export interface PreviewRequest {
  source: ImportSource;
  format: ImportFormat;
  password: string;
  /** Already checked: '/' or a valid folder path. */
  folder: string;
  policy: DuplicatePolicy;
}

export interface ImportResult {
  created: number;
  replaced: number;
  skipped: number;
  /** Earlier versions written with the new items. */
  versions: number;
  /** An archive's files put back on their items, or `stopped` with why when that step broke off. */
  files?: RestoredFiles | { stopped: string };
}

export type ImportStage =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'preview'; plan: ImportPlan }
  | { kind: 'importing'; plan: ImportPlan }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; during: 'preview' | 'import'; error: unknown };

interface Parsed {
  source: ImportSource;
  format: ImportFormat;
  password: string;
  records: ImportRecord[];
  /** An archive read from its file: its files are read once, by the import. */
  archive: OpenedArchive | null;
}

/** The records of the file, and, for an archive, the archive opened a line at a time from the file. */
async function readSource(request: PreviewRequest, onProgress: (p: Progress) => void) {
  const file = request.source.file;
  if (request.format === 'keyhold-archive' && file) {
    onProgress({ done: 0, total: 1, phase: 'decrypting' });
    const archive = await readArchive(textLines(blobBytes(file)), request.password);
    onProgress({ done: 1, total: 1, phase: 'decrypting' });
    return { records: archive.records, archive };
  }
  const options = request.password === '' ? { onProgress } : { password: request.password, onProgress };
  const result = await parseImport(request.format, request.source.text, options);
  return { records: result.records, archive: null };
}

/** The records are in by now: a damaged archive stops only the files, and the summary says so. */
async function filesBack(
  vault: Parameters<typeof restoreArchiveFiles>[0],
  archive: OpenedArchive,
  rows: readonly ImportPlanRow[],
  secretIds: ReadonlyMap<ImportPlanRow, string>,
  onProgress: (p: Progress) => void,
): Promise<RestoredFiles | { stopped: string }> {
  try {
    return await restoreArchiveFiles(vault, archive, rows, secretIds, onProgress);
  } catch (error) {
    return { stopped: error instanceof Error ? error.message : String(error) };
  }
}

export function useImport() {
  const vault = useVault();
  const queryClient = useQueryClient();
  const { progress, report, reset } = useProgress();
  const [stage, setStage] = useState<ImportStage>({ kind: 'idle' });
  const generation = useRef(0);
  // A change of duplicate choice or folder re-plans without parsing (or decrypting) the file again.
  const parsed = useRef<Parsed | null>(null);

  const begin = useCallback(() => {
    const mine = ++generation.current;
    reset();
    const current = () => generation.current === mine;
    const onProgress = (p: Progress) => {
      if (current()) report(p);
    };
    return { current, onProgress };
  }, [report, reset]);

  const preview = useCallback(
    async (request: PreviewRequest) => {
      const { current, onProgress } = begin();
      setStage({ kind: 'reading' });
      try {
        const cached = parsed.current;
        let records: ImportRecord[];
        if (
          cached &&
          cached.source === request.source &&
          cached.format === request.format &&
          cached.password === request.password
        ) {
          records = cached.records;
        } else {
          const result = await readSource(request, onProgress);
          records = result.records;
          if (!current()) {
            result.archive?.close();
            return;
          }
          parsed.current?.archive?.close();
          parsed.current = { ...request, ...result };
        }
        const plan = await planImport(
          vault,
          underFolder(records, request.folder),
          request.policy,
          onProgress,
        );
        if (current()) setStage({ kind: 'preview', plan });
      } catch (error) {
        if (current()) setStage({ kind: 'failed', during: 'preview', error });
      }
    },
    [begin, vault],
  );

  const commit = useCallback(
    async (plan: ImportPlan) => {
      const { onProgress } = begin();
      setStage({ kind: 'importing', plan });
      // An archive's files can be read once: a later preview opens the file again.
      const archive = parsed.current?.archive ?? null;
      if (archive) parsed.current = null;
      try {
        const secretIds = new Map<ImportPlanRow, string>();
        const imported: ImportResult = await runImport(vault, plan, onProgress, { secretIds });
        const result =
          archive && archive.files.length > 0
            ? { ...imported, files: await filesBack(vault, archive, plan.rows, secretIds, onProgress) }
            : imported;
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
          queryClient.invalidateQueries({ queryKey: queryKeys.folders }),
        ]);
        setStage({ kind: 'done', result });
      } catch (error) {
        setStage({ kind: 'failed', during: 'import', error });
      } finally {
        archive?.close();
      }
    },
    [begin, vault, queryClient],
  );

  /** Drops the preview (its inputs changed, or the dialog closed) and ignores whatever is still running. */
  const abandon = useCallback(() => {
    begin();
    setStage({ kind: 'idle' });
  }, [begin]);

  return { stage, progress, preview, commit, abandon };
}

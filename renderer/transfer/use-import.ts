// The import's steps: read the file, preview what would change (nothing written), then write it all or
// nothing. A newer step makes an older one's late answer irrelevant, so Cancel never waits for one.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type {
  DuplicatePolicy,
  ImportFormat,
  ImportRecord,
  Progress,
} from '../../client/import/import-types.ts';
import { type ImportPlan, planImport, runImport } from '../../client/import/importer.ts';
import { parseImport } from '../../client/import/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';
import { underFolder } from './target-folder.ts';
import { useProgress } from './use-progress.ts';

/** Larger files are refused before they are read: a browser tab holds the whole text in memory. */
export const MAX_IMPORT_MEGABYTES = 64;

export interface ImportSource {
  fileName: string;
  text: string;
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
          const options =
            request.password === '' ? { onProgress } : { password: request.password, onProgress };
          const result = await parseImport(request.format, request.source.text, options);
          records = result.records;
          if (!current()) return;
          parsed.current = { ...request, records };
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
      try {
        const result = await runImport(vault, plan, onProgress);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
          queryClient.invalidateQueries({ queryKey: queryKeys.folders }),
        ]);
        setStage({ kind: 'done', result });
      } catch (error) {
        setStage({ kind: 'failed', during: 'import', error });
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

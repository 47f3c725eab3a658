// The export's steps: decrypt the vault here, write the chosen file, hand it to the download.
import { useCallback, useEffect, useRef, useState } from 'react';
import { collectVault } from '../../client/export/collect-vault.ts';
import { sealArchive } from '../../client/export/format-archive.ts';
import { toPlainCsv, toPlainJson } from '../../client/export/format-plain.ts';
import type { ImportRecord, Progress } from '../../client/import/import-types.ts';
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
  | { kind: 'done'; fileName: string; href: string; count: number; plain: boolean }
  | { kind: 'failed'; error: unknown };

const mediaTypes = {
  archive: 'application/octet-stream',
  json: 'application/json',
  csv: 'text/csv',
} satisfies Record<ExportKind, string>;

async function fileText(kind: ExportKind, records: ImportRecord[], password: string): Promise<string> {
  if (kind === 'archive') return sealArchive(records, password);
  return kind === 'json' ? toPlainJson(records) : toPlainCsv(records);
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
        // An archive is the whole vault, older versions included; plain files carry current values.
        const history = request.kind === 'archive';
        const options =
          request.folder === '/' ? { onProgress, history } : { folder: request.folder, onProgress, history };
        const records = await collectVault(vault, options);
        if (!current()) return;
        // Sealing derives a key from the password (Argon2id): slow on purpose, so say so.
        if (request.kind === 'archive') report({ phase: 'encrypting', done: 0, total: 0 });
        const text = await fileText(request.kind, records, request.password);
        if (!current()) return;
        const url = URL.createObjectURL(new Blob([text], { type: mediaTypes[request.kind] }));
        href.current = url;
        const fileName = exportFileName(request.kind, new Date());
        offerDownload(url, fileName);
        setStage({
          kind: 'done',
          fileName,
          href: url,
          count: records.length,
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

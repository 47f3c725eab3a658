// keyhold import: reads another tool's export (or a Keyhold archive), shows what would change, and after
// a yes encrypts every entry here and applies them all at once, with a progress bar on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { OpenedArchive } from '../../client/export/format-archive.ts';
import type { RestoredFiles } from '../../client/export/restore-archive-files.ts';
import {
  type DuplicatePolicy,
  duplicatePolicies,
  type ImportFormat,
  type ImportRecord,
  importFormats,
} from '../../client/import/import-types.ts';
import type { ImportPlan, ImportPlanRow } from '../../client/import/importer.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { fileHead, fileLines } from '../archive-file.ts';
import { parseFolder } from '../arguments.ts';
import { startBulkWorkers } from '../bulk-workers.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { joinPath, note, printLine, printTable } from '../output.ts';
import { byteProgressBar, progressBar } from '../progress.ts';
import { askSecret, confirm } from '../terminal-input.ts';

/** From this many new entries an import seals on worker threads. */
const PARALLEL_FROM = 2000;

interface ImportOptions {
  format?: string;
  duplicates: string;
  folder?: string;
  yes?: boolean;
}

const PREVIEW_ROWS = 10;

function oneOf<T extends string>(values: readonly T[], value: string, option: string): T {
  const found = values.find((v) => v === value);
  if (!found) throw new UsageError(`${option} "${value}": must be one of ${values.join(', ')}`);
  return found;
}

/** --folder puts everything under one folder: /Work from the file becomes /imported/Work. */
function underFolder(records: ImportRecord[], folder: string): ImportRecord[] {
  if (folder === '/') return records;
  return records.map((r) => ({ ...r, path: r.path === '/' ? folder : `${folder}${r.path}` }));
}

async function importCommand(store: ConfigStore, file: string, options: ImportOptions): Promise<void> {
  // The parsers are loaded only when importing, so every other command starts faster.
  const { detectFormat, parseImport } = await import('../../client/import/index.ts');
  const policy = oneOf(duplicatePolicies, options.duplicates, '--duplicates');
  const folder = options.folder === undefined ? '/' : parseFolder(options.folder, '--folder');
  const cannotRead = (error: unknown) => {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return new UsageError(`FILE ${file}: cannot read it (${code})`);
  };
  // An archive may carry large files: it is told from its head and read a line at a time, never whole.
  const head = await fileHead(file).catch((error: unknown) => {
    throw cannotRead(error);
  });
  const format =
    options.format === undefined
      ? detectFormat(path.basename(file), head)
      : oneOf(importFormats, options.format, '--format');
  if (!format) {
    throw new UsageError(
      `--format: cannot tell what kind of file ${file} is; give one of ${importFormats.join(', ')}`,
    );
  }
  let archive: OpenedArchive | null = null;
  let parsedRecords: ImportRecord[];
  if (format === 'keyhold-archive') {
    const { readArchive } = await import('../../client/export/format-archive.ts');
    archive = await readArchive(fileLines(file), await askSecret('Archive password: '));
    parsedRecords = archive.records;
  } else {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw cannotRead(error);
    }
    parsedRecords = (
      await parseImport(format, text, {
        ...(format === 'dotenv' && { folder }),
      })
    ).records;
  }
  const records = format === 'dotenv' ? parsedRecords : underFolder(parsedRecords, folder);
  try {
    if (records.length === 0) throw new CliError(`${file} holds no entries to import`);
    await applyImport(store, file, format, records, policy, options, archive);
  } finally {
    archive?.close();
  }
}

/** The preview, the question, the import; then an archive's files onto the items its records became. */
async function applyImport(
  store: ConfigStore,
  file: string,
  format: ImportFormat,
  records: ImportRecord[],
  policy: DuplicatePolicy,
  options: ImportOptions,
  archive: OpenedArchive | null,
): Promise<void> {
  const { planImport, runImport } = await import('../../client/import/importer.ts');
  const fileCount = archive?.files.length ?? 0;

  await withSession(store, async ({ session, kind }) => {
    if (kind === 'machine') throw new CliError('a machine identity cannot import into a vault of its own');
    const bar = progressBar();
    let plan: ImportPlan;
    try {
      plan = await planImport(session, records, policy, bar.onProgress);
    } finally {
      bar.stop();
    }
    const { counts } = plan;
    printLine(
      `${file} (${format}): ${records.length} entries${fileCount > 0 ? ` and ${fileCount} files` : ''} — ${counts.create} to create, ${counts.replace} to replace, ` +
        `${counts.skip} to skip (${counts.duplicates} duplicates, policy ${policy}).`,
    );
    printTable(
      ['ACTION', 'SECRET', 'TYPE', 'FROM'],
      plan.rows
        .slice(0, PREVIEW_ROWS)
        .map((row) => [row.action, joinPath(row.record.path, row.name), row.record.type, row.record.source]),
    );
    if (plan.rows.length > PREVIEW_ROWS) printLine(`… and ${plan.rows.length - PREVIEW_ROWS} more.`);
    if (counts.create + counts.replace === 0) {
      note('Nothing to import.');
      return;
    }
    if (!options.yes && !(await confirm('Import these entries? [y/N]', 'pass --yes'))) {
      throw new CliError('nothing was imported');
    }
    const runBar = progressBar();
    // Large imports seal on worker threads (every core); starting them costs more than a small one takes.
    const parallel = counts.create >= PARALLEL_FROM ? session.bulk.inWorkers(startBulkWorkers()) : undefined;
    const secretIds = new Map<ImportPlanRow, string>();
    try {
      const done = await runImport(session, plan, runBar.onProgress, {
        ...(parallel && { parallel }),
        secretIds,
      });
      runBar.stop();
      note(`Imported: ${done.created} created, ${done.replaced} replaced, ${done.skipped} skipped.`);
    } finally {
      parallel?.close();
      runBar.stop();
    }
    if (archive && fileCount > 0) await restoreFiles(session, archive, plan.rows, secretIds);
  });
}

/** The archive's files, streamed from the file onto their items, with a bar of bytes. */
async function restoreFiles(
  session: VaultSession,
  archive: OpenedArchive,
  rows: ImportPlanRow[],
  secretIds: Map<ImportPlanRow, string>,
): Promise<void> {
  const { restoreArchiveFiles } = await import('../../client/export/restore-archive-files.ts');
  const bar = byteProgressBar('Files     ');
  let outcome: RestoredFiles;
  try {
    outcome = await restoreArchiveFiles(session, archive, rows, secretIds, (p) =>
      bar.update(p.done, p.total),
    );
  } catch (error) {
    bar.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the secrets were imported, but their files stopped: ${reason}`);
  }
  bar.stop();
  note(
    `Files: ${outcome.attached} attached, ${outcome.skipped} skipped${outcome.failed.length > 0 ? `, ${outcome.failed.length} refused` : ''}.`,
  );
  for (const failure of outcome.failed) note(`  ${failure.where}: ${failure.code}: ${failure.message}`);
  if (outcome.failed.length > 0) {
    throw new CliError(`${outcome.failed.length} files were not attached; the secrets were imported`);
  }
}

export function registerImport(program: Command, store: ConfigStore): void {
  program
    .command('import')
    .summary('import secrets from another tool or a Keyhold archive')
    .description(
      `Import a file: ${importFormats.join(', ')} (guessed from the file when --format is not given).\n` +
        'The preview (counts and the first rows) is printed first; nothing is written until you confirm ' +
        '(or pass --yes). Every value is encrypted here, and the whole import is applied at once or not at all. ' +
        "An archive's password is asked without echo (or read as one line from stdin).",
    )
    .argument('<file>', 'the file to import')
    .option('--format <format>', `one of ${importFormats.join(', ')}`)
    .option(
      '--duplicates <policy>',
      'skip, replace or keep-both, for entries whose folder and name exist',
      'skip',
    )
    .option(
      '--folder <folder>',
      'put everything under this folder (.env files: the folder for its variables)',
    )
    .option('--yes', 'import without asking after the preview')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold import keepass.xml --folder /imported\n  keyhold import .env --folder /app/dev --yes ' +
        '  keyhold import vault.keyhold --duplicates replace',
    )
    .action((file: string, options: ImportOptions) => importCommand(store, file, options));
}

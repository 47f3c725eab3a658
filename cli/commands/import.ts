// keyhold import: reads another tool's export (or a Keyhold archive), shows what would change, and after
// a yes encrypts every entry here and applies them all at once, with a progress bar on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { duplicatePolicies, type ImportRecord, importFormats } from '../../client/import/import-types.ts';
import type { ImportPlan } from '../../client/import/importer.ts';
import { parseFolder } from '../arguments.ts';
import { startBulkWorkers } from '../bulk-workers.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { joinPath, note, printLine, printTable } from '../output.ts';
import { progressBar } from '../progress.ts';
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
  const { planImport, runImport } = await import('../../client/import/importer.ts');
  const policy = oneOf(duplicatePolicies, options.duplicates, '--duplicates');
  const folder = options.folder === undefined ? '/' : parseFolder(options.folder, '--folder');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`FILE ${file}: cannot read it (${code})`);
  }
  const format =
    options.format === undefined
      ? detectFormat(path.basename(file), text)
      : oneOf(importFormats, options.format, '--format');
  if (!format) {
    throw new UsageError(
      `--format: cannot tell what kind of file ${file} is; give one of ${importFormats.join(', ')}`,
    );
  }
  const password = format === 'keyhold-archive' ? await askSecret('Archive password: ') : undefined;
  const parsed = await parseImport(format, text, {
    ...(password !== undefined && { password }),
    ...(format === 'dotenv' && { folder }),
  });
  const records = format === 'dotenv' ? parsed.records : underFolder(parsed.records, folder);
  if (records.length === 0) throw new CliError(`${file} holds no entries to import`);

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
      `${file} (${format}): ${records.length} entries — ${counts.create} to create, ${counts.replace} to replace, ` +
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
    try {
      const done = await runImport(session, plan, runBar.onProgress, { ...(parallel && { parallel }) });
      runBar.stop();
      note(`Imported: ${done.created} created, ${done.replaced} replaced, ${done.skipped} skipped.`);
    } finally {
      parallel?.close();
      runBar.stop();
    }
  });
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

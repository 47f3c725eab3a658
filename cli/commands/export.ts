// keyhold export: a folder's secrets as .env lines or JSON on stdout for scripts, or the whole vault to a
// file — password-protected (an archive), or in plain text only when that is said in so many words.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ImportRecord } from '../../client/import/import-types.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { writeNewFileByLines } from '../archive-file.ts';
import { parseFolder } from '../arguments.ts';
import { startBulkWorkers } from '../bulk-workers.ts';
import type { ConfigStore } from '../config-store.ts';
import { stateless, withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { type ExportFormat, exportFormats, formatPairs } from '../export-formats.ts';
import { note } from '../output.ts';
import { byteProgressBar, progressBar } from '../progress.ts';
import { environmentNames } from '../run-environment.ts';
import { askSecret, stdinIsTerminal } from '../terminal-input.ts';
import { secretsInFolder } from '../vault-lookup.ts';

interface ExportOptions {
  format?: string;
  folder?: string;
  archive?: string;
  output?: string;
  iUnderstandThisIsUnencrypted?: boolean;
}

const FILE_FORMATS = ['plain-json', 'csv'] as const;
const ALL_FORMATS = [...exportFormats, ...FILE_FORMATS] as const;
const FORMAT_LIST = `${exportFormats.join(', ')} (one folder, on stdout) or ${FILE_FORMATS.join(', ')}`;
const formatSchema = z.enum(ALL_FORMATS);

/** Written only if the file does not exist yet, readable by its owner only. */
function writeNewFile(file: string, text: string): void {
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'EEXIST')
      throw new CliError(`${file} exists already; choose another file or remove it first`);
    throw new CliError(`cannot write ${file} (${code || 'error'})`);
  }
}

async function archivePassword(): Promise<string> {
  const first = await askSecret('Archive password: ');
  if (first === '') throw new CliError('the archive password is empty; nothing was written');
  if (!stdinIsTerminal()) return first;
  if ((await askSecret('Archive password again: ')) !== first) {
    throw new CliError('the two passwords differ; nothing was written');
  }
  return first;
}

const MACHINE_CANNOT =
  'a machine identity cannot export a vault to a file; use --format dotenv, shell or json';

/** The whole vault (or one folder and below) decrypted here, with a bar while it is read. */
async function collectIn(
  session: VaultSession,
  folder: string | undefined,
  history: boolean,
  /** Filled with each record's secret id and file count (the archive's files are looked up by them). */
  found?: { ids: string[]; fileCounts: number[] },
): Promise<ImportRecord[]> {
  const { collectVault } = await import('../../client/export/collect-vault.ts');
  const bar = progressBar();
  // The whole vault is opened on worker threads (every core); they start while the first page is listed.
  const parallel = session.bulk.inWorkers(startBulkWorkers());
  try {
    return await collectVault(session, {
      ...(folder && { folder }),
      onProgress: bar.onProgress,
      history,
      parallel,
      ...(found && { ids: found.ids, fileCounts: found.fileCounts }),
    });
  } finally {
    parallel.close();
    bar.stop();
  }
}

async function collect(
  store: ConfigStore,
  folder: string | undefined,
  history: boolean,
): Promise<ImportRecord[]> {
  return withSession(store, async ({ session, kind }) => {
    if (kind === 'machine') throw new CliError(MACHINE_CANNOT);
    return collectIn(session, folder, history);
  });
}

/**
 * The archive: records with their versions, then each item's files, written to the file as they are
 * downloaded (a chunk at a time), so a large file never sits whole in memory.
 */
async function exportArchive(
  store: ConfigStore,
  folder: string | undefined,
  file: string,
  password: string,
): Promise<void> {
  const { writeArchive } = await import('../../client/export/format-archive.ts');
  const { collectFiles } = await import('../../client/export/collect-files.ts');
  await withSession(store, async ({ session, kind }) => {
    if (kind === 'machine') throw new CliError(MACHINE_CANNOT);
    const found = { ids: [] as string[], fileCounts: [] as number[] };
    const records = await collectIn(session, folder, true, found);
    const bar = progressBar();
    // The files are counted in bytes, on a bar of their own.
    const bytesBar = byteProgressBar('Files     ');
    try {
      const files = await collectFiles(session, records, found.ids, found.fileCounts, bar.onProgress);
      bar.stop();
      await writeNewFileByLines(file, (write) =>
        writeArchive(records, files, password, write, {
          onProgress: (p) => bytesBar.update(p.done, p.total),
        }),
      );
      bytesBar.stop();
      const older = records.reduce((n, r) => n + (r.history?.length ?? 0), 0);
      const parts = [
        `${records.length} secrets`,
        ...(older > 0 ? [`${older} older versions`] : []),
        ...(files.length > 0 ? [`${files.length} files`] : []),
      ];
      const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
      note(`Wrote ${listed} to ${file} (password-protected).`);
    } finally {
      bar.stop();
      bytesBar.stop();
    }
  });
}

/** One folder's secrets as NAME → value, quoted for the format; nothing is printed unless all of them can be. */
async function exportFolder(store: ConfigStore, format: ExportFormat, folder: string): Promise<void> {
  const pairs = await withSession(store, async ({ session }) => {
    const names = environmentNames(await secretsInFolder(session, folder));
    const out: [string, string][] = [];
    for (const [name, secret] of names) out.push([name, (await session.readSecret(secret.id)).payload.value]);
    return out;
  });
  process.stdout.write(formatPairs(format, pairs));
}

async function exportCommand(store: ConfigStore, options: ExportOptions): Promise<void> {
  // The formats are loaded only when exporting, so every other command starts faster.
  const { toPlainCsv, toPlainJson } = await import('../../client/export/format-plain.ts');
  const folder = options.folder === undefined ? undefined : parseFolder(options.folder, '--folder');
  if (options.archive !== undefined) {
    if (options.format !== undefined)
      throw new UsageError('--format: not with --archive (an archive has its own format)');
    if (options.output !== undefined)
      throw new UsageError('--output: not with --archive (the archive is the file)');
    // Told before being asked for a password it could not use.
    if (stateless() || store.readSession()?.kind === 'machine') throw new CliError(MACHINE_CANNOT);
    const password = await archivePassword();
    await exportArchive(store, folder, options.archive, password);
    return;
  }
  if (options.format === undefined)
    throw new UsageError(`--format: give ${FORMAT_LIST} (or use --archive FILE)`);
  const parsed = formatSchema.safeParse(options.format);
  if (!parsed.success) throw new UsageError(`--format "${options.format}": must be ${FORMAT_LIST}`);
  const format = parsed.data;
  if (format !== 'plain-json' && format !== 'csv') {
    if (options.output !== undefined) throw new UsageError(`--output: ${format} goes to stdout; redirect it`);
    await exportFolder(store, format, folder ?? '/');
    return;
  }
  if (options.output === undefined)
    throw new UsageError(`--output: ${format} exports the whole vault to a file; name it`);
  if (!options.iUnderstandThisIsUnencrypted) {
    throw new UsageError(
      `--i-understand-this-is-unencrypted: ${format} writes every value in plain text; say so, or use --archive FILE`,
    );
  }
  const records = await collect(store, folder, false);
  writeNewFile(options.output, format === 'csv' ? toPlainCsv(records) : toPlainJson(records));
  note(`Wrote ${records.length} secrets to ${options.output} — UNENCRYPTED: delete it when done.`);
}

export function registerExport(program: Command, store: ConfigStore): void {
  program
    .command('export')
    .summary('export secrets for scripts, or the whole vault to a file')
    .description(
      "--format dotenv|shell|env|json|yaml: one folder's secrets (that folder only: yours and shared with " +
        'you) on stdout, named as keyhold run names them, each value quoted for its reader so that every ' +
        'byte comes back and nothing in a value is run or expanded:\n' +
        "  dotenv  NAME='value' as the dotenv library reads it (for .env files)\n" +
        "  shell   export NAME='value' (POSIX single quotes) to source in bash, zsh or sh\n" +
        '  env     NAME=… lines that dotenv and a shell both read the same way (refused for a value neither ' +
        'quote can carry)\n' +
        '  json    {"NAME": "value"}\n' +
        '  yaml    "NAME": "value"\n' +
        'Nothing is printed when one value cannot be written exactly (exit 1, naming the variable).\n\n' +
        '--archive FILE: every secret you own (or under --folder), with its kept versions and its files, in a ' +
        'password-protected Keyhold archive.\n\n' +
        '--format plain-json|csv --output FILE --i-understand-this-is-unencrypted: the current values in plain ' +
        'text (keyhold import reads both back).\n\n' +
        'Files are created with mode 0600 and never overwritten.',
    )
    .option('--format <format>', 'dotenv, shell, env, json, yaml, plain-json or csv')
    .option('--folder <folder>', 'stdout formats: the folder (default /); files: this folder and below')
    .option('--archive <file>', 'write a password-protected archive (the password is asked)')
    .option('--output <file>', 'the file for plain-json or csv')
    .option('--i-understand-this-is-unencrypted', 'required for plain-json and csv')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold export --format dotenv --folder /ci > .env\n' +
        '  eval "$(keyhold export --format shell --folder /ci)"\n' +
        '  keyhold export --archive vault.keyhold\n' +
        '  keyhold export --format csv --output vault.csv --i-understand-this-is-unencrypted\n\n' +
        'Exit codes: 0 written, 1 failed (nothing written), 2 bad usage.',
    )
    .action((options: ExportOptions) => exportCommand(store, options));
}

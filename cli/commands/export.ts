// keyhold export: a folder's secrets as .env lines or JSON on stdout for scripts, or the whole vault to a
// file — password-protected (an archive), or in plain text only when that is said in so many words.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ImportRecord } from '../../client/import/import-types.ts';
import { parseFolder } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note } from '../output.ts';
import { progressBar } from '../progress.ts';
import { askSecret, stdinIsTerminal } from '../terminal-input.ts';
import { secretsInFolder } from '../vault-lookup.ts';
import { environmentNames } from './run.ts';

interface ExportOptions {
  format?: string;
  folder?: string;
  archive?: string;
  output?: string;
  iUnderstandThisIsUnencrypted?: boolean;
}

const formatSchema = z.enum(['env', 'json', 'plain-json', 'csv'], {
  message: 'must be env, json, plain-json or csv',
});

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

/** The whole vault (or one folder and below) decrypted here, with a bar while it is read. */
async function collect(store: ConfigStore, folder: string | undefined): Promise<ImportRecord[]> {
  return withSession(store, async ({ session, kind }) => {
    if (kind === 'machine')
      throw new CliError('a machine identity owns no vault to export; use --format env or json');
    const { collectVault } = await import('../../client/export/collect-vault.ts');
    const bar = progressBar();
    try {
      return await collectVault(session, { ...(folder && { folder }), onProgress: bar.onProgress });
    } finally {
      bar.stop();
    }
  });
}

async function exportFolder(store: ConfigStore, format: 'env' | 'json', folder: string): Promise<void> {
  const records = await withSession(store, async ({ session, kind }) => {
    const names = environmentNames(await secretsInFolder(session, kind, folder));
    const out: { name: string; record: ImportRecord }[] = [];
    for (const [name, secret] of names) {
      const opened = await session.readSecret(secret.id);
      out.push({
        name,
        record: {
          path: opened.path,
          name: opened.name,
          type: opened.type,
          tags: opened.tags,
          payload: opened.payload,
          source: name,
        },
      });
    }
    return out;
  });
  const { toDotenv } = await import('../../client/export/format-plain.ts');
  if (format === 'env') process.stdout.write(toDotenv(records.map((r) => r.record)));
  else
    process.stdout.write(
      `${JSON.stringify(Object.fromEntries(records.map((r) => [r.name, r.record.payload.value])), null, 2)}\n`,
    );
}

async function exportCommand(store: ConfigStore, options: ExportOptions): Promise<void> {
  // The formats are loaded only when exporting, so every other command starts faster.
  const { sealArchive } = await import('../../client/export/format-archive.ts');
  const { toPlainCsv, toPlainJson } = await import('../../client/export/format-plain.ts');
  const folder = options.folder === undefined ? undefined : parseFolder(options.folder, '--folder');
  if (options.archive !== undefined) {
    if (options.format !== undefined)
      throw new UsageError('--format: not with --archive (an archive has its own format)');
    if (options.output !== undefined)
      throw new UsageError('--output: not with --archive (the archive is the file)');
    const password = await archivePassword();
    const records = await collect(store, folder);
    writeNewFile(options.archive, await sealArchive(records, password));
    note(`Wrote ${records.length} secrets to ${options.archive} (password-protected).`);
    return;
  }
  if (options.format === undefined)
    throw new UsageError('--format: give env, json, plain-json or csv (or use --archive FILE)');
  const parsed = formatSchema.safeParse(options.format);
  if (!parsed.success)
    throw new UsageError(`--format "${options.format}": must be env, json, plain-json or csv`);
  const format = parsed.data;
  if (format === 'env' || format === 'json') {
    if (options.output !== undefined)
      throw new UsageError('--output: env and json go to stdout; redirect it');
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
  const records = await collect(store, folder);
  writeNewFile(options.output, format === 'csv' ? toPlainCsv(records) : toPlainJson(records));
  note(`Wrote ${records.length} secrets to ${options.output} — UNENCRYPTED: delete it when done.`);
}

export function registerExport(program: Command, store: ConfigStore): void {
  program
    .command('export')
    .summary('export secrets for scripts, or the whole vault to a file')
    .description(
      "--format env|json: one folder's secrets (that folder only: yours and shared with you) on stdout, as " +
        'NAME="value" lines or a JSON object, named as keyhold run names them.\n\n' +
        '--archive FILE: every secret you own (or under --folder) in a password-protected Keyhold archive.\n\n' +
        '--format plain-json|csv --output FILE --i-understand-this-is-unencrypted: the same, in plain text.\n\n' +
        'Files are created with mode 0600 and never overwritten.',
    )
    .option('--format <format>', 'env, json, plain-json or csv')
    .option('--folder <folder>', 'env/json: the folder (default /); files: only this folder and below')
    .option('--archive <file>', 'write a password-protected archive (the password is asked)')
    .option('--output <file>', 'the file for plain-json or csv')
    .option('--i-understand-this-is-unencrypted', 'required for plain-json and csv')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold export --format env --folder /ci > .env\n  keyhold export --archive vault.keyhold ' +
        '  keyhold export --format csv --output vault.csv --i-understand-this-is-unencrypted',
    )
    .action((options: ExportOptions) => exportCommand(store, options));
}

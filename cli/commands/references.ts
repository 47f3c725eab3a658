// keyhold read and keyhold inject: keyhold:// references resolved one at a time, or filled into a template
// that is written owner-only, never over an existing file unless asked.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note, printJson, printValue } from '../output.ts';
import { writePrivateFile } from '../private-file.ts';
import { lineOf, parseReference, ReferenceResolver, referencesIn } from '../secret-reference.ts';
import { readPipedText, stdinIsTerminal } from '../terminal-input.ts';

async function read(store: ConfigStore, text: string, options: { json?: boolean }): Promise<void> {
  const reference = parseReference(text, 'REFERENCE');
  await withSession(store, async ({ session }) => {
    const value = await new ReferenceResolver(session).resolve(reference);
    if (options.json) {
      printJson({
        reference: reference.text,
        path: reference.display,
        field: reference.field ?? null,
        value,
      });
    } else printValue(value);
  });
}

interface InjectOptions {
  inFile?: string;
  outFile?: string;
  force?: boolean;
  fileMode: string;
  allowReadableByOthers?: boolean;
}

/** --file-mode as octal permission bits; bits for group or others need --allow-readable-by-others. */
function parseFileMode(text: string, allowOthers: boolean): number {
  if (!/^0?[0-7]{3}$/.test(text))
    throw new UsageError(`--file-mode "${text}": must be octal, like 600 or 0640`);
  const mode = Number.parseInt(text, 8);
  if ((mode & 0o600) !== 0o600) {
    throw new UsageError(`--file-mode ${text}: the owner must be able to read and write the file`);
  }
  if ((mode & 0o077) !== 0 && !allowOthers) {
    throw new UsageError(
      `--file-mode ${text}: lets others read the secrets written into the file; pass --allow-readable-by-others if that is meant`,
    );
  }
  return mode;
}

async function readTemplate(file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    if (stdinIsTerminal()) throw new UsageError('--in-file: give a template file, or pipe one on stdin');
    return readPipedText();
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`--in-file ${file}: cannot read it (${reason})`);
  }
}

async function inject(store: ConfigStore, options: InjectOptions): Promise<void> {
  const mode = parseFileMode(options.fileMode, options.allowReadableByOthers === true);
  const out = options.outFile;
  if (out !== undefined && existsSync(out) && !options.force) {
    const kind = lstatSync(out).isDirectory() ? 'a folder' : 'a file';
    throw new CliError(`--out-file ${out}: ${kind} is there already; pass --force to replace it`);
  }
  const template = await readTemplate(options.inFile);
  const found = referencesIn(template).map((f) => ({
    ...f,
    parsed: parseReference(f.reference, `--in-file line ${lineOf(template, f.start)}:`),
  }));
  let filled = template;
  if (found.length === 0) {
    note('keyhold: the template holds no keyhold:// reference; it is written as it is');
  } else {
    const values = await withSession(store, async ({ session }) => {
      const resolver = new ReferenceResolver(session);
      const resolved: string[] = [];
      for (const f of found) resolved.push(await resolver.resolve(f.parsed));
      return resolved;
    });
    // Replaced from the end, so earlier offsets stay valid.
    for (let i = found.length - 1; i >= 0; i--) {
      const f = found[i];
      if (f) filled = filled.slice(0, f.start) + (values[i] ?? '') + filled.slice(f.end);
    }
  }
  if (out === undefined) {
    process.stdout.write(filled);
    return;
  }
  writePrivateFile(out, filled, mode, '--out-file');
  note(`Wrote ${out} (${found.length} reference${found.length === 1 ? '' : 's'}, mode ${mode.toString(8)}).`);
}

export function registerReferences(program: Command, store: ConfigStore): void {
  program
    .command('read')
    .summary('print the value a keyhold:// reference names')
    .description(
      'Print the value (or field) a secret reference names, and nothing else (a trailing newline only on a ' +
        'terminal). A reference is keyhold://FOLDER/…/NAME, or keyhold://FOLDER/…/NAME#FIELD for a custom ' +
        'field (#notes: the notes). Characters other than letters, digits and . _ ~ - + = @ : are written ' +
        '%-escaped: a space is %20.\n\nExit codes: 0 printed, 1 no such secret or field, 2 bad reference.',
    )
    .argument('<reference>', 'e.g. keyhold://ci/db/password#user')
    .option('--json', 'print {reference, path, field, value}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold read keyhold://ci/db-password\n  keyhold read "keyhold://ci/deploy%20key#token"',
    )
    .action((reference: string, options: { json?: boolean }) => read(store, reference, options));
  program
    .command('inject')
    .summary('fill keyhold:// references into a template')
    .description(
      'Copy a template with every keyhold:// reference replaced by the value it names: bare references ' +
        '(keyhold://ci/db#password) and {{ keyhold://ci/db#password }} alike. Every reference is resolved ' +
        'before anything is written. The output file is created readable by its owner only (mode 600, or ' +
        '--file-mode), through a temporary file renamed into place; an existing file is replaced only with ' +
        '--force. Without --out-file the result goes to stdout.\n\n' +
        'Exit codes: 0 written, 1 a reference names nothing or the file cannot be written (nothing is written), ' +
        '2 bad usage or a malformed reference.',
    )
    .option('-i, --in-file <file>', 'the template (default: stdin)')
    .option('-o, --out-file <file>', 'where to write the result (default: stdout)')
    .option('-f, --force', 'replace the output file if it exists')
    .option('--file-mode <mode>', 'permissions of the output file, octal', '600')
    .option('--allow-readable-by-others', 'accept a --file-mode that lets group or others read the secrets')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold inject -i config.yml.tpl -o config.yml\n' +
        '  keyhold inject < app.env.tpl > /dev/shm/app.env\n' +
        '  keyhold inject -i nginx.tpl -o nginx.conf --force --file-mode 640 --allow-readable-by-others',
    )
    .action((options: InjectOptions) => inject(store, options));
}

// The restore command (`npm run restore -- --from FILE --data NEWDIR`): an encrypted backup into a new data folder.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BackupError } from './backup/backup-error.ts';
import { readBackupHeader, restoreBackup } from './backup/restore.ts';

const USAGE = 'usage: npm run restore -- --from BACKUP_FILE --data NEW_DATA_FOLDER';

const argsSchema = z.object({
  from: z.string({ message: 'is required' }).min(1, { message: 'is required' }),
  data: z.string({ message: 'is required' }).min(1, { message: 'is required' }),
});

/** Exit codes: 0 restored, 1 refused (wrong passphrase, damaged file, target in use), 2 bad usage. */
async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { from: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(
      `keyhold restore: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    );
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\nThe passphrase is asked for (not shown), or read from standard input.\n`);
    return 0;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`keyhold restore: --${issue?.path.join('.')} ${issue?.message}\n${USAGE}\n`);
    return 2;
  }
  const { from, data } = parsed.data;
  try {
    const header = await readBackupHeader(from);
    process.stderr.write(
      `Backup of ${header.createdAt} (${header.kind}, server ${header.serverVersion}): ${header.files
        .map((f) => f.name)
        .join(', ')}\n`,
    );
    const passphrase = process.stdin.isTTY
      ? await promptHidden('Backup passphrase: ')
      : await readStdinPassphrase();
    if (!passphrase) {
      process.stderr.write('keyhold restore: no passphrase given\n');
      return 2;
    }
    const result = await restoreBackup({ from, dataDir: data, passphrase });
    process.stderr.write(
      `Restored ${result.files.length} file${result.files.length === 1 ? '' : 's'} into ${data}.\n` +
        `Start it with: npm run serve -- --data ${JSON.stringify(data)}\n` +
        'then unseal it with the unseal passphrase or key shares the server had when the backup was made.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`keyhold restore: ${error.message} [${error.code}]; nothing was written\n`);
      return 1;
    }
    throw error;
  }
}

/** Everything on standard input, without the line ending, for scripts that pipe the passphrase in. */
async function readStdinPassphrase(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const finish = (error: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new BackupError('io', 'cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keyhold restore: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

// keyhold backup: an encrypted backup of the whole server made now (into the server's backup folder), and
// the list of those kept there. Administrators only; the passphrase is asked, never an argument.
import type { Command } from 'commander';
import { backupPassphraseSchema } from '../../contract/ops-backup.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError } from '../errors.ts';
import { note, printJson, printTable } from '../output.ts';
import { askSecret } from '../terminal-input.ts';

async function create(store: ConfigStore, options: { passphrase?: boolean; json?: boolean }) {
  let passphrase: string | undefined;
  if (options.passphrase) {
    passphrase = await askSecret('Backup passphrase: ');
    const parsed = backupPassphraseSchema.safeParse(passphrase);
    if (!parsed.success) throw new CliError(`the backup passphrase ${parsed.error.issues[0]?.message}`);
  }
  await withSession(store, async ({ session }) => {
    const backup = await session.client.request(
      'createBackup',
      passphrase === undefined ? {} : { passphrase },
    );
    if (options.json) printJson(backup);
    note(`Backed up to ${backup.name} (${backup.size} bytes) in the server's backup folder.`);
  });
}

async function list(store: ConfigStore, options: { json?: boolean }) {
  await withSession(store, async ({ session }) => {
    const listing = await session.client.request('listBackups', {});
    if (options.json) {
      printJson(listing);
      return;
    }
    if (listing.unavailable) note(listing.unavailable);
    if (listing.backups.length === 0) note(`No backups in ${listing.folder}.`);
    else {
      printTable(
        ['NAME', 'KIND', 'SIZE', 'CREATED'],
        listing.backups.map((b) => [
          b.name,
          b.kind,
          String(b.size),
          b.createdAt.slice(0, 19).replace('T', ' '),
        ]),
      );
    }
    if (!listing.passphraseStored) {
      note(
        'No passphrase is stored for scheduled backups: keyhold backup create --passphrase, or set one in the window.',
      );
    }
  });
}

export function registerAdminBackup(program: Command, store: ConfigStore): void {
  const backup = program
    .command('backup')
    .summary('server backups (administrators): create now, list')
    .description(
      "Encrypted backups of the whole server, kept in the server's backup folder (npm run restore reads " +
        'them back).\n\nExit codes: 0 done, 1 failed (not an administrator; no passphrase stored; a ' +
        'PostgreSQL store, which has its own tools), 2 bad usage.',
    );
  backup
    .command('create')
    .description(
      'Back the server up now. Encrypted to the passphrase stored for scheduled backups, or with ' +
        '--passphrase to one asked here (without echo, or one line of stdin).',
    )
    .option('--passphrase', 'ask for the passphrase instead of using the stored one')
    .option('--json', 'print {name, size, createdAt, kind}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold backup create\n  printf "%s\\n" "$BACKUP_PASSPHRASE" | keyhold backup create --passphrase',
    )
    .action((options: { passphrase?: boolean; json?: boolean }) => create(store, options));
  backup
    .command('list')
    .description("The backups in the server's backup folder, newest first.")
    .option('--json', 'print {backups, passphraseStored, folder, unavailable}')
    .action((options: { json?: boolean }) => list(store, options));
}

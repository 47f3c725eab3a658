// keyhold share: grants a secret to a contact, wrapping its key to the public key pinned for them.
// Someone not yet a contact is added only after their key fingerprint was shown and accepted.
import type { Command } from 'commander';
import { usernameSchema } from '../../contract/common.ts';
import { parseSecretPath } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note } from '../output.ts';
import { confirm } from '../terminal-input.ts';
import { findSecret } from '../vault-lookup.ts';

interface ShareOptions {
  with: string;
  write?: boolean;
  yes?: boolean;
  revoke?: boolean;
}

async function share(store: ConfigStore, pathText: string, options: ShareOptions): Promise<void> {
  const at = parseSecretPath(pathText);
  const parsedUser = usernameSchema.safeParse(options.with);
  if (!parsedUser.success)
    throw new UsageError(`--with "${options.with}": ${parsedUser.error.issues[0]?.message}`);
  const username = parsedUser.data;
  if (options.revoke && options.write) throw new UsageError('--write: not with --revoke');
  await withSession(store, async ({ session }) => {
    const secret = await findSecret(session, at);
    if (options.revoke) {
      if (secret.permission !== 'owner') {
        throw new CliError(
          `${at.display} is shared with you by ${secret.ownerName}; only its owner can revoke access`,
        );
      }
      const { grants } = await session.sharing.grants(secret.id);
      const grant = grants.find((g) => g.username === username);
      if (!grant) throw new CliError(`${at.display} is not shared with ${username}; nothing was changed`);
      const { keyGeneration } = await session.sharing.revoke(secret.id, grant.userId);
      note(
        `Revoked ${username}'s access to ${at.display}; its key was replaced (generation ${keyGeneration}), ` +
          'so what they may have kept opens nothing stored now or later.',
      );
      return;
    }
    if (secret.permission === 'read') {
      throw new CliError(
        `${at.display} is shared with you read-only by ${secret.ownerName}; only its owner or a read-write holder can share it`,
      );
    }
    const sharing = session.sharing;
    let contact = (await sharing.contacts(username)).find((c) => c.username === username);
    if (!contact) {
      const principal = await sharing.find(username);
      note(
        `${principal.displayName} (${principal.username}, ${principal.kind}) is not in your contacts.\n` +
          `Their key fingerprint: ${principal.fingerprint}\nCompare it with them (in person or by a trusted channel).`,
      );
      if (
        !options.yes &&
        !(await confirm(`Add ${principal.username} to your contacts with this key? [y/N]`, 'pass --yes'))
      ) {
        throw new CliError(`${principal.username} was not added; nothing was shared`);
      }
      contact = await sharing.addContact(principal);
      note(`Added ${principal.username} to your contacts.`);
    }
    const permission = options.write ? 'write' : 'read';
    await sharing.share(secret.id, contact, permission);
    note(
      `Shared ${at.display} with ${contact.username} (${permission === 'write' ? 'read-write' : 'read-only'}).`,
    );
  });
}

export function registerShare(program: Command, store: ConfigStore): void {
  program
    .command('share')
    .summary('share a secret with a person or machine identity')
    .description(
      'Share one of your secrets: its key is wrapped to the public key pinned for the contact. Someone who is ' +
        'not a contact yet is added after their key fingerprint is shown and you accept it (or with --yes). ' +
        'With --revoke, take the access away again: the grant goes and the secret gets a new key.\n\n' +
        'Exit codes: 0 shared or revoked, 1 no such secret or user, not shared with them, or not yours to ' +
        'share, 2 bad usage.',
    )
    .argument('<path>', 'the secret, e.g. /ci/db-password')
    .requiredOption('--with <user>', 'the user or machine identity to share with')
    .option('--write', 'let them change it too (default: read-only)')
    .option('--yes', 'add them as a contact without asking (check their fingerprint another way)')
    .option('--revoke', 'take their access away instead (the secret is re-keyed)')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold share /ci/db-password --with bob\n  keyhold share /ci/db-password --with ci-bot --yes\n' +
        '  keyhold share /ci/db-password --with bob --revoke',
    )
    .action((pathText: string, options: ShareOptions) => share(store, pathText, options));
}

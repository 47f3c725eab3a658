// keyhold rollback: a new version carrying an older version's content (value, notes, fields). History is
// never rewritten: the versions in between stay, and the rollback itself can be rolled back.
import type { Command } from 'commander';
import { KeyholdError } from '../../client/keyhold-client.ts';
import { parseSecretPath, parseVersionNumber } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError } from '../errors.ts';
import { note, printJson } from '../output.ts';
import { findSecret } from '../vault-lookup.ts';

interface RollbackOptions {
  to: number;
  json?: boolean;
}

async function rollback(store: ConfigStore, pathText: string, options: RollbackOptions): Promise<void> {
  const at = parseSecretPath(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecret(session, at);
    if (found.permission === 'read') {
      throw new CliError(
        `${at.display} is shared with you read-only (by ${found.ownerName}); it cannot be changed`,
      );
    }
    if (options.to === found.version) {
      throw new CliError(`${at.display} is at version ${found.version} already; nothing was changed`);
    }
    if (options.to > found.version) {
      throw new CliError(`${at.display} has no version ${options.to} (its newest is ${found.version})`);
    }
    const current = await session.readSecret(found.id);
    const old = await session.readSecret(found.id, options.to);
    try {
      const updated = await session.updateSecret(found.id, current, { payload: old.payload });
      if (options.json)
        printJson({ path: at.display, id: found.id, from: options.to, version: updated.version });
      note(`${at.display}: version ${updated.version} now holds version ${options.to}'s content.`);
    } catch (error) {
      if (error instanceof KeyholdError && error.code === 'conflict') {
        throw new CliError(
          `${at.display} was changed by someone else meanwhile; nothing was stored — try again`,
        );
      }
      throw error;
    }
  });
}

export function registerRollback(program: Command, store: ConfigStore): void {
  program
    .command('rollback')
    .summary("make an older version's content current again")
    .description(
      "Store a new version of a secret holding version N's value, notes and fields. Nothing is erased: the " +
        'versions in between stay in keyhold history. Only if nobody changed the secret meanwhile.\n\n' +
        'Exit codes: 0 rolled back, 1 no such secret or version (or a destroyed one), read-only, or changed ' +
        'meanwhile, 2 bad usage.',
    )
    .argument('<path>', 'the secret, e.g. /ci/db-password')
    .requiredOption('--to <n>', 'the version whose content to bring back', (text: string) =>
      parseVersionNumber(text, '--to'),
    )
    .option('--json', 'print {path, id, from, version}')
    .addHelpText(
      'after',
      '\nExample:\n  keyhold history /ci/db-password\n  keyhold rollback /ci/db-password --to 2',
    )
    .action((pathText: string, options: RollbackOptions) => rollback(store, pathText, options));
}

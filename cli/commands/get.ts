// keyhold get: one secret's value (or one field), decrypted here and printed with nothing around it.
import type { Command } from 'commander';
import { parseSecretRef, parseVersionNumber } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError } from '../errors.ts';
import { joinPath, printJson, printValue } from '../output.ts';
import { findSecretRef } from '../vault-lookup.ts';

interface GetOptions {
  field?: string;
  json?: boolean;
  version?: number;
}

async function get(store: ConfigStore, pathText: string, options: GetOptions): Promise<void> {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const opened = await session.readSecret(found.id, options.version);
    const { payload } = opened;
    if (options.field !== undefined) {
      const field = payload.fields.find((f) => f.name === options.field);
      if (!field) throw new CliError(`${at.display} has no field named "${options.field}"`);
      if (options.json) printJson({ path: at.display, field: field.name, value: field.value });
      else printValue(field.value);
      return;
    }
    if (options.json) {
      printJson({
        id: opened.id,
        path: joinPath(opened.path, opened.name),
        folder: opened.path,
        name: opened.name,
        type: opened.type,
        tags: opened.tags,
        version: opened.valueVersion,
        updatedAt: opened.updatedAt,
        ...(found.ownerKnown && { owner: found.ownerName ?? session.user.username }),
        value: payload.value,
        notes: payload.notes,
        fields: payload.fields,
      });
    } else {
      printValue(payload.value);
    }
  });
}

export function registerGet(program: Command, store: ConfigStore): void {
  program
    .command('get')
    .summary("print a secret's value")
    .description(
      "Print a secret's value and nothing else (a trailing newline only on a terminal). PATH is the folder " +
        'and the name, e.g. /ci/db-password (a secret at the root: /name or name). Secrets you own and secrets ' +
        'shared with you are both found; a machine identity sees only what is shared with it. PATH may also ' +
        'be id:UUID (the id that ls --json prints).',
    )
    .argument('<path>', 'the secret, e.g. /ci/db-password, or id:UUID')
    .option('--field <name>', 'print this custom field instead of the value')
    .option('--json', 'print the value, notes, fields and details as JSON')
    .option('--version <n>', 'an older version (keyhold history lists them)', (text: string) =>
      parseVersionNumber(text, '--version'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold get /ci/db-password\n  export TOKEN="$(keyhold get /ci/deploy --field token)"\n' +
        '  keyhold get /ci/db-password --version 2\n\nExit codes: 0 printed, 1 no such secret, field or version, 2 bad usage.',
    )
    .action((pathText: string, options: GetOptions) => get(store, pathText, options));
}

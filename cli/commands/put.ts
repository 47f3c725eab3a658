// keyhold put: stores a value read from stdin or typed without echo, never taken from the command line
// (where shell history and the process list would keep it); an existing secret gets a new version.
import type { Command } from 'commander';
import { KeyholdError } from '../../client/keyhold-client.ts';
import { parseFieldPair, parseSecretPath, parseSecretType } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note } from '../output.ts';
import { askSecret, readPipedValue, stdinIsTerminal } from '../terminal-input.ts';
import { findSecretOrNull } from '../vault-lookup.ts';

interface PutOptions {
  type?: string;
  field: { name: string; value: string }[];
  valueFromArg?: boolean;
}

async function readValue(valueArgument: string | undefined, options: PutOptions): Promise<string> {
  if (valueArgument !== undefined) {
    if (!options.valueFromArg) {
      throw new UsageError(
        'put: the value is not taken from the command line (shell history and the process list would keep it);' +
          ' pipe it on stdin or type it at the prompt — or pass --value-from-arg if you accept that risk',
      );
    }
    return valueArgument;
  }
  if (options.valueFromArg) throw new UsageError('--value-from-arg: give the value after PATH');
  if (!stdinIsTerminal()) {
    const value = await readPipedValue();
    if (value === '') throw new CliError('the value on stdin is empty; nothing was stored');
    return value;
  }
  const first = await askSecret('Value: ');
  const second = await askSecret('Value again: ');
  if (first !== second) throw new CliError('the two values differ; nothing was stored');
  if (first === '') throw new CliError('the value is empty; nothing was stored');
  return first;
}

/** New fields replace those of the same name; the others stay. */
function mergeFields(
  current: { name: string; value: string; hidden: boolean }[],
  given: { name: string; value: string }[],
) {
  const merged = current.filter((f) => !given.some((g) => g.name === f.name));
  return [...merged, ...given.map((g) => ({ ...g, hidden: true }))];
}

async function put(
  store: ConfigStore,
  pathText: string,
  valueArgument: string | undefined,
  options: PutOptions,
) {
  const at = parseSecretPath(pathText);
  const type = options.type === undefined ? undefined : parseSecretType(options.type);
  const value = await readValue(valueArgument, options);
  await withSession(store, async ({ session }) => {
    const existing = await findSecretOrNull(session, at);
    if (!existing) {
      const created = await session.createSecret({
        name: at.name,
        path: at.folder,
        type: type ?? 'custom',
        payload: { value, notes: '', fields: options.field.map((f) => ({ ...f, hidden: true })) },
      });
      note(`Created ${at.display} (version ${created.version}).`);
      return;
    }
    if (existing.permission === 'read') {
      throw new CliError(
        `${at.display} is shared with you read-only (by ${existing.ownerName}); it cannot be changed`,
      );
    }
    const opened = await session.readSecret(existing.id);
    try {
      const updated = await session.updateSecret(existing.id, opened, {
        ...(type && { type }),
        payload: {
          value,
          notes: opened.payload.notes,
          fields: mergeFields(opened.payload.fields, options.field),
        },
      });
      note(`Updated ${at.display} (version ${updated.version}).`);
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

export function registerPut(program: Command, store: ConfigStore): void {
  program
    .command('put')
    .summary('store a secret (value from stdin or a prompt)')
    .description(
      'Store a secret. The value is read from stdin when piped (one final newline is dropped), otherwise ' +
        'asked twice without echo; it is never taken from the command line unless --value-from-arg is given ' +
        '(UNSAFE: shell history and the process list keep it). An existing secret gets a new version, only if ' +
        'nobody changed it meanwhile; its notes and other fields are kept.',
    )
    .argument('<path>', 'the secret, e.g. /ci/db-password')
    .argument('[value]', 'only with --value-from-arg (unsafe)')
    .option('--type <type>', 'login, api_key, ssh_key, certificate, note or custom (new secrets: custom)')
    .option('--field <name=value>', 'a custom field, repeatable', parseFieldPair, [])
    .option('--value-from-arg', 'UNSAFE: take the value from the command line')
    .addHelpText(
      'after',
      '\nExamples:\n  printf %s "$DB_PASSWORD" | keyhold put /ci/db-password\n  keyhold put /ci/deploy --type api_key --field user=deployer   (asks for the value)',
    )
    .action((pathText: string, value: string | undefined, options: PutOptions) =>
      put(store, pathText, value, options),
    );
}

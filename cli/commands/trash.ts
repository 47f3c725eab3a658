// keyhold delete, restore and trash: a secret moved to the trash (its versions and grants kept), brought
// back, and what the trash holds. Only a secret's owner may do either; nothing here decrypts a value.
import type { Command } from 'commander';
import type { VaultSession } from '../../client/vault-session.ts';
import type { SecretSummary } from '../../contract/index.ts';
import { parseFolder, parseSecretRef, type SecretIdRef, type SecretPath } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError } from '../errors.ts';
import { joinPath, note, printJson, printTable } from '../output.ts';
import { findSecretOrNull } from '../vault-lookup.ts';

/** The caller's secrets in the trash under a folder (all of it for /), every page. */
async function trashUnder(session: VaultSession, folder: string, recursive: boolean) {
  const found: SecretSummary[] = [];
  let offset = 0;
  for (;;) {
    const page = await session.client.request('listSecrets', {
      path: folder,
      recursive,
      deleted: true,
      offset,
      limit: 500,
    });
    found.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return found;
  }
}

async function remove(store: ConfigStore, pathText: string): Promise<void> {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const id = 'id' in at ? at.id : await ownedId(session, at, 'delete');
    await session.client.request('deleteSecret', { id });
    note(`Moved ${at.display} to the trash (keyhold restore ${at.display} brings it back).`);
  });
}

async function ownedId(session: VaultSession, at: SecretPath, verb: string): Promise<string> {
  const found = await findSecretOrNull(session, at);
  if (!found) throw new CliError(`no secret at ${at.display}`);
  if (found.permission !== 'owner') {
    throw new CliError(
      `${at.display} is shared with you by ${found.ownerName}; only its owner can ${verb} it`,
    );
  }
  return found.id;
}

async function restore(store: ConfigStore, pathText: string): Promise<void> {
  const at: SecretPath | SecretIdRef = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    let id: string;
    if ('id' in at) id = at.id;
    else {
      const matches = (await trashUnder(session, at.folder, false)).filter(
        (s) => s.path === at.folder && s.name === at.name,
      );
      if (matches.length === 0) throw new CliError(`no secret at ${at.display} in the trash`);
      if (matches.length > 1) {
        const ids = matches.map((m) => `id:${m.id} (deleted ${m.deletedAt})`).join(', ');
        throw new CliError(
          `${matches.length} secrets at ${at.display} are in the trash; restore one by id: ${ids}`,
        );
      }
      id = matches[0]?.id ?? '';
    }
    await session.client.request('undeleteSecret', { id });
    note(`Restored ${at.display} from the trash.`);
  });
}

async function listTrash(store: ConfigStore, folderText: string | undefined, options: { json?: boolean }) {
  const folder = parseFolder(folderText ?? '/');
  await withSession(store, async ({ session }) => {
    const items = await trashUnder(session, folder, true);
    if (options.json) {
      printJson(
        items.map((s) => ({
          id: s.id,
          path: joinPath(s.path, s.name),
          folder: s.path,
          name: s.name,
          type: s.type,
          version: s.version,
          deletedAt: s.deletedAt,
        })),
      );
    } else if (items.length === 0) note(`The trash holds nothing under ${folder}.`);
    else {
      printTable(
        ['PATH', 'TYPE', 'VERSION', 'DELETED'],
        items.map((s) => [
          joinPath(s.path, s.name),
          s.type,
          String(s.version),
          (s.deletedAt ?? '').slice(0, 16).replace('T', ' '),
        ]),
      );
    }
  });
}

export function registerTrash(program: Command, store: ConfigStore): void {
  program
    .command('delete')
    .summary('move a secret to the trash')
    .description(
      'Move one of your secrets to the trash: it leaves listings, get and run, and keeps its versions and ' +
        'grants until restored (or the trash is emptied in the window). A secret shared with you cannot be ' +
        'deleted by you.\n\nExit codes: 0 moved, 1 no such secret or not yours, 2 bad usage.',
    )
    .argument('<path>', 'the secret, e.g. /ci/old-token, or id:UUID')
    .addHelpText('after', '\nExample:\n  keyhold delete /ci/old-token')
    .action((pathText: string) => remove(store, pathText));
  program
    .command('restore')
    .summary('bring a secret back from the trash')
    .description(
      'Bring a secret back from the trash to where it was. When several deleted secrets had that path, name ' +
        'one by id:UUID (keyhold trash --json lists them).\n\nExit codes: 0 restored, 1 not in the trash, 2 bad usage.',
    )
    .argument('<path>', 'the secret as it was, e.g. /ci/old-token, or id:UUID')
    .addHelpText('after', '\nExample:\n  keyhold restore /ci/old-token')
    .action((pathText: string) => restore(store, pathText));
  program
    .command('trash')
    .summary('list your secrets in the trash')
    .description('List your secrets in the trash under a folder (default: all of them). No values.')
    .argument('[folder]', 'only under this folder')
    .option('--json', 'print [{id, path, folder, name, type, version, deletedAt}]')
    .addHelpText('after', '\nExamples:\n  keyhold trash\n  keyhold trash /ci --json')
    .action((folder: string | undefined, options: { json?: boolean }) => listTrash(store, folder, options));
}

// keyhold ls, search and history: what is in the vault, by folder, by text, and one secret's versions.
// Names and paths only: nothing here decrypts a value.
import type { Command } from 'commander';
import { parseFolder, parseSecretRef } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { UsageError } from '../errors.ts';
import { joinPath, note, printJson, printTable } from '../output.ts';
import { type FoundSecret, findSecretRef, secretsInFolder } from '../vault-lookup.ts';

interface JsonOption {
  json?: boolean;
}

/** The fields a script gets for each secret: never a value. */
function describe(item: FoundSecret, me: string) {
  return {
    id: item.id,
    path: joinPath(item.path, item.name),
    folder: item.path,
    name: item.name,
    type: item.type,
    tags: item.tags,
    version: item.version,
    updatedAt: item.updatedAt,
    owner: item.ownerName ?? me,
    access: item.permission,
  };
}

function printSecrets(items: FoundSecret[], me: string, pathOf: (item: FoundSecret) => string): void {
  printTable(
    ['NAME', 'TYPE', 'VERSION', 'UPDATED', 'OWNER'],
    items.map((item) => [
      pathOf(item),
      item.type,
      String(item.version),
      item.updatedAt.slice(0, 16).replace('T', ' '),
      item.ownerName === null ? me : `${item.ownerName} (${item.permission})`,
    ]),
  );
}

async function list(store: ConfigStore, folderText: string | undefined, options: JsonOption): Promise<void> {
  const folder = parseFolder(folderText ?? '/');
  await withSession(store, async ({ session }) => {
    const secrets = await secretsInFolder(session, folder);
    const prefix = folder === '/' ? '/' : `${folder}/`;
    const { folders } = await session.client.request('listFolders', {});
    // Direct subfolders only, including those that hold secrets only further down.
    const below = new Set<string>();
    for (const f of folders) {
      if (f.path.startsWith(prefix) && f.path !== folder)
        below.add(f.path.slice(prefix.length).split('/')[0] ?? '');
    }
    for (const s of (await session.sharing.sharedWithMe()).items) {
      if (s.path.startsWith(prefix) && s.path !== folder)
        below.add(s.path.slice(prefix.length).split('/')[0] ?? '');
    }
    const subfolders = [...below].filter(Boolean).sort();
    const me = session.user.username;
    if (options.json) {
      printJson({
        folder,
        folders: subfolders.map((f) => prefix + f),
        secrets: secrets.map((s) => describe(s, me)),
      });
      return;
    }
    for (const sub of subfolders) process.stdout.write(`${sub}/\n`);
    if (secrets.length > 0) printSecrets(secrets, me, (s) => s.name);
    if (subfolders.length === 0 && secrets.length === 0) note(`Nothing in ${folder}.`);
  });
}

async function search(store: ConfigStore, text: string, options: JsonOption): Promise<void> {
  const query = text.trim();
  if (query === '' || query.length > 200 || [...query].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new UsageError('TEXT: must be 1 to 200 characters without control characters');
  }
  await withSession(store, async ({ session }) => {
    const found: FoundSecret[] = [];
    let offset = 0;
    for (;;) {
      const page = await session.client.request('searchSecrets', { query, offset, limit: 500 });
      found.push(...page.items.map((item) => ({ ...item, ownerName: null, permission: 'owner' as const })));
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
    const shared = await session.sharing.sharedWithMe(query);
    for (const { ownerId: _o, grantedAt: _g, ownerName, permission, ...item } of shared.items) {
      if (item.deletedAt === null) found.push({ ...item, ownerName, permission });
    }
    const me = session.user.username;
    if (options.json) printJson(found.map((s) => describe(s, me)));
    else if (found.length === 0) note(`No secret matches "${query}".`);
    else printSecrets(found, me, (s) => joinPath(s.path, s.name));
  });
}

async function history(store: ConfigStore, pathText: string, options: JsonOption): Promise<void> {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const { versions } = await session.client.request('listSecretVersions', { id: found.id });
    const sorted = [...versions].sort((a, b) => b.version - a.version);
    if (options.json) {
      printJson({
        path: joinPath(found.path, found.name),
        id: found.id,
        current: found.version,
        versions: sorted,
      });
      return;
    }
    printTable(
      ['VERSION', 'CREATED', 'STATE'],
      sorted.map((v) => [
        String(v.version),
        v.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        v.destroyed ? 'destroyed' : '',
      ]),
    );
  });
}

export function registerBrowse(program: Command, store: ConfigStore): void {
  program
    .command('ls')
    .summary("list a folder's subfolders and secrets")
    .description(
      "List a folder's direct subfolders and the secrets in it: yours and those shared with you. No values.",
    )
    .argument('[folder]', 'the folder, e.g. /ci (default: /)')
    .option('--json', 'print {folder, folders, secrets} as JSON')
    .addHelpText('after', '\nExamples:\n  keyhold ls\n  keyhold ls /ci --json')
    .action((folder: string | undefined, options: JsonOption) => list(store, folder, options));
  program
    .command('search')
    .summary('find secrets by name, folder or tag')
    .description('Find secrets whose name, folder or tag contains TEXT (case-insensitive). No values.')
    .argument('<text>', 'what to look for')
    .option('--json', 'print the matches as a JSON array')
    .addHelpText('after', '\nExample:\n  keyhold search postgres')
    .action((text: string, options: JsonOption) => search(store, text, options));
  program
    .command('history')
    .summary("a secret's versions with their dates")
    .description("List a secret's kept versions, newest first, with when each was made.")
    .argument('<path>', 'the secret, e.g. /ci/db-password, or id:UUID')
    .option('--json', 'print {path, id, current, versions} as JSON')
    .addHelpText('after', '\nExample:\n  keyhold history /ci/db-password')
    .action((pathText: string, options: JsonOption) => history(store, pathText, options));
}

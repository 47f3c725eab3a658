// keyhold mkdir, rmdir and mv-folder: keep an empty folder, delete an empty one, rename or move a folder
// with everything in it. Paths only: nothing here decrypts a value.
import type { Command } from 'commander';
import { parseFolder } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { UsageError } from '../errors.ts';
import { note, printJson } from '../output.ts';

interface JsonOption {
  json?: boolean;
}

/** A folder other than the top one, which always exists and cannot be made, moved or deleted. */
function parseNamedFolder(text: string, argument: string): string {
  const folder = parseFolder(text, argument);
  if (folder === '/') throw new UsageError(`${argument} "${text}": the top folder cannot be changed`);
  return folder;
}

async function mkdir(store: ConfigStore, pathText: string, options: JsonOption): Promise<void> {
  const path = parseNamedFolder(pathText, 'PATH');
  await withSession(store, async ({ session }) => {
    const result = await session.client.request('createFolder', { path });
    if (options.json) printJson(result);
    else note(result.created ? `Made folder ${path}.` : `Folder ${path} exists already.`);
  });
}

async function rmdir(store: ConfigStore, pathText: string, options: JsonOption): Promise<void> {
  const path = parseNamedFolder(pathText, 'PATH');
  await withSession(store, async ({ session }) => {
    const { deleted } = await session.client.request('deleteFolder', { path });
    if (options.json) printJson({ path, deleted });
    else note(`Deleted folder ${path}${deleted > 1 ? ` and ${deleted - 1} empty folder(s) inside it` : ''}.`);
  });
}

async function moveFolder(store: ConfigStore, fromText: string, toText: string, options: JsonOption) {
  const from = parseNamedFolder(fromText, 'FROM');
  const to = parseFolder(toText, 'TO');
  if (to === from || to.startsWith(`${from}/`)) {
    throw new UsageError(`TO "${toText}": must not be ${from} itself or a folder inside it`);
  }
  await withSession(store, async ({ session }) => {
    const { moved } = await session.client.request('renameFolder', { from, to });
    if (options.json) printJson({ from, to, moved });
    else note(`Moved ${from} to ${to} (${moved} secret${moved === 1 ? '' : 's'}, trash included).`);
  });
}

export function registerFolders(program: Command, store: ConfigStore): void {
  program
    .command('mkdir')
    .summary('make an empty folder')
    .description(
      'Make a folder that stays while empty (a folder holding secrets exists anyway). Making one that ' +
        'exists changes nothing. Each person keeps a limited number of empty folders.\n\n' +
        'Exit codes: 0 made or there already, 1 refused (the limit), 2 bad usage.',
    )
    .argument('<path>', 'the folder, e.g. /ci/staging')
    .option('--json', 'print {path, created}')
    .addHelpText('after', '\nExample:\n  keyhold mkdir /ci/staging')
    .action((pathText: string, options: JsonOption) => mkdir(store, pathText, options));
  program
    .command('rmdir')
    .summary('delete an empty folder')
    .description(
      'Delete an empty folder and the empty folders inside it. A folder holding a secret (in it or below ' +
        'it; the trash aside) is refused: move or delete its secrets first.\n\n' +
        'Exit codes: 0 deleted, 1 not empty or no such folder, 2 bad usage.',
    )
    .argument('<path>', 'the folder, e.g. /ci/staging')
    .option('--json', 'print {path, deleted}')
    .addHelpText('after', '\nExample:\n  keyhold rmdir /ci/staging')
    .action((pathText: string, options: JsonOption) => rmdir(store, pathText, options));
  program
    .command('mv-folder')
    .summary('rename or move a folder')
    .description(
      'Rename or move a folder: your secrets in it and in every folder below it (the trash too), and the ' +
        'empty folders there, move to the same place under TO, all or none. A secret that would land beside ' +
        'one of the same name stops the move, naming it.\n\n' +
        'Exit codes: 0 moved, 1 refused (a name clash, no such folder), 2 bad usage.',
    )
    .argument('<from>', 'the folder, e.g. /ci')
    .argument('<to>', 'its new path, e.g. /build/ci')
    .option('--json', 'print {from, to, moved}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold mv-folder /ci /build/ci\n  keyhold mv-folder /old-name /new-name',
    )
    .action((fromText: string, toText: string, options: JsonOption) =>
      moveFolder(store, fromText, toText, options),
    );
}

// keyhold attach / download / attachments: files on an item, sealed here in chunks and streamed from and to
// disk, so a file of any size moves in a few MiB of memory.

import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AttachmentInfo } from '../../client/attachments/attachments.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { parseSecretRef } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { byteProgressBar } from '../progress.ts';
import { findSecretRef } from '../vault-lookup.ts';

const humanSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function findFile(session: VaultSession, secretId: string, name: string): Promise<AttachmentInfo> {
  const files = await session.attachments.list(secretId);
  const matching = files.filter((f) => f.name === name || f.attachmentId === name);
  if (matching.length === 0) throw new CliError(`no file named “${name}” on this item`);
  if (matching.length > 1)
    throw new CliError(`${matching.length} files are named “${name}”: give the id instead`);
  return matching[0] as AttachmentInfo;
}

async function attach(store: ConfigStore, pathText: string, file: string, options: { name?: string }) {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}`);
  }
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const bar = byteProgressBar('Uploading ');
    try {
      const name = options.name ?? path.basename(file);
      const id = await session.attachments.upload(
        found.id,
        { name, size, bytes: createReadStream(file, { highWaterMark: 256 * 1024 }) },
        (done, total) => bar.update(done, total),
      );
      bar.stop();
      printLine(`attached ${name} (${humanSize(size)}) to ${at.display} as ${id}`);
    } finally {
      bar.stop();
    }
  });
}

async function download(store: ConfigStore, pathText: string, name: string, options: { output: string }) {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const file = await findFile(session, found.id, name);
    // Written beside the target and renamed at the end: a refused chunk leaves no half file under its name.
    const partial = `${options.output}.part-${process.pid}`;
    const out = createWriteStream(partial, { mode: 0o600 });
    const bar = byteProgressBar('Downloading');
    try {
      for await (const bytes of session.attachments.download(found.id, file.attachmentId, (d, t) =>
        bar.update(d, t),
      )) {
        if (!out.write(bytes)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      renameSync(partial, options.output);
      bar.stop();
      printLine(`saved ${file.name} (${humanSize(file.size)}) to ${options.output}`);
    } catch (error) {
      out.destroy();
      rmSync(partial, { force: true });
      throw error;
    } finally {
      bar.stop();
    }
  });
}

async function list(store: ConfigStore, pathText: string, options: { json?: boolean }) {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const files = await session.attachments.list(found.id);
    if (options.json) {
      printJson(
        files.map((f) => ({
          id: f.attachmentId,
          name: f.name,
          size: f.size,
          type: f.type,
          createdAt: f.createdAt,
        })),
      );
      return;
    }
    if (files.length === 0) {
      printLine(`no files on ${at.display}`);
      return;
    }
    printTable(
      ['NAME', 'SIZE', 'ADDED', 'ID'],
      files.map((f) => [
        f.name,
        humanSize(f.size),
        f.createdAt.slice(0, 16).replace('T', ' '),
        f.attachmentId,
      ]),
    );
  });
}

export function registerAttachments(program: Command, store: ConfigStore): void {
  program
    .command('attach')
    .summary('add a file to a secret, encrypted here')
    .description(
      'Encrypt a file on this machine in 1 MiB chunks under a key of its own (wrapped by the secret’s key, so ' +
        'whoever reads the secret reads the file) and upload it. Limits per file and per user are server settings.',
    )
    .argument('<path>', 'the secret, e.g. /k8s/prod, or id:UUID')
    .argument('<file>', 'the file to attach')
    .option('--name <name>', 'the name to store it under (default: the file’s own name)')
    .action((pathText: string, file: string, options: { name?: string }) =>
      attach(store, pathText, file, options),
    );
  program
    .command('download')
    .summary('save a file of a secret to disk')
    .description(
      'Download a file attached to a secret, checking every chunk as it comes, and save it (mode 600).',
    )
    .argument('<path>', 'the secret, e.g. /k8s/prod, or id:UUID')
    .argument('<name>', 'the file’s name, or its id')
    .requiredOption('-o, --output <file>', 'where to save it')
    .action((pathText: string, name: string, options: { output: string }) =>
      download(store, pathText, name, options),
    );
  program
    .command('attachments')
    .summary('list the files of a secret')
    .argument('<path>', 'the secret, e.g. /k8s/prod, or id:UUID')
    .option('--json', 'print [{id, name, size, type, createdAt}]')
    .action((pathText: string, options: { json?: boolean }) => list(store, pathText, options));
}

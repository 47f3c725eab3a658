// keyhold send: a one-time link for a text or a small file, encrypted here under a key that is only in the
// printed link (the server keeps the ciphertext); also lists and revokes the caller's links.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { toBase64 } from '../../client/crypto/encoding.ts';
import type { SharePayload } from '../../client/links/share-link-crypto.ts';
import { createShareLink } from '../../client/links/share-links.ts';
import {
  SHARE_LINK_FILE_MAX_BYTES,
  SHARE_LINK_HOURS,
  SHARE_LINK_VIEWS,
  shareLinkIdSchema,
} from '../../contract/ops-links.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { UsageError } from '../errors.ts';
import { printJson, printTable, printValue } from '../output.ts';
import { askSecret, readPipedValue } from '../terminal-input.ts';

/** `90m` is refused: links last whole hours. `24h`, `7d`, or a bare number of hours. */
export function parseExpiry(text: string): number {
  const match = /^(\d{1,4})([hd]?)$/.exec(text.trim().toLowerCase());
  const hours = match ? Number(match[1]) * (match[2] === 'd' ? 24 : 1) : Number.NaN;
  if (!(hours >= SHARE_LINK_HOURS.min && hours <= SHARE_LINK_HOURS.max)) {
    throw new UsageError(`--expires must be hours or days from 1h to 30d (such as 24h or 7d), not "${text}"`);
  }
  return hours;
}

function parseViews(text: string): number {
  const views = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(views >= SHARE_LINK_VIEWS.min && views <= SHARE_LINK_VIEWS.max)) {
    throw new UsageError(`--views must be a whole number from 1 to 100, not "${text}"`);
  }
  return views;
}

interface SendOptions {
  expires: string;
  views: string;
  passwordPrompt?: boolean;
  file?: string;
  list?: boolean;
  revoke?: string;
  json?: boolean;
}

async function payloadOf(text: string | undefined, file: string | undefined): Promise<SharePayload> {
  if (file !== undefined) {
    if (text !== undefined) throw new UsageError('give either a TEXT or --file, not both');
    const size = statSync(file).size;
    if (size > SHARE_LINK_FILE_MAX_BYTES) {
      throw new UsageError(
        `${file} is larger than ${SHARE_LINK_FILE_MAX_BYTES} bytes (1 MB), the most a link carries`,
      );
    }
    return {
      kind: 'file',
      name: path.basename(file),
      type: 'application/octet-stream',
      data: toBase64(readFileSync(file)),
    };
  }
  if (text === undefined)
    throw new UsageError('give the TEXT to share, --file FILE, or - to read it from stdin');
  const value = text === '-' ? await readPipedValue() : text;
  if (value === '') throw new UsageError('the text to share is empty');
  return { kind: 'text', text: value };
}

async function send(store: ConfigStore, text: string | undefined, options: SendOptions): Promise<void> {
  if (options.list) return listLinks(store, options.json === true);
  if (options.revoke !== undefined) return revokeLink(store, options.revoke);
  const expiresInHours = parseExpiry(options.expires);
  const maxViews = parseViews(options.views);
  // The password first: with `-` the text is the rest of stdin after it.
  const password = options.passwordPrompt ? await askSecret('Password for the link: ') : null;
  if (password === '') throw new UsageError('the password is empty');
  const payload = await payloadOf(text, options.file);
  await withSession(store, async ({ session, config }) => {
    const made = await createShareLink(session.client, config.server, {
      payload,
      expiresInHours,
      maxViews,
      password,
    });
    if (options.json) printJson(made);
    else printValue(made.url);
  });
}

async function listLinks(store: ConfigStore, json: boolean): Promise<void> {
  await withSession(store, async ({ session }) => {
    const { links } = await session.client.request('listShareLinks', {});
    if (json) return printJson(links);
    printTable(
      ['ID', 'VIEWS', 'EXPIRES', 'PASSWORD', 'BYTES'],
      links.map((l) => [
        l.id,
        `${l.views}/${l.maxViews}`,
        l.expiresAt,
        l.password ? 'yes' : 'no',
        String(l.size),
      ]),
    );
  });
}

async function revokeLink(store: ConfigStore, id: string): Promise<void> {
  if (!shareLinkIdSchema.safeParse(id).success)
    throw new UsageError(`--revoke takes a link id (22 characters), not "${id}"`);
  await withSession(store, async ({ session }) => {
    await session.client.request('revokeShareLink', { id });
    printValue(`revoked ${id}`);
  });
}

export function registerSend(program: Command, store: ConfigStore): void {
  program
    .command('send')
    .summary('share a text or file once, through a link')
    .description(
      'Encrypt a text (or a file up to 1 MB) here and print a one-time link to it. The key is only in the ' +
        "link's #fragment, never sent to the server: whoever has the whole link can open it, until it " +
        'expires or its views are used. With --list, your links that still open; with --revoke ID, end one now.',
    )
    .argument('[text]', 'the text to share, or - to read it from stdin')
    .option('--expires <time>', 'how long it opens: 1h to 30d, such as 24h or 7d', '7d')
    .option('--views <n>', 'how many times it opens (1–100)', '1')
    .option('--password-prompt', 'ask for a password the page will ask for too')
    .option('--file <file>', 'share this file instead of a text')
    .option('--list', 'list your links that can still be opened')
    .option('--revoke <id>', 'revoke one of your links')
    .option('--json', 'print JSON')
    .action((text: string | undefined, options: SendOptions) => send(store, text, options));
}

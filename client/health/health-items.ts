// Reading the vault for the health report: the owner's secrets listed and their sealed values read a page
// at a time (the next page already on its way while one is opened), then opened into report items. The
// same reader serves the window (its worker opens) and the CLI (its worker threads open).
import { READ_BATCH_LIMIT } from '../../contract/index.ts';
import type { StoredItem } from '../bulk-types.ts';
import { CryptoError } from '../crypto/errors.ts';
import type { OpenedPayload } from '../item-payload.ts';
import type { KeyholdClient } from '../keyhold-client.ts';
import type { HealthItem } from './health-report.ts';

/** One owned secret as the report needs it before opening: what the list shows, and its sealed value. */
export interface SealedHealthItem extends StoredItem {
  readonly name: string;
  readonly path: string;
  /** When the current version was written. */
  readonly valueChangedAt: string;
}

export interface SealedPage {
  readonly items: SealedHealthItem[];
  /** Secrets listed so far, and how many the vault holds. */
  readonly listed: number;
  readonly total: number;
}

type Requester = Pick<KeyholdClient, 'request'>;

/** One page listed and its values read; `cursor` null for the first page. */
async function readPage(client: Requester, cursor: string | undefined) {
  const page = await client.request('listSecrets', {
    path: '/',
    recursive: true,
    limit: READ_BATCH_LIMIT,
    ...(cursor !== undefined && { cursor }),
  });
  const byId = new Map(page.items.map((s) => [s.id, s]));
  const read =
    page.items.length > 0
      ? (await client.request('readSecretBatch', { ids: page.items.map((s) => s.id) })).items
      : [];
  const items = read.flatMap((item): SealedHealthItem[] => {
    const summary = byId.get(item.id);
    // A destroyed current version has no password left to judge.
    if (!summary || item.value === null) return [];
    return [
      {
        id: item.id,
        name: summary.name,
        path: summary.path,
        valueVersion: item.version,
        value: item.value,
        wrappedKey: item.wrappedKey,
        valueChangedAt: item.createdAt,
      },
    ];
  });
  return { items, count: page.items.length, total: page.total, next: page.nextCursor };
}

/**
 * Every live secret the user owns, a page at a time. While the caller opens one page, the next is already
 * listed and read, so the server's work and the client's overlap instead of adding up.
 */
export async function* sealedVaultPages(client: Requester): AsyncGenerator<SealedPage> {
  let listed = 0;
  let pending = readPage(client, undefined);
  for (;;) {
    const page = await pending;
    listed += page.count;
    const next = page.next;
    if (next !== null) {
      pending = readPage(client, next);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
    }
    yield { items: page.items, listed, total: page.total };
    if (next === null) return;
  }
}

/** A report item from an opened payload; the payload's notes are left behind. */
export function healthItemOf(sealed: SealedHealthItem, payload: OpenedPayload): HealthItem {
  return {
    id: sealed.id,
    name: sealed.name,
    path: sealed.path,
    value: payload.value,
    valueChangedAt: sealed.valueChangedAt,
    fields: payload.fields.map((f) => ({ name: f.name, value: f.value })),
    twoStep: payload.twoStep === true,
  };
}

/** A value that decrypted but is not an item (zod's error), treated like one that does not open. */
const isSchemaError = (error: unknown) => error instanceof Error && error.name === 'ZodError';
/** Failures that leave one item out of the report rather than stopping it: altered, or not this user's. */
export const isUnreadable = (error: unknown) =>
  error instanceof CryptoError || error instanceof SyntaxError || isSchemaError(error);

export type Opener = (items: readonly StoredItem[]) => OpenedPayload[] | Promise<OpenedPayload[]>;

/**
 * Opens a page into report items. A batch that fails is opened again one item at a time, so one value
 * that does not open leaves that item out only (counted as unreadable).
 */
export async function openHealthItems(
  sealed: readonly SealedHealthItem[],
  open: Opener,
): Promise<{ items: HealthItem[]; unreadable: number }> {
  try {
    const payloads = await open(sealed);
    return { items: sealed.map((s, i) => healthItemOf(s, payloads[i] as OpenedPayload)), unreadable: 0 };
  } catch (error) {
    if (!isUnreadable(error) || sealed.length === 1) {
      if (isUnreadable(error)) return { items: [], unreadable: 1 };
      throw error;
    }
  }
  const items: HealthItem[] = [];
  let unreadable = 0;
  for (const one of sealed) {
    const opened = await openHealthItems([one], open);
    items.push(...opened.items);
    unreadable += opened.unreadable;
  }
  return { items, unreadable };
}

export interface HealthReading {
  readonly items: HealthItem[];
  readonly unreadable: number;
}

/** The whole vault read and opened with `open` (the CLI's worker threads), with progress per page. */
export async function collectHealthItems(
  client: Requester,
  open: Opener,
  onProgress?: (done: number, total: number) => void,
): Promise<HealthReading> {
  const items: HealthItem[] = [];
  let unreadable = 0;
  for await (const page of sealedVaultPages(client)) {
    const opened = await openHealthItems(page.items, open);
    items.push(...opened.items);
    unreadable += opened.unreadable;
    onProgress?.(page.listed, page.total);
  }
  return { items, unreadable };
}

// Messages between the window and its search-index worker: what to index, what to forget, what to find.
import type { BulkRequest } from '../../../client/workers/bulk-protocol.ts';
import type { SecretSummary } from '../../../contract/index.ts';

/** One owned secret as listed and read from the server: its metadata and its value, still sealed. */
export interface SealedItem {
  summary: SecretSummary;
  valueVersion: number;
  value: string;
  wrappedKey: string;
}

/**
 * A row the index found. For a username or URL match, which decrypted field matched and its text: the list
 * shows it, so a person sees why the row is there; null for a name, folder or tag match.
 */
export interface IndexMatch {
  summary: SecretSummary;
  field: string | null;
  text: string;
}

/**
 * What a query looks in: 'fields' the usernames and URLs (leaving out rows a name search returns, for when
 * the server answers that), 'names' names, folders and tags as the server's search does, 'all' both (the
 * field matches first, then the name matches in the server's list order).
 */
export type QueryScope = 'fields' | 'names' | 'all';

export type SearchRequest =
  /** The user's keys, handed over by the session's worker pool (client/workers/bulk-pool.ts), as it sends them. */
  | Extract<BulkRequest, { kind: 'keys' }>
  /** Wipes the keys and everything indexed (lock, sign-out). */
  | { kind: 'forget' }
  /** A sync pass begins: entries not named again before 'sync-end' are dropped then. */
  | { kind: 'sync-begin'; id: number }
  /** One listed page: metadata is taken at once; the reply names the secrets whose value must be read. */
  | { kind: 'sync-page'; id: number; summaries: SecretSummary[] }
  | { kind: 'sync-end'; id: number }
  /** Values to open and index (new secrets or new versions): opened on the worker's own decrypt workers. */
  | { kind: 'put'; id: number; items: SealedItem[] }
  | { kind: 'drop'; id: number; ids: string[] }
  /** A page of the matches in `scope`, and how many there are in all. */
  | { kind: 'query'; id: number; query: string; offset: number; limit: number; scope: QueryScope }
  /** Queries nobody waits for any more (the person typed on): answered 'cancelled' if not yet run. */
  | { kind: 'cancel'; ids: number[] }
  /** Shared memory through which the window asks for a keystroke's first page synchronously (search-channel.ts). */
  | { kind: 'channel'; buffer: SharedArrayBuffer };

export interface IndexStats {
  /** Secrets whose username and URL are searchable. */
  indexed: number;
  /** Secrets listed whose value is not opened yet (a sync in progress). */
  pending: number;
  /** Values that did not open with this user's key (altered, or not theirs): left out, not fatal. */
  unreadable: number;
  /** Counts every change to what a query can find: a query asked again only when it moved. */
  changes: number;
}

export type SearchReply =
  | { id: number; ok: true; kind: 'ack'; stats: IndexStats }
  | { id: number; ok: true; kind: 'need'; ids: string[]; stats: IndexStats }
  | { id: number; ok: true; kind: 'found'; total: number; matches: IndexMatch[] }
  | { id: number; ok: true; kind: 'cancelled' }
  | { id: number; ok: false; message: string };

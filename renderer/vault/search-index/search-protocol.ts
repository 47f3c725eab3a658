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

/** Which decrypted field a row matched on: the list shows it, so a person sees why the row is there. */
export interface IndexMatch {
  summary: SecretSummary;
  field: string;
  text: string;
}

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
  /** Matches on username or URL that the server's own search (name, folder, tag) does not return. */
  | { kind: 'query'; id: number; query: string; offset: number; limit: number }
  /** Queries nobody waits for any more (the person typed on): answered 'cancelled' if not yet run. */
  | { kind: 'cancel'; ids: number[] };

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

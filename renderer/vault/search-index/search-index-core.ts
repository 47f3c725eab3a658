// The body of the search-index worker: it holds the user's keys, has each owned secret's value opened once
// (on decrypt workers of its own when it has them), and keeps only the username and URL fields for substring
// search, beside every owned secret's listed name, folder and tags, which it searches as the server does once
// it holds the whole vault. Runtime-neutral, so a test runs it in Node.
import { BulkItems, type BulkOpener, openEach } from '../../../client/bulk-items.ts';
import type { KeySet } from '../../../client/crypto/own-keys.ts';
import type { OpenedPayload } from '../../../client/item-payload.ts';
import type { ParallelBulk } from '../../../client/workers/bulk-pool.ts';
import { type SecretSummary, secretSearchText, secretSortKey } from '../../../contract/index.ts';
import { type ChannelAnswer, type ChannelQuery, serveChannel } from './search-channel.ts';
import { Matcher } from './search-matcher.ts';
import type { IndexMatch, IndexStats, SealedItem, SearchReply, SearchRequest } from './search-protocol.ts';

/**
 * The fields that are searched: usernames and URLs (Bitwarden's extra URIs arrive as "url 2", "url 3").
 * The value itself, notes, hidden fields and every other field never enter the index.
 */
const SEARCHED_FIELD = /^(username|user name|login|e-?mail|url|uri|website)( \d+)?$/i;

interface Entry {
  summary: SecretSummary;
  /** What a name search looks in, as the server's (contract/secret-order.ts). */
  metaText: string;
  fields: { field: string; text: string }[];
  /** The fields' texts, lower-cased and joined by newlines (which a field of one line cannot hold). */
  haystack: string;
  /** The value version the fields come from; null until its value is opened. */
  indexedVersion: number | null;
  unreadable: boolean;
  /** The sync pass that last listed it. */
  seen: number;
}

type Status = 'indexed' | 'pending' | 'unreadable';
const statusOf = (e: Entry): Status =>
  e.unreadable ? 'unreadable' : e.indexedVersion === e.summary.version ? 'indexed' : 'pending';

/** Username and URL matches, leaving out those a name search returns anyway (listed once, as name matches). */
const FIELD_RULE = {
  textOf: (e: Entry) => e.haystack,
  leaveOut: (e: Entry, text: string) => e.metaText.includes(text),
};
/** Name, folder and tag matches: the server's search, run here. */
const NAME_RULE = { textOf: (e: Entry) => e.metaText };

/**
 * The entries in the server's list order (contract/secret-order.ts): each key is built for the sort only,
 * not kept per entry: a string per secret, held for the sort alone, is heap the worker keeps all session.
 */
function listOrderOf(all: Iterable<Entry>): Entry[] {
  const keyed = Array.from(all, (entry) => ({ key: secretSortKey(entry.summary), entry }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.entry);
}

/** The query as the server reads it: trimmed by the contract's schema, then lower-cased. */
export const normalizeQuery = (query: string) => query.trim().toLowerCase();

function searchedFields(payload: OpenedPayload): { field: string; text: string }[] {
  return payload.fields
    .filter((f) => !f.hidden && SEARCHED_FIELD.test(f.name.trim()) && f.value.trim() !== '')
    .map((f) => ({ field: f.name, text: f.value.replaceAll('\n', ' ') }));
}

export interface IndexOptions {
  /** Starts the workers that open values (nested Web Workers in the window); null: values open here. */
  startPool?: (keys: KeySet) => ParallelBulk | null;
  /**
   * Runs queued queries a moment later (a timer in the worker), so that a cancel sent just after a query
   * is read first and the query is never run. Tests pass their own to decide when.
   */
  defer?: (run: () => void) => void;
}

type Query = Extract<SearchRequest, { kind: 'query' }>;
export type Send = (reply: SearchReply) => void;

export function searchIndexHandler(options: IndexOptions = {}): (request: SearchRequest, send: Send) => void {
  const defer = options.defer ?? ((run: () => void) => setTimeout(run, 0));
  /** Every key the pool handed over, wiped on forget. */
  let held: Uint8Array[] = [];
  let opener: BulkOpener | null = null;
  let pool: ParallelBulk | null = null;
  /** Bumped on forget: an open still running for keys since forgotten is dropped when it ends. */
  let epoch = 0;
  const entries = new Map<string, Entry>();
  const counts: Record<Status, number> = { indexed: 0, pending: 0, unreadable: 0 };
  let pass = 0;
  /** Bumped on every change, so a remembered query's matches are known to be current. */
  let changes = 0;
  const fieldMatcher = new Matcher<Entry>(FIELD_RULE);
  const nameMatcher = new Matcher<Entry>(NAME_RULE);
  /** The entries in the server's list order, sorted again only after a change. */
  let listOrder: { changes: number; entries: Entry[] } | null = null;
  const inListOrder = (): Entry[] => {
    if (listOrder?.changes !== changes) listOrder = { changes, entries: listOrderOf(entries.values()) };
    return listOrder.entries;
  };
  const queries: Query[] = [];
  let draining = false;

  const forget = () => {
    epoch++;
    pool?.close();
    pool = null;
    opener?.forget();
    opener = null;
    for (const key of held) key.fill(0);
    held = [];
    entries.clear();
    counts.indexed = counts.pending = counts.unreadable = 0;
    fieldMatcher.clear();
    nameMatcher.clear();
    listOrder = null;
    changes++;
  };

  const stats = (): IndexStats => ({ ...counts, changes });

  /** Changes an entry, keeping the counts by status in step. */
  const update = (entry: Entry, change: () => void) => {
    counts[statusOf(entry)]--;
    change();
    counts[statusOf(entry)]++;
  };

  const entryFor = (summary: SecretSummary): { entry: Entry; stale: boolean } => {
    let entry = entries.get(summary.id);
    if (!entry) {
      entry = {
        summary,
        metaText: secretSearchText(summary),
        fields: [],
        haystack: '',
        indexedVersion: null,
        unreadable: false,
        seen: pass,
      };
      entries.set(summary.id, entry);
      counts[statusOf(entry)]++;
      changes++;
      return { entry, stale: true };
    }
    const existing = entry;
    if (existing.summary.revision !== summary.revision || existing.summary.version !== summary.version) {
      changes++;
      update(existing, () => {
        existing.summary = summary;
        existing.metaText = secretSearchText(summary);
      });
    }
    existing.seen = pass;
    return { entry: existing, stale: existing.indexedVersion !== summary.version };
  };

  const remove = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    counts[statusOf(entry)]--;
    entries.delete(id);
    changes++;
  };

  /** Opens the values (on the decrypt workers when there are some) and indexes what opened. */
  const put = async (items: readonly SealedItem[]): Promise<void> => {
    if (!opener) throw new Error('the search index holds no keys');
    const at = epoch;
    // Taken at once, in the order listed: the entries keep the list's order whatever opens first.
    const taken = items.map((item) => entryFor(item.summary).entry);
    const stored = items.map((item) => ({
      id: item.summary.id,
      valueVersion: item.valueVersion,
      value: item.value,
      wrappedKey: item.wrappedKey,
    }));
    const payloads = pool ? await pool.openEach(stored) : openEach(opener, stored);
    if (at !== epoch) return;
    changes++;
    items.forEach((item, i) => {
      const entry = taken[i] as Entry;
      // Dropped meanwhile, or a newer version already indexed: this answer is out of date.
      if (entries.get(item.summary.id) !== entry) return;
      if (entry.indexedVersion !== null && entry.indexedVersion > item.valueVersion) return;
      const payload = payloads[i] ?? null;
      update(entry, () => {
        entry.indexedVersion = item.valueVersion;
        entry.fields = payload ? searchedFields(payload) : [];
        entry.unreadable = payload === null;
        entry.haystack = entry.fields.map((f) => f.text.toLowerCase()).join('\n');
      });
    });
  };

  /** A page of the matches in a scope, and how many there are in all. */
  const pageOf = (request: ChannelQuery): ChannelAnswer => {
    const text = normalizeQuery(request.query);
    const fields = request.scope === 'names' ? [] : fieldMatcher.find(text, changes, () => entries.values());
    const names = request.scope === 'fields' ? [] : nameMatcher.find(text, changes, inListOrder);
    // Username and URL matches first (why they are there is shown), then name matches in the list's order.
    const total = fields.length + names.length;
    const matches: IndexMatch[] = [];
    for (let i = request.offset; i < Math.min(total, request.offset + request.limit); i++) {
      matches.push(
        i < fields.length ? toMatch(fields[i] as Entry, text) : nameMatch(names[i - fields.length] as Entry),
      );
    }
    return { total, matches };
  };

  const answer = (request: Query): SearchReply => ({
    id: request.id,
    ok: true,
    kind: 'found',
    ...pageOf(request),
  });

  let stopChannel: (() => void) | null = null;

  const drain = (send: Send) => {
    draining = false;
    for (const request of queries.splice(0)) send(answer(request));
  };

  const failure = (id: number, error: unknown): SearchReply => ({
    id,
    ok: false,
    // The message names the kind of failure only: never a key, a value or a field.
    message: error instanceof Error ? error.message : 'failed',
  });

  return (request, send) => {
    switch (request.kind) {
      case 'keys': {
        forget();
        const { kind: _kind, ...keys } = request;
        held = Object.values(keys).filter((k): k is Uint8Array => k instanceof Uint8Array);
        opener = new BulkItems(keys).opener();
        pool = options.startPool?.(keys) ?? null;
        return;
      }
      case 'forget':
        forget();
        stopChannel?.();
        stopChannel = null;
        return;
      case 'channel':
        stopChannel?.();
        stopChannel = serveChannel(request.buffer, pageOf);
        return;
      case 'cancel':
        for (const id of request.ids) {
          const at = queries.findIndex((q) => q.id === id);
          if (at >= 0) {
            queries.splice(at, 1);
            send({ id, ok: true, kind: 'cancelled' });
          }
        }
        return;
      case 'query':
        queries.push(request);
        if (!draining) {
          draining = true;
          defer(() => drain(send));
        }
        return;
      case 'put':
        put(request.items).then(
          () => send({ id: request.id, ok: true, kind: 'ack', stats: stats() }),
          (error: unknown) => send(failure(request.id, error)),
        );
        return;
    }
    try {
      switch (request.kind) {
        case 'sync-begin':
          pass++;
          send({ id: request.id, ok: true, kind: 'ack', stats: stats() });
          return;
        case 'sync-page': {
          const ids = request.summaries.flatMap((s) => (entryFor(s).stale ? [s.id] : []));
          send({ id: request.id, ok: true, kind: 'need', ids, stats: stats() });
          return;
        }
        case 'sync-end':
          for (const [id, entry] of entries) if (entry.seen !== pass) remove(id);
          send({ id: request.id, ok: true, kind: 'ack', stats: stats() });
          // Sorted now, while nobody types, rather than on the next keystroke (100,000 entries take a moment).
          defer(() => void inListOrder());
          return;
        case 'drop':
          for (const id of request.ids) remove(id);
          send({ id: request.id, ok: true, kind: 'ack', stats: stats() });
          return;
      }
    } catch (error) {
      send(failure(request.id, error));
    }
  };
}

function toMatch(entry: Entry, text: string): IndexMatch {
  const hit = entry.fields.find((f) => f.text.toLowerCase().includes(text)) ?? entry.fields[0];
  return { summary: entry.summary, field: hit?.field ?? '', text: hit?.text ?? '' };
}

/** A name, folder or tag match: the row itself says why it is there. */
const nameMatch = (entry: Entry): IndexMatch => ({ summary: entry.summary, field: null, text: '' });

// The body of the search-index worker: it holds the user's keys, opens each owned secret's value once, and
// keeps only the username and URL fields for substring search. Runtime-neutral, so a test runs it in Node.
import { BulkItems, type BulkOpener } from '../../../client/bulk-items.ts';
import { CryptoError } from '../../../client/crypto/errors.ts';
import type { OpenedPayload } from '../../../client/item-payload.ts';
import type { SecretSummary } from '../../../contract/index.ts';
import type { IndexMatch, IndexStats, SealedItem, SearchReply, SearchRequest } from './search-protocol.ts';

/**
 * The fields that are searched: usernames and URLs (Bitwarden's extra URIs arrive as "url 2", "url 3").
 * The value itself, notes, hidden fields and every other field never enter the index.
 */
const SEARCHED_FIELD = /^(username|user name|login|e-?mail|url|uri|website)( \d+)?$/i;

interface Entry {
  summary: SecretSummary;
  /** What the server's own search looks in (secret-index.ts): a row it returns is not added twice. */
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

/** Exactly the server's rule: name, path and tags joined by newlines, lower-cased (server/secrets/secret-index.ts). */
const metaTextOf = (s: SecretSummary) => [s.name, s.path, ...s.tags].join('\n').toLowerCase();

/** The query as the server reads it: trimmed by the contract's schema, then lower-cased. */
export const normalizeQuery = (query: string) => query.trim().toLowerCase();

function searchedFields(payload: OpenedPayload): { field: string; text: string }[] {
  return payload.fields
    .filter((f) => !f.hidden && SEARCHED_FIELD.test(f.name.trim()) && f.value.trim() !== '')
    .map((f) => ({ field: f.name, text: f.value.replaceAll('\n', ' ') }));
}

export function searchIndexHandler(): (request: SearchRequest) => SearchReply | null {
  /** Every key the pool handed over, wiped on forget. */
  let held: Uint8Array[] = [];
  let opener: BulkOpener | null = null;
  const entries = new Map<string, Entry>();
  let pass = 0;
  /** Bumped on every change, so a cached query's matches are known to be current. */
  let changes = 0;
  let lastQuery: { text: string; changes: number; matches: Entry[] } | null = null;

  const forget = () => {
    opener?.forget();
    opener = null;
    for (const key of held) key.fill(0);
    held = [];
    entries.clear();
    lastQuery = null;
    changes++;
  };

  const stats = (): IndexStats => {
    const counts = { indexed: 0, pending: 0, unreadable: 0, changes };
    for (const e of entries.values()) {
      if (e.unreadable) counts.unreadable++;
      else if (e.indexedVersion === e.summary.version) counts.indexed++;
      else counts.pending++;
    }
    return counts;
  };

  const entryFor = (summary: SecretSummary): { entry: Entry; stale: boolean } => {
    let entry = entries.get(summary.id);
    if (!entry) {
      entry = {
        summary,
        metaText: '',
        fields: [],
        haystack: '',
        indexedVersion: null,
        unreadable: false,
        seen: 0,
      };
      entries.set(summary.id, entry);
      changes++;
    } else if (entry.summary.revision !== summary.revision || entry.summary.version !== summary.version) {
      changes++;
    }
    entry.summary = summary;
    entry.metaText = metaTextOf(summary);
    entry.seen = pass;
    return { entry, stale: entry.indexedVersion !== summary.version };
  };

  const put = (items: readonly SealedItem[]) => {
    if (!opener) throw new Error('the search index holds no keys');
    for (const item of items) {
      const { entry } = entryFor(item.summary);
      entry.indexedVersion = item.valueVersion;
      try {
        const [payload] = opener.open([
          {
            id: item.summary.id,
            valueVersion: item.valueVersion,
            value: item.value,
            wrappedKey: item.wrappedKey,
          },
        ]);
        entry.fields = payload ? searchedFields(payload) : [];
        entry.unreadable = false;
      } catch (error) {
        // One value that does not open (altered, or sealed for someone else) leaves that secret out only.
        if (!(error instanceof CryptoError) && !(error instanceof SyntaxError) && !isSchemaError(error))
          throw error;
        entry.fields = [];
        entry.unreadable = true;
      }
      entry.haystack = entry.fields.map((f) => f.text.toLowerCase()).join('\n');
    }
  };

  const find = (query: string): Entry[] => {
    const text = normalizeQuery(query);
    if (lastQuery && lastQuery.text === text && lastQuery.changes === changes) return lastQuery.matches;
    const matches: Entry[] = [];
    if (text !== '') {
      for (const entry of entries.values()) {
        if (entry.haystack.includes(text) && !entry.metaText.includes(text)) matches.push(entry);
      }
    }
    lastQuery = { text, changes, matches };
    return matches;
  };

  return (request) => {
    if (request.kind === 'keys') {
      forget();
      const { kind: _kind, ...keys } = request;
      held = Object.values(keys).filter((k): k is Uint8Array => k instanceof Uint8Array);
      opener = new BulkItems(keys).opener();
      return null;
    }
    if (request.kind === 'forget') {
      forget();
      return null;
    }
    try {
      switch (request.kind) {
        case 'sync-begin':
          pass++;
          return { id: request.id, ok: true, kind: 'ack', stats: stats() };
        case 'sync-page': {
          const ids = request.summaries.flatMap((s) => (entryFor(s).stale ? [s.id] : []));
          return { id: request.id, ok: true, kind: 'need', ids, stats: stats() };
        }
        case 'sync-end':
          for (const [id, entry] of entries) {
            if (entry.seen === pass) continue;
            entries.delete(id);
            changes++;
          }
          return { id: request.id, ok: true, kind: 'ack', stats: stats() };
        case 'put':
          changes++;
          put(request.items);
          return { id: request.id, ok: true, kind: 'ack', stats: stats() };
        case 'drop':
          for (const id of request.ids) if (entries.delete(id)) changes++;
          return { id: request.id, ok: true, kind: 'ack', stats: stats() };
        case 'query': {
          const matches = find(request.query);
          const page = matches.slice(request.offset, request.offset + request.limit);
          return {
            id: request.id,
            ok: true,
            kind: 'found',
            total: matches.length,
            matches: page.map((e) => toMatch(e, normalizeQuery(request.query))),
          };
        }
      }
    } catch (error) {
      // The message names the kind of failure only: never a key, a value or a field.
      return { id: request.id, ok: false, message: error instanceof Error ? error.message : 'failed' };
    }
  };
}

function toMatch(entry: Entry, text: string): IndexMatch {
  const hit = entry.fields.find((f) => f.text.toLowerCase().includes(text)) ?? entry.fields[0];
  return { summary: entry.summary, field: hit?.field ?? '', text: hit?.text ?? '' };
}

/** A payload that decrypted but is not an item (zod's error), treated like one that does not open. */
const isSchemaError = (error: unknown) => error instanceof Error && error.name === 'ZodError';

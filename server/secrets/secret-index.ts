// In-memory index of secret metadata per owner: names live sealed on disk, so listing and search run here.
import { type SecretSummary, secretPathKey, secretSearchText, secretSortKey } from '../../contract/index.ts';
import type { SecretRecord } from './secrets-repo.ts';

interface Entry {
  record: SecretRecord;
  summary: SecretSummary;
  ownerId: string;
  /**
   * Path segments joined by \u0001, then \u0000 and the name. A folder's own secrets are one contiguous
   * range of keys and its whole subtree another, so listing is a binary search, not a scan.
   */
  sortKey: string;
  haystack: string;
}

export interface Page {
  items: SecretSummary[];
  nextCursor: string | null;
  total: number;
}

function toEntry(s: SecretRecord): Entry {
  const summary: SecretSummary = {
    id: s.id,
    name: s.name,
    path: s.path,
    tags: s.tags,
    type: s.type,
    version: s.version,
    revision: s.metaVersion,
    updatedAt: s.updatedAt,
    deletedAt: s.deletedAt,
  };
  return {
    record: s,
    summary,
    ownerId: s.ownerId,
    sortKey: secretSortKey(s),
    haystack: secretSearchText(s),
  };
}

/** First index whose key is > key (or >= key when inclusive). */
function bound(entries: Entry[], key: string, inclusive: boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = (entries[mid] as Entry).sortKey;
    if (k < key || (!inclusive && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: string | undefined) =>
  cursor === undefined ? null : Buffer.from(cursor, 'base64url').toString('utf8');

/** One owner's entries, sorted, with a lazily built text of all haystacks for fast substring search. */
class Shelf {
  entries: Entry[] = [];
  #text: string | null = null;
  #offsets: Int32Array = new Int32Array(0);

  insert(entry: Entry): void {
    this.entries.splice(bound(this.entries, entry.sortKey, true), 0, entry);
    this.#text = null;
  }

  remove(entry: Entry): void {
    const at = bound(this.entries, entry.sortKey, true);
    if (this.entries[at] === entry) this.entries.splice(at, 1);
    this.#text = null;
  }

  load(entries: Entry[]): void {
    this.entries = entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    this.#text = null;
  }

  /** Indexes of entries whose haystack contains needle, in sort order (indexOf over one string is fast). */
  *matches(needle: string): Generator<number> {
    if (this.#text === null) {
      this.#offsets = new Int32Array(this.entries.length + 1);
      let at = 0;
      const parts: string[] = [];
      this.entries.forEach((e, i) => {
        this.#offsets[i] = at;
        parts.push(e.haystack);
        at += e.haystack.length + 1;
      });
      this.#offsets[this.entries.length] = at;
      this.#text = parts.join('\u0000');
    }
    const text = this.#text;
    let from = 0;
    for (;;) {
      const hit = text.indexOf(needle, from);
      if (hit < 0) return;
      // The entry holding this offset: the last whose start is <= hit.
      let lo = 0;
      let hi = this.entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.#offsets[mid + 1] as number) <= hit) lo = mid + 1;
        else hi = mid;
      }
      yield lo;
      from = this.#offsets[lo + 1] as number;
    }
  }
}

export class SecretIndex {
  /** Live secrets and the trash are kept apart, so neither listing needs to skip the other. */
  readonly #live = new Map<string, Shelf>();
  readonly #trash = new Map<string, Shelf>();
  readonly #byId = new Map<string, Entry>();

  get size(): number {
    return this.#byId.size;
  }

  ownerOf(id: string): string | null {
    return this.#byId.get(id)?.ownerId ?? null;
  }

  get(id: string): SecretSummary | null {
    return this.#byId.get(id)?.summary ?? null;
  }

  /** The full committed record (with owner and metadata version), for check-and-set writes. */
  record(id: string): SecretRecord | null {
    return this.#byId.get(id)?.record ?? null;
  }

  #shelf(entry: Entry): Shelf {
    const shelves = entry.summary.deletedAt === null ? this.#live : this.#trash;
    let shelf = shelves.get(entry.ownerId);
    if (!shelf) {
      shelf = new Shelf();
      shelves.set(entry.ownerId, shelf);
    }
    return shelf;
  }

  upsert(secret: SecretRecord): void {
    this.remove(secret.id);
    const entry = toEntry(secret);
    this.#shelf(entry).insert(entry);
    this.#byId.set(secret.id, entry);
  }

  remove(id: string): void {
    const entry = this.#byId.get(id);
    if (!entry) return;
    this.#shelf(entry).remove(entry);
    this.#byId.delete(id);
  }

  /** Replaces everything at once (at unseal): one sort instead of a hundred thousand inserts. */
  load(secrets: Iterable<SecretRecord>): void {
    this.clear();
    const groups = new Map<Shelf, Entry[]>();
    for (const secret of secrets) {
      const entry = toEntry(secret);
      this.#byId.set(secret.id, entry);
      const shelf = this.#shelf(entry);
      const group = groups.get(shelf);
      if (group) group.push(entry);
      else groups.set(shelf, [entry]);
    }
    for (const [shelf, entries] of groups) shelf.load(entries);
  }

  clear(): void {
    this.#live.clear();
    this.#trash.clear();
    this.#byId.clear();
  }

  list(
    ownerId: string,
    q: {
      path: string;
      recursive: boolean;
      deleted: boolean;
      cursor?: string | undefined;
      offset?: number | undefined;
      limit: number;
    },
  ): Page {
    const entries = (q.deleted ? this.#trash : this.#live).get(ownerId)?.entries ?? [];
    const prefix = secretPathKey(q.path);
    // Direct children end at \u0001 (where subfolders begin); the subtree ends at \u0002.
    const start = bound(entries, `${prefix}\u0000`, true);
    const end = bound(entries, `${prefix}${q.recursive ? '\u0002' : '\u0001'}`, true);
    const after = decodeCursor(q.cursor);
    const first =
      after === null ? Math.min(end, start + (q.offset ?? 0)) : Math.max(start, bound(entries, after, false));
    const page = entries.slice(first, Math.min(end, first + q.limit));
    const last = page.at(-1);
    return {
      items: page.map((e) => e.summary),
      nextCursor: last && first + page.length < end ? encodeCursor(last.sortKey) : null,
      total: end - start,
    };
  }

  search(
    ownerId: string,
    q: { query: string; cursor?: string | undefined; offset?: number | undefined; limit: number },
  ): Page {
    const shelf = this.#live.get(ownerId);
    if (!shelf) return { items: [], nextCursor: null, total: 0 };
    const after = decodeCursor(q.cursor);
    const items: SecretSummary[] = [];
    let total = 0;
    let more = false;
    const skip = after === null ? (q.offset ?? 0) : 0;
    for (const i of shelf.matches(q.query.toLowerCase())) {
      total++;
      const entry = shelf.entries[i] as Entry;
      if (after !== null && entry.sortKey <= after) continue;
      if (total <= skip) continue;
      if (items.length < q.limit) items.push(entry.summary);
      else more = true;
    }
    const last = items.at(-1);
    return {
      items,
      nextCursor: more && last ? encodeCursor(this.#byId.get(last.id)?.sortKey ?? '') : null,
      total,
    };
  }

  folders(ownerId: string): { path: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.#live.get(ownerId)?.entries ?? [])
      counts.set(e.summary.path, (counts.get(e.summary.path) ?? 0) + 1);
    return [...counts].map(([path, count]) => ({ path, count })).sort((a, b) => a.path.localeCompare(b.path));
  }
}

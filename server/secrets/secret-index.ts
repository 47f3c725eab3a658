// In-memory index of secret metadata per owner: names live sealed on disk, so listing and search run here.
import type { SecretSummary } from '../contract/index.ts';
import type { SecretRecord } from './secrets-repo.ts';

interface Entry {
  record: SecretRecord;
  summary: SecretSummary;
  ownerId: string;
  /** Path segments joined by \u0001, then \u0000 and the name: one folder's subtree is one contiguous range. */
  sortKey: string;
  haystack: string;
}

export interface Page {
  items: SecretSummary[];
  nextCursor: string | null;
  total: number;
}

const pathKey = (path: string) => (path === '/' ? '' : path.replaceAll('/', '\u0001'));

function toEntry(s: SecretRecord): Entry {
  const summary: SecretSummary = {
    id: s.id,
    name: s.name,
    path: s.path,
    tags: s.tags,
    type: s.type,
    version: s.version,
    updatedAt: s.updatedAt,
    deletedAt: s.deletedAt,
  };
  return {
    record: s,
    summary,
    ownerId: s.ownerId,
    sortKey: `${pathKey(s.path)}\u0000${s.name.toLowerCase()}\u0000${s.id}`,
    haystack: [s.name, s.path, ...s.tags].join('\n').toLowerCase(),
  };
}

/** First index whose key is >= key (binary search). */
function lowerBound(entries: Entry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).sortKey < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: string | undefined) =>
  cursor === undefined ? null : Buffer.from(cursor, 'base64url').toString('utf8');

export class SecretIndex {
  readonly #byOwner = new Map<string, Entry[]>();
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

  upsert(secret: SecretRecord): void {
    this.remove(secret.id);
    const entry = toEntry(secret);
    let list = this.#byOwner.get(entry.ownerId);
    if (!list) {
      list = [];
      this.#byOwner.set(entry.ownerId, list);
    }
    list.splice(lowerBound(list, entry.sortKey), 0, entry);
    this.#byId.set(secret.id, entry);
  }

  remove(id: string): void {
    const entry = this.#byId.get(id);
    if (!entry) return;
    const list = this.#byOwner.get(entry.ownerId) ?? [];
    const at = lowerBound(list, entry.sortKey);
    if (list[at] === entry) list.splice(at, 1);
    this.#byId.delete(id);
  }

  clear(): void {
    this.#byOwner.clear();
    this.#byId.clear();
  }

  list(
    ownerId: string,
    q: { path: string; recursive: boolean; deleted: boolean; cursor?: string | undefined; limit: number },
  ): Page {
    const list = this.#byOwner.get(ownerId) ?? [];
    const prefix = pathKey(q.path);
    const start = lowerBound(list, `${prefix}\u0000`);
    const end = lowerBound(list, `${prefix}\u0002`);
    const inFolder = (e: Entry) => q.recursive || e.summary.path === q.path;
    return this.#page(
      list,
      start,
      end,
      (e) => inFolder(e) && (e.summary.deletedAt !== null) === q.deleted,
      q,
    );
  }

  search(ownerId: string, q: { query: string; cursor?: string | undefined; limit: number }): Page {
    const list = this.#byOwner.get(ownerId) ?? [];
    const needle = q.query.toLowerCase();
    return this.#page(
      list,
      0,
      list.length,
      (e) => e.summary.deletedAt === null && e.haystack.includes(needle),
      q,
    );
  }

  folders(ownerId: string): { path: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.#byOwner.get(ownerId) ?? []) {
      if (e.summary.deletedAt === null) counts.set(e.summary.path, (counts.get(e.summary.path) ?? 0) + 1);
    }
    return [...counts].map(([path, count]) => ({ path, count })).sort((a, b) => a.path.localeCompare(b.path));
  }

  #page(
    list: Entry[],
    start: number,
    end: number,
    keep: (e: Entry) => boolean,
    q: { cursor?: string | undefined; limit: number },
  ): Page {
    const after = decodeCursor(q.cursor);
    const items: SecretSummary[] = [];
    let total = 0;
    let more = false;
    for (let i = start; i < end; i++) {
      const e = list[i] as Entry;
      if (!keep(e)) continue;
      total++;
      if (after !== null && e.sortKey <= after) continue;
      if (items.length < q.limit) items.push(e.summary);
      else more = true;
    }
    const last = items.at(-1);
    return {
      items,
      nextCursor: more && last ? encodeCursor(this.#byId.get(last.id)?.sortKey ?? '') : null,
      total,
    };
  }
}

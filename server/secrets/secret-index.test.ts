import { describe, expect, it } from 'vitest';
import { SecretIndex } from './secret-index.ts';
import type { SecretRecord } from './secrets-repo.ts';

let n = 0;
function secret(
  ownerId: string,
  path: string,
  name: string,
  extra: Partial<SecretRecord> = {},
): SecretRecord {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    ownerId,
    name,
    path,
    tags: [],
    type: 'login',
    version: 1,
    metaVersion: 1,
    valueMetaVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    ...extra,
  };
}

function names(page: { items: { name: string }[] }) {
  return page.items.map((i) => i.name);
}

describe('the in-memory secret index', () => {
  const index = new SecretIndex();
  for (const s of [
    secret('ann', '/', 'root item'),
    secret('ann', '/prod', 'db password'),
    secret('ann', '/prod/eu', 'eu key', { tags: ['Cloud'] }),
    secret('ann', '/prod-old', 'old thing'),
    secret('ann', '/prod a', 'spaced'),
    secret('ann', '/prod', 'api token', { deletedAt: '2026-01-02T00:00:00.000Z' }),
    secret('bob', '/prod', 'bobs secret'),
  ]) {
    index.upsert(s);
  }

  it('lists a folder and everything below it, and nothing from look-alike folders', () => {
    expect(names(index.list('ann', { path: '/prod', recursive: true, deleted: false, limit: 50 }))).toEqual([
      'db password',
      'eu key',
    ]);
  });

  it('lists only the folder itself when not recursive', () => {
    expect(names(index.list('ann', { path: '/prod', recursive: false, deleted: false, limit: 50 }))).toEqual([
      'db password',
    ]);
  });

  it('keeps the trash apart', () => {
    expect(names(index.list('ann', { path: '/', recursive: true, deleted: true, limit: 50 }))).toEqual([
      'api token',
    ]);
  });

  it('never shows another owner’s secrets', () => {
    expect(names(index.search('ann', { query: 'bob', limit: 50 }))).toEqual([]);
    expect(names(index.search('bob', { query: 'secret', limit: 50 }))).toEqual(['bobs secret']);
  });

  it('searches name, path and tag without regard to case', () => {
    expect(names(index.search('ann', { query: 'CLOUD', limit: 50 }))).toEqual(['eu key']);
    expect(names(index.search('ann', { query: 'prod-o', limit: 50 }))).toEqual(['old thing']);
  });

  it('pages with a cursor until the end, with the total each time', () => {
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = index.list('ann', { path: '/', recursive: true, deleted: false, limit: 2, cursor });
      expect(page.total).toBe(5);
      all.push(...names(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Tree order: a folder, then its subfolders, then its sibling folders.
    expect(all).toEqual(['root item', 'db password', 'eu key', 'spaced', 'old thing']);
  });

  it('moves an entry when it is renamed and forgets it when removed', () => {
    const s = secret('carol', '/a', 'first');
    index.upsert(s);
    index.upsert({ ...s, path: '/b', name: 'second' });
    expect(names(index.list('carol', { path: '/', recursive: true, deleted: false, limit: 10 }))).toEqual([
      'second',
    ]);
    index.remove(s.id);
    expect(index.ownerOf(s.id)).toBeNull();
    expect(index.list('carol', { path: '/', recursive: true, deleted: false, limit: 10 }).total).toBe(0);
  });

  it('counts secrets per folder for the tree', () => {
    expect(index.folders('ann')).toEqual([
      { path: '/', count: 1 },
      { path: '/prod', count: 1 },
      { path: '/prod a', count: 1 },
      { path: '/prod-old', count: 1 },
      { path: '/prod/eu', count: 1 },
    ]);
  });

  it('pages search results with a cursor, and never matches across two secrets', () => {
    const big = new SecretIndex();
    big.load(
      Array.from({ length: 250 }, (_, i) =>
        secret('dan', `/f${i % 3}`, `item-${String(i).padStart(3, '0')}`),
      ),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = big.search('dan', { query: 'item-1', limit: 40, cursor });
      expect(page.total).toBe(100);
      seen.push(...names(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(100);
    expect(seen.every((n) => n.startsWith('item-1'))).toBe(true);
    // The end of one haystack and the start of the next must not join into a match.
    expect(big.search('dan', { query: 'f0item', limit: 10 }).total).toBe(0);
    expect(big.search('dan', { query: '/f0', limit: 10 }).total).toBe(84);
  });

  it('loads in bulk to the same order as one-by-one inserts', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      secret('eve', `/p${i % 5}/q${i % 2}`, `n${(i * 7) % 50}`),
    );
    const bulk = new SecretIndex();
    bulk.load(records);
    const single = new SecretIndex();
    for (const r of [...records].reverse()) single.upsert(r);
    const all = (ix: SecretIndex) =>
      names(ix.list('eve', { path: '/', recursive: true, deleted: false, limit: 100 }));
    expect(all(bulk)).toEqual(all(single));
    expect(bulk.list('eve', { path: '/p1', recursive: false, deleted: false, limit: 100 }).total).toBe(0);
    expect(bulk.list('eve', { path: '/p1/q1', recursive: false, deleted: false, limit: 100 }).total).toBe(5);
  });
});

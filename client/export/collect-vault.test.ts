// collectVault over a fake session: order, progress, and the next page read while this one is opened.
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../bulk-types.ts';
import type { VaultSession } from '../vault-session.ts';
import type { ParallelBulk } from '../workers/bulk-pool.ts';
import { collectVault } from './collect-vault.ts';

const PAGE = 500;

/**
 * A session over `count` fake secrets: pages of 500 by cursor, batch reads answered after a few turns of
 * the event loop, and "opening" that echoes the id. Records how many requests were in flight at once.
 */
function fakeSession(count: number, failReadAt = -1) {
  const ids = Array.from(
    { length: count },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  let readsInFlight = 0;
  const seen = { opensWhileReading: 0, reads: 0, lists: 0 };
  const later = <T>(value: () => T, read = false) =>
    new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        if (read) readsInFlight--;
        try {
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }, 2);
    });
  const request = (operation: string, input: { cursor?: string; ids?: string[] }) => {
    if (operation === 'listSecrets') {
      seen.lists++;
      const start = input.cursor === undefined ? 0 : Number(input.cursor);
      const part = ids.slice(start, start + PAGE);
      return later(() => ({
        items: part.map((id, i) => ({
          id,
          path: '/p',
          name: `n${start + i}`,
          type: 'login',
          tags: [],
        })),
        total: count,
        nextCursor: start + PAGE < count ? String(start + PAGE) : null,
      }));
    }
    seen.reads++;
    readsInFlight++;
    const readNumber = seen.reads;
    return later(() => {
      if (readNumber === failReadAt) throw new Error('the server refused a read');
      return {
        items: (input.ids ?? []).map((id) => ({
          id,
          version: 1,
          value: `v:${id}`,
          wrappedKey: 'k',
          files: 0,
        })),
      };
    }, true);
  };
  const open = (items: readonly StoredItem[]) =>
    items.map((item) => ({ value: item.value, notes: '', fields: [] }));
  const session = {
    client: { request },
    bulk: { opener: () => ({ open, forget: () => undefined }) },
  } as unknown as VaultSession;
  const parallel: ParallelBulk = {
    workers: 2,
    open: async (items) => {
      if (readsInFlight > 0) seen.opensWhileReading++;
      await new Promise((resolve) => setTimeout(resolve, 3));
      return open(items);
    },
    openEach: async () => [],
    sealNew: async () => [],
    close: () => undefined,
  };
  return { session, parallel, ids, seen };
}

describe('collectVault, pipelined', () => {
  it('gives every secret once, in the listed order, reading the next page while it opens', async () => {
    const { session, parallel, ids, seen } = fakeSession(2345);
    const order: string[] = [];
    const phases: string[] = [];
    const records = await collectVault(session, {
      parallel,
      ids: order,
      onProgress: (p) => phases.push(p.phase),
    });
    expect(order).toEqual(ids);
    expect(records.map((r) => r.payload.value)).toEqual(ids.map((id) => `v:${id}`));
    expect(seen.lists).toBe(5);
    expect(seen.reads).toBe(5);
    // The server reads while the client opens: every page but the last is opened with the next being read.
    expect(seen.opensWhileReading).toBe(4);
    expect(phases[0]).toBe('reading');
    expect(phases.at(-1)).toBe('done');
  });

  it('opens here too, without workers, and stops at a failed read with its error', async () => {
    const { session, ids } = fakeSession(1200);
    expect((await collectVault(session)).length).toBe(ids.length);
    const failing = fakeSession(2345, 3);
    await expect(collectVault(failing.session, { parallel: failing.parallel })).rejects.toThrow(
      'the server refused a read',
    );
  });

  it('handles an empty vault', async () => {
    const { session, seen } = fakeSession(0);
    expect(await collectVault(session)).toEqual([]);
    expect(seen.reads).toBe(0);
  });
});

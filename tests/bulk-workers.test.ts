// Sealing and opening on real worker threads (the keyhold command's pool): same results as the main
// thread, in order, refusals still refused, and nothing answered after the pool is closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBulkWorkers } from '../cli/bulk-workers.ts';
import { BulkItems } from '../client/bulk-items.ts';
import { CryptoError, fromBase64, generateUserKeyPair, toBase64 } from '../client/crypto/index.ts';
import type { ParallelBulk } from '../client/workers/bulk-pool.ts';

const item = (i: number) => ({
  name: `entry ${i}`,
  path: '/bulk',
  tags: [],
  type: 'login' as const,
  payload: {
    value: `secret ${i}`,
    notes: '',
    fields: [{ name: 'username', value: `user${i}`, hidden: false }],
  },
});

// One pool for the file: starting worker threads (each compiles the sources) is the slow part.
const keys = generateUserKeyPair();
const bulk = new BulkItems(keys);
let pool: ParallelBulk;
beforeAll(() => {
  pool = bulk.inWorkers(startBulkWorkers(2));
});
afterAll(() => {
  pool.close();
});

describe('bulk crypto on worker threads', () => {
  it('seals what the main thread opens and opens what it sealed, in the order given', async () => {
    const items = Array.from({ length: 250 }, (_, i) => item(i));

    const onWorkers = await pool.sealNew(items);
    expect(onWorkers.map((s) => s.name)).toEqual(items.map((i) => i.name));
    const openedHere = bulk.open(
      onWorkers.map((s) => ({ id: s.id, valueVersion: 1, value: s.value, wrappedKey: s.wrappedKey })),
    );
    expect(openedHere.map((p) => p.value)).toEqual(items.map((i) => i.payload.value));

    const here = bulk.sealNew(items);
    const openedThere = await pool.open(
      here.map((s) => ({ id: s.id, valueVersion: 1, value: s.value, wrappedKey: s.wrappedKey })),
    );
    expect(openedThere.map((p) => p.fields[0]?.value)).toEqual(items.map((_, i) => `user${i}`));
  });

  it('refuses a value moved to another secret with the integrity error, as the main thread does', async () => {
    const [a, b] = bulk.sealNew([item(1), item(2)]);
    if (!a || !b) throw new Error('nothing sealed');
    // b's value under a's id and key: the binding to its secret refuses it.
    const moved = { id: a.id, valueVersion: 1, value: b.value, wrappedKey: a.wrappedKey };
    const error = await pool.open([moved]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as CryptoError).code).toBe('integrity');
    // One flipped byte in a wrapped key fails the same way.
    const bytes = fromBase64(a.wrappedKey);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    const flipped = { id: a.id, valueVersion: 1, value: a.value, wrappedKey: toBase64(bytes) };
    await expect(pool.open([flipped])).rejects.toMatchObject({ code: 'integrity' });
  });

  it('answers nothing once closed', async () => {
    const closed = new BulkItems(generateUserKeyPair()).inWorkers(startBulkWorkers(1));
    closed.close();
    await expect(closed.sealNew([item(1)])).rejects.toThrow('the worker pool is closed');
  });
});

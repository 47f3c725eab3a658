// The worker pool's protocol with the real worker body on in-process ports (messages copied by structured
// clone, as between threads): opening each item on its own, and closing with requests in flight.
import { describe, expect, it } from 'vitest';
import { BulkItems, type NewItem } from '../bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../crypto/index.ts';
import type { BulkReply, WorkerPort } from './bulk-protocol.ts';
import { bulkWorkerHandler } from './bulk-worker-core.ts';

/** Workers in this process; `hold` keeps their answers back until `release`. */
function ports(count: number) {
  let held: (() => void)[] | null = null;
  const list: WorkerPort[] = Array.from({ length: count }, () => {
    const handle = bulkWorkerHandler();
    let listener: ((reply: BulkReply) => void) | undefined;
    return {
      postMessage(message) {
        const request = structuredClone(message);
        const run = () => {
          const reply = handle(request);
          if (reply) listener?.(structuredClone(reply));
        };
        if (held) held.push(run);
        else setImmediate(run);
      },
      onMessage: (l) => {
        listener = l;
      },
      onError: () => undefined,
      terminate: () => undefined,
    };
  });
  return {
    list,
    hold: () => {
      held ??= [];
    },
  };
}

const item = (i: number): NewItem => ({
  name: `item-${i}`,
  path: '/',
  tags: [],
  type: 'login',
  payload: { value: `pw-${i}`, fields: [{ name: 'username', value: `user-${i}`, hidden: false }] },
});

const keys = () => ({ ...generateUserKeyPair(), vaultKey: newVaultKey() });

describe('the bulk worker pool', () => {
  it('opens each item on its own over several workers, in order: one that does not open is null', async () => {
    const mine = new BulkItems(keys());
    const theirs = new BulkItems(keys());
    const own = mine.sealNew(Array.from({ length: 120 }, (_, i) => item(i)));
    const [foreign] = theirs.sealNew([item(999)]);
    const stored = [...own, foreign].map((s) => ({
      id: s?.id ?? '',
      valueVersion: 1,
      value: s?.value ?? '',
      wrappedKey: s?.wrappedKey ?? '',
    }));
    // The foreign one in the middle, so it lands in one worker's share among items that do open.
    stored.splice(60, 0, stored.pop() as (typeof stored)[number]);
    const pool = mine.inWorkers(ports(2).list);
    const opened = await pool.openEach(stored);
    pool.close();
    expect(opened).toHaveLength(121);
    expect(opened[60]).toBeNull();
    expect(opened.filter((p) => p !== null).map((p) => p?.fields[0]?.value)).toEqual(
      Array.from({ length: 120 }, (_, i) => `user-${i}`),
    );
    // The whole-batch open still refuses a batch with an item that does not open.
    const strict = mine.inWorkers(ports(1).list);
    await expect(strict.open(stored)).rejects.toMatchObject({ code: 'integrity' });
    strict.close();
  });

  it('fails the requests in flight when it is closed, and refuses new ones', async () => {
    const bulk = new BulkItems(keys());
    const sealed = bulk.sealNew([item(1)]).map((s) => ({ ...s, valueVersion: 1 }));
    const workers = ports(1);
    workers.hold();
    const pool = bulk.inWorkers(workers.list);
    const inFlight = pool.openEach(sealed);
    pool.close();
    await expect(inFlight).rejects.toThrow('the worker pool is closed');
    await expect(pool.openEach(sealed)).rejects.toThrow('the worker pool is closed');
  });
});

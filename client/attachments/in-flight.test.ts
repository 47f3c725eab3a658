// The transfer's overlap: never more requests under way than allowed, everything sent or fetched once and
// in order, and a failure that stops the source instead of being lost among the requests under way.
import { describe, expect, it } from 'vitest';
import { fetchAhead, sendEach } from './in-flight.ts';

/** A request the test answers by hand, in any order. */
function manual() {
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let under = 0;
  let most = 0;
  const start = (item: number) =>
    new Promise<void>((resolve, reject) => {
      under++;
      most = Math.max(most, under);
      waiting.set(item, {
        resolve: () => {
          under--;
          resolve();
        },
        reject: (error) => {
          under--;
          reject(error);
        },
      });
    });
  return { start, waiting, most: () => most };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('sendEach', () => {
  it('keeps at most the given number under way, answered in any order, and sends every item once', async () => {
    const requests = manual();
    const read: number[] = [];
    async function* source() {
      for (let i = 0; i < 8; i++) {
        read.push(i);
        yield i;
      }
    }
    const sent: number[] = [];
    const done = sendEach(source(), 3, async (item) => {
      await requests.start(item);
      sent.push(item);
    });
    while (sent.length < 8) {
      await settle();
      // Answer the newest first: the order of answers must not matter.
      const newest = Math.max(...requests.waiting.keys());
      requests.waiting.get(newest)?.resolve();
      requests.waiting.delete(newest);
    }
    await done;
    expect(requests.most()).toBe(3);
    expect([...sent].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a refused item stops reading the source, and its error is thrown once the others have settled', async () => {
    const requests = manual();
    let closed = false;
    let read = 0;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) {
          read++;
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const done = sendEach(source(), 2, (item) => requests.start(item));
    await settle();
    requests.waiting.get(0)?.reject(new Error('chunk 0 refused'));
    await settle();
    requests.waiting.get(1)?.resolve();
    await expect(done).rejects.toThrow('chunk 0 refused');
    expect(closed).toBe(true);
    expect(read).toBeLessThan(5);
  });
});

describe('fetchAhead', () => {
  it('yields every item in order while asking for at most the given number ahead', async () => {
    const requests = manual();
    const fetchOne = async (index: number) => {
      await requests.start(index);
      return `chunk ${index}`;
    };
    const got: string[] = [];
    const reading = (async () => {
      for await (const item of fetchAhead(6, 3, fetchOne)) got.push(item);
    })();
    for (let answered = 0; answered < 6; answered++) {
      await settle();
      // The last asked for is answered first; the reader still gets them in order.
      const newest = Math.max(...requests.waiting.keys());
      requests.waiting.get(newest)?.resolve();
      requests.waiting.delete(newest);
    }
    await reading;
    expect(got).toEqual(['chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4', 'chunk 5']);
    expect(requests.most()).toBe(3);
  });

  it('a failed fetch is thrown at its turn, after the items before it', async () => {
    const fetchOne = async (index: number) => {
      if (index === 2) throw new Error('chunk 2 missing');
      return index;
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const item of fetchAhead(5, 3, fetchOne)) got.push(item);
      })(),
    ).rejects.toThrow('chunk 2 missing');
    expect(got).toEqual([0, 1]);
  });
});

// A few requests of a file transfer under way at once: the round trips overlap (and with them the sealing,
// the server's write and the network), while memory stays at a fixed number of chunks whatever the size.

/**
 * Chunks under way at once in each direction: enough that a round trip overlaps the next chunk's sealing
 * and the server's write; each one more holds another chunk (about 3 MB as base64 and JSON) on each side.
 */
export const CHUNKS_IN_FLIGHT = 3;

/**
 * Runs `send` on each item of `source` with at most `width` under way. The first failure stops reading the
 * source (so a generator behind it is closed) and is thrown once the sends under way have settled.
 */
export async function sendEach<T>(
  source: AsyncIterable<T>,
  width: number,
  send: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  for await (const item of source) {
    const sending: Promise<void> = send(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(sending));
    running.add(sending);
    if (running.size >= width) await Promise.race(running);
    if (failure) break;
  }
  await Promise.all(running);
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * Fetches items 0…count-1 with up to `ahead` requested before they are needed, and yields them in order.
 * A fetch that fails is thrown when its turn comes; fetches still under way when the reader stops are left
 * to finish and dropped.
 */
export async function* fetchAhead<T>(
  count: number,
  ahead: number,
  fetchOne: (index: number) => Promise<T>,
): AsyncGenerator<T> {
  const pending = new Map<number, Promise<T>>();
  const request = (index: number) => {
    if (index >= count || pending.has(index)) return;
    const fetching = fetchOne(index);
    // Its turn may never come (the reader stopped, an earlier one failed): that is no unhandled rejection.
    fetching.catch(() => undefined);
    pending.set(index, fetching);
  };
  for (let index = 0; index < count; index++) {
    for (let next = index; next < index + ahead; next++) request(next);
    const fetching = pending.get(index) as Promise<T>;
    pending.delete(index);
    yield await fetching;
  }
}

// A way for the window to ask the search worker for a page of matches and have the answer within the same
// task. Why: Chromium defers every task a key press does not itself run (a worker's message, a network
// answer, a timer) until the frame after the key is drawn, so an answer by message is shown one frame
// after the key at best (measured: results painted 34–51 ms after the key, depending on where in the
// frame the key fell). Asked through shared memory while the key's own event runs, the worker's answer is
// in the list before that first frame. Only where the window is cross-origin isolated (SharedArrayBuffer);
// elsewhere, and whenever the worker does not answer in time, the query goes by message as before.
import type { IndexMatch, QueryScope } from './search-protocol.ts';

export interface ChannelQuery {
  query: string;
  scope: QueryScope;
  offset: number;
  limit: number;
}

export interface ChannelAnswer {
  total: number;
  matches: IndexMatch[];
}

/** Int32 slots of the header: the state below, and the length of what the body holds. */
const STATE = 0;
const LENGTH = 1;
const HEADER_BYTES = 8;
/** A page of 50 matches is about 20 KB of JSON; a larger answer goes by message. */
const BODY_BYTES = 256 * 1024;

/** Who may write next: the window asks when IDLE, the worker answers what is ASKED. */
const IDLE = 0;
const ASKED = 1;
const WORKING = 2;
const ANSWERED = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The shared memory of a channel, or null where the window is not cross-origin isolated. */
export function createChannel(): SharedArrayBuffer | null {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) return null;
  return new SharedArrayBuffer(HEADER_BYTES + BODY_BYTES);
}

/** JSON into the body; the byte length, or -1 when it does not fit. */
function write(body: Uint8Array, value: unknown): number {
  const bytes = encoder.encode(JSON.stringify(value));
  if (bytes.length > body.length) return -1;
  body.set(bytes);
  return bytes.length;
}

/** TextDecoder reads no shared memory: the bytes are copied out first. */
const read = (body: Uint8Array, length: number): unknown => JSON.parse(decoder.decode(body.slice(0, length)));

/** The window's end. */
export class ChannelClient {
  readonly #header: Int32Array;
  readonly #body: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.#body = new Uint8Array(buffer, HEADER_BYTES);
  }

  /**
   * The worker's answer, waited for (the window's thread spins) at most `waitMs`; null when it did not come
   * in time (the worker was busy) or could not be given this way: the caller then asks by message.
   */
  ask(query: ChannelQuery, waitMs: number): ChannelAnswer | null {
    const header = this.#header;
    // A late answer to a question given up on is dropped; a question the worker still works on blocks this one.
    if (Atomics.compareExchange(header, STATE, ANSWERED, IDLE) === ANSWERED) Atomics.notify(header, STATE);
    if (Atomics.load(header, STATE) !== IDLE) return null;
    const length = write(this.#body, query);
    if (length < 0) return null;
    Atomics.store(header, LENGTH, length);
    Atomics.store(header, STATE, ASKED);
    Atomics.notify(header, STATE);
    const deadline = performance.now() + waitMs;
    while (Atomics.load(header, STATE) !== ANSWERED) {
      if (performance.now() > deadline) {
        // Taken back if the worker has not started on it; if it has, its answer is dropped on the next ask.
        if (Atomics.compareExchange(header, STATE, ASKED, IDLE) === ASKED) Atomics.notify(header, STATE);
        return null;
      }
    }
    const answered = Atomics.load(header, LENGTH);
    const answer = answered < 0 ? null : (read(this.#body, answered) as ChannelAnswer);
    Atomics.store(header, STATE, IDLE);
    Atomics.notify(header, STATE);
    return answer;
  }
}

/**
 * The worker's end: answers each question as it is asked, between the worker's other tasks (the wait is
 * asynchronous, so messages are still read). Returns a function that stops it.
 */
export function serveChannel(
  buffer: SharedArrayBuffer,
  answer: (query: ChannelQuery) => ChannelAnswer,
): () => void {
  const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const body = new Uint8Array(buffer, HEADER_BYTES);
  let stopped = false;
  const serve = () => {
    if (stopped) return;
    if (Atomics.compareExchange(header, STATE, ASKED, WORKING) === ASKED) {
      let length = -1;
      try {
        length = write(body, answer(read(body, Atomics.load(header, LENGTH)) as ChannelQuery));
      } catch {
        // Said as no answer: the window asks again by message, which reports the failure.
      }
      Atomics.store(header, LENGTH, length);
      Atomics.store(header, STATE, ANSWERED);
    }
    waitForChange();
  };
  const waitForChange = () => {
    if (stopped) return;
    const state = Atomics.load(header, STATE);
    // Asked already (between the last answer and now): answered at once, in a fresh microtask, not deeper.
    if (state === ASKED) {
      queueMicrotask(serve);
      return;
    }
    const waiting = Atomics.waitAsync(header, STATE, state);
    // The state moved between the load and the wait: look again.
    if (waiting.async) void waiting.value.then(serve);
    else queueMicrotask(serve);
  };
  waitForChange();
  return () => {
    stopped = true;
  };
}

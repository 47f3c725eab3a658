// Replay protection across nodes: an operation number is used once the session's row says so. Each claim is
// a compare-and-set on the row's replay window, so two nodes (or two requests) cannot both take one number.
// PostgreSQL only (app.ts makes one where the store is shared).

import { acceptOperationNumber, type ReplayState, type ReplayVerdict } from '../auth/replay-window.ts';
import type { Store } from '../storage/database.ts';

/** Lost races before giving up: each loss means another request of the session claimed in between. */
const ATTEMPTS = 8;

export class OperationClaims {
  /** Per session: the claim running last on this node, and the row's window as that claim left it. */
  readonly #tails = new Map<string, { done: Promise<unknown>; known: ReplayState | null }>();

  constructor(private readonly store: Store) {}

  /**
   * Claims `n` in the session's row. `guess` is the window the row most likely holds (this node's view);
   * a wrong guess costs a reread. Claims of one session on this node run one after another, so they do not
   * race each other, only other nodes. Resolves to the verdict against the row.
   */
  claim(sessionId: string, n: number, guess: ReplayState): Promise<ReplayVerdict> {
    const tail = this.#tails.get(sessionId);
    const entry = { done: Promise.resolve() as Promise<unknown>, known: null as ReplayState | null };
    const run = (tail?.done ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#claim(sessionId, n, tail?.known ?? guess))
      .then((result) => {
        entry.known = result.known;
        return result.verdict;
      })
      .finally(() => {
        if (this.#tails.get(sessionId) === entry) this.#tails.delete(sessionId);
      });
    entry.done = run;
    this.#tails.set(sessionId, entry);
    return run;
  }

  async #claim(
    sessionId: string,
    n: number,
    guess: ReplayState,
  ): Promise<{ verdict: ReplayVerdict; known: ReplayState | null }> {
    let current = guess;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const verdict = acceptOperationNumber(current, n);
      if (!verdict.ok) return { verdict, known: current };
      const expected = current;
      // Not under the cluster's write lock (one row, one statement), and without waiting for its own
      // flush to disk: the request is answered only after its audit entry commits durably, which flushes
      // this claim too, so an answered request's claim survives a crash. That saves a disk flush per request.
      // One statement in autocommit: one round trip, where a transaction with SET LOCAL took four.
      const result = await (this.store.unflushed ?? this.store.db)
        .updateTable('sessions')
        .set({ op_high: verdict.next.high, op_window: verdict.next.window.toString() })
        .where('id', '=', sessionId)
        .where('op_high', '=', expected.high)
        .where('op_window', '=', expected.window.toString())
        .executeTakeFirst();
      const claimed = result.numUpdatedRows === 1n;
      if (claimed) return { verdict, known: verdict.next };
      const row = await this.store.db
        .selectFrom('sessions')
        .select(['op_high', 'op_window'])
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (!row) return { verdict: { ok: false, reason: 'stale' }, known: null };
      current = { high: row.op_high, window: BigInt(row.op_window) };
    }
    throw new Error(`operation number ${n}: the session's replay window kept changing under this claim`);
  }
}

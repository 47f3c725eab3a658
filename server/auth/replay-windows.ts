// The replay windows of sessions in use, ahead of their rows until each request's audit entry commits.
import type { ReplayState } from './replay-window.ts';

export class ReplayWindows {
  readonly #windows = new Map<string, { state: ReplayState; lastUsed: number }>();
  #setsSinceSweep = 0;

  get(sessionId: string): ReplayState | undefined {
    return this.#windows.get(sessionId)?.state;
  }

  /** Records a window; now and then drops those idle longer than any session may be, so memory stays flat. */
  set(sessionId: string, state: ReplayState, now: number, idleMs: number): void {
    this.#windows.set(sessionId, { state, lastUsed: now });
    if (++this.#setsSinceSweep < 1024) return;
    this.#setsSinceSweep = 0;
    for (const [id, entry] of this.#windows) {
      // Such a session is expired: its next request is refused before its window is consulted.
      if (now - entry.lastUsed > idleMs) this.#windows.delete(id);
    }
  }

  delete(sessionId: string): void {
    this.#windows.delete(sessionId);
  }

  get size(): number {
    return this.#windows.size;
  }
}

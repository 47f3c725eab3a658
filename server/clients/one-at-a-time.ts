// At most one running task per key (here: one reachability check per user), refused rather than queued.
export class OneAtATime {
  readonly #running = new Set<string>();

  /** Runs fn unless a task for key is still running; then answers null at once without running it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> | null {
    if (this.#running.has(key)) return null;
    this.#running.add(key);
    const release = () => this.#running.delete(key);
    try {
      return fn().finally(release);
    } catch (error) {
      release();
      throw error;
    }
  }

  isRunning(key: string): boolean {
    return this.#running.has(key);
  }
}

// The shape of the server's background services (scheduled backups, audit retention): a check on a
// timer, work that runs one piece at a time whether the timer or an operator asked, and a stop that
// waits for the piece under way so the store can close under nobody.

export class SerialSchedule {
  #timer: NodeJS.Timeout | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly everyMs: number,
    private readonly check: () => Promise<void>,
  ) {}

  /** True once stop() was called: nothing new should start. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Checks every everyMs from now on; the timer does not keep the process alive. */
  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => void this.check(), this.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#queue;
  }

  /** Runs fn after the work queued before it; one failure does not stop the work queued after. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

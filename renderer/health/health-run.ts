// The window's side of the password health report: this thread lists and reads the owner's secrets (only it
// holds the session's transport) and hands the sealed values to the health worker, which opens and scores
// them. Nothing of the report leaves the window; the worker's opened items are wiped when the run closes.
import { sealedVaultPages } from '../../client/health/health-items.ts';
import type { HealthReport } from '../../client/health/health-report.ts';
import type { VaultSession } from '../../client/index.ts';
import type { WorkerPort } from '../../client/workers/bulk-protocol.ts';
import type { HealthReply, HealthRequest } from './health-protocol.ts';

export type HealthPhase = 'reading' | 'scoring' | 'done' | 'failed';

export interface HealthState {
  phase: HealthPhase;
  /** Items read (while reading) or scored (while scoring), of `total`. */
  done: number;
  total: number;
  report: HealthReport | null;
  /** Values that did not open with this user's key: left out of the report. */
  unreadable: number;
  error: string | null;
}

/** Where the worker's script is built (scripts/build-renderer.mjs), next to the app's own script. */
const workerUrl = () => new URL('assets/health-worker.js', document.baseURI);

type Ask = HealthRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Answer = Exclude<HealthReply, { kind: 'progress' } | { ok: false }>;

export class HealthRun {
  readonly #worker: Worker;
  readonly #closeKeys: () => void;
  readonly #waiting = new Map<number, { resolve: (r: Answer) => void; reject: (e: Error) => void }>();
  readonly #listeners = new Set<() => void>();
  #ids = 0;
  #closed = false;
  #state: HealthState = { phase: 'reading', done: 0, total: 0, report: null, unreadable: 0, error: null };

  /** Starts the worker, hands it the user's keys, reads the vault and computes the first report. */
  static start(vault: VaultSession, oldAfterDays: number): HealthRun {
    const worker = new Worker(workerUrl(), { type: 'module', name: 'keyhold-password-health' });
    return new HealthRun(vault, worker, oldAfterDays);
  }

  private constructor(vault: VaultSession, worker: Worker, oldAfterDays: number) {
    this.#worker = worker;
    worker.addEventListener('message', (event: MessageEvent<HealthReply>) => this.#settle(event.data));
    worker.addEventListener('error', () => this.#fail('the password health worker stopped'));
    // The session hands its keys only to workers its caller started, through its worker pool: the pool
    // posts them once and, on close, tells the worker to wipe them and terminates it.
    const port: WorkerPort = {
      postMessage: (message) => worker.postMessage(message),
      onMessage: () => undefined,
      onError: () => undefined,
      terminate: () => worker.terminate(),
    };
    const pool = vault.bulk.inWorkers([port]);
    this.#closeKeys = () => pool.close();
    void this.#read(vault, oldAfterDays);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = (): HealthState => this.#state;

  /** The report again with another "old" threshold: the vault is not read again, nor passwords rescored. */
  async recompute(oldAfterDays: number): Promise<void> {
    if (this.#state.phase === 'reading' || this.#closed) return;
    await this.#report(oldAfterDays).catch((error: unknown) => this.#failWith(error));
  }

  /** Wipes the keys and the opened items in the worker and stops it. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeKeys();
    for (const waiting of this.#waiting.values()) waiting.reject(new Error('the health report is closed'));
    this.#waiting.clear();
    this.#listeners.clear();
  }

  async #read(vault: VaultSession, oldAfterDays: number): Promise<void> {
    try {
      // Pipelined: while the worker opens one page, the next is listed and read.
      let opening: Promise<unknown> = Promise.resolve();
      for await (const page of sealedVaultPages(vault.client)) {
        await opening;
        if (this.#closed) return;
        opening = page.items.length > 0 ? this.#ask({ kind: 'put', items: page.items }) : Promise.resolve();
        opening.catch(() => undefined);
        this.#update({ done: page.listed, total: page.total });
      }
      await opening;
      await this.#report(oldAfterDays);
    } catch (error) {
      this.#failWith(error);
    }
  }

  async #report(oldAfterDays: number): Promise<void> {
    this.#update({ phase: 'scoring', done: 0 });
    const reply = await this.#ask({ kind: 'report', oldAfterDays, now: new Date().toISOString() });
    if (reply.kind !== 'report') throw new Error('the health worker answered with something else');
    this.#update({
      phase: 'done',
      report: reply.report,
      unreadable: reply.unreadable,
      done: reply.report.checked,
      total: reply.report.checked,
      error: null,
    });
  }

  #ask(request: Ask): Promise<Answer> {
    if (this.#closed) return Promise.reject(new Error('the health report is closed'));
    const id = ++this.#ids;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as HealthRequest);
    });
  }

  #settle(reply: HealthReply): void {
    if (reply.ok && reply.kind === 'progress') {
      if (this.#state.phase === 'scoring') this.#update({ done: reply.done, total: reply.total });
      return;
    }
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (!reply.ok) waiting.reject(new Error(reply.message));
    else waiting.resolve(reply);
  }

  #failWith(error: unknown): void {
    if (this.#closed) return;
    this.#update({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  }

  #fail(message: string): void {
    for (const waiting of this.#waiting.values()) waiting.reject(new Error(message));
    this.#waiting.clear();
    this.#failWith(new Error(message));
  }

  #update(change: Partial<HealthState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

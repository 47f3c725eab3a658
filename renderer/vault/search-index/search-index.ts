// The window's side of the username and URL index: it lists and reads the user's own secrets from the
// server (only this thread holds the session's transport) and hands the sealed values to the worker, which
// has them opened on its own decrypt workers and indexes them. Nothing is decrypted on this thread, and the
// plaintext index lives in the worker's memory only, until lock or sign-out.
import type { VaultSession } from '../../../client/index.ts';
import type { WorkerPort } from '../../../client/workers/bulk-protocol.ts';
import type { SecretSummary } from '../../../contract/index.ts';
import { type ChannelAnswer, ChannelClient, createChannel } from './search-channel.ts';
import type {
  IndexMatch,
  IndexStats,
  QueryScope,
  SealedItem,
  SearchReply,
  SearchRequest,
} from './search-protocol.ts';

/** A request without its id: the id is added when it is sent. */
type Ask = SearchRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface IndexState {
  /** Bumped whenever what the index holds changes: queries keyed on it are asked again. */
  generation: number;
  stats: IndexStats;
  /** The first full pass is done: every owned secret listed at unlock is searchable (or unreadable). */
  built: boolean;
  /**
   * The index holds every owned secret as the server listed it in a pass that began after the last change
   * this window made: it can answer a name search itself (the list then asks the server only to confirm).
   */
  fresh: boolean;
  /** How long the first pass took, for the bench and the status line. */
  buildMs: number | null;
  /** How many owned secrets the server listed in the pass running (the progress bar's whole). */
  listed: number;
  error: string | null;
}

/**
 * How long a closing index may take to wipe its keys and end its decrypt workers before it is stopped. It
 * wipes and closes itself as soon as it reads 'forget', so this is only the backstop; on a busy machine one
 * second was too short, and a worker stopped from outside takes its decrypt workers down unwiped.
 */
const FORGET_GRACE_MS = 5000;

/**
 * Secrets per page the first pass lists, reads and hands over. Each page's answer is parsed and cloned on
 * this thread in one task, so the page is kept small enough that the task stays short (a 500-item page made
 * tasks over 50 ms on a busy machine); more pages are kept in flight instead.
 */
const INDEX_PAGE = 100;

/** Pages of values handed to the worker before the first is answered. */
const PAGES_AHEAD = 4;

/** The user-timing entry that records the first pass (bench/ui.ts reads it). */
export const BUILD_MEASURE = 'keyhold:search-index-build';

/** Where the worker's script is built (scripts/build-renderer.mjs), next to the app's own script. */
const workerUrl = () => new URL('assets/search-worker.js', document.baseURI);

export class SearchIndex {
  readonly #vault: VaultSession;
  readonly #worker: Worker;
  readonly #closeKeys: () => void;
  readonly #waiting = new Map<
    number,
    { resolve: (r: SearchReply & { ok: true }) => void; reject: (e: Error) => void }
  >();
  readonly #listeners = new Set<() => void>();
  #ids = 0;
  #closed = false;
  #syncing: Promise<void> | null = null;
  #again = false;
  /** Passes completed: until the first one, every value is read without asking the worker. */
  #passes = 0;
  #state: IndexState = {
    generation: 0,
    stats: { indexed: 0, pending: 0, unreadable: 0, changes: 0 },
    built: false,
    fresh: false,
    buildMs: null,
    listed: 0,
    error: null,
  };
  /** A change was seen since the running pass began (or since the last one, when none runs). */
  #changed = false;
  /** Where the window is cross-origin isolated: asks answered within the asking task (search-channel.ts). */
  readonly #channel: ChannelClient | null;

  /**
   * Starts the worker and hands it the user's keys; the first full pass begins once `ready` settles (the
   * window's first screen painted) and the window is idle.
   */
  static start(vault: VaultSession, ready: Promise<void>): SearchIndex {
    const worker = new Worker(workerUrl(), { type: 'module', name: 'keyhold-search-index' });
    return new SearchIndex(vault, worker, ready);
  }

  private constructor(vault: VaultSession, worker: Worker, ready: Promise<void>) {
    this.#vault = vault;
    this.#worker = worker;
    worker.addEventListener('message', (event: MessageEvent<SearchReply>) => this.#settle(event.data));
    worker.addEventListener('error', () => this.#fail('the search index stopped'));
    const buffer = createChannel();
    this.#channel = buffer ? new ChannelClient(buffer) : null;
    if (buffer) worker.postMessage({ kind: 'channel', buffer } satisfies SearchRequest);
    // The session hands its keys only to workers its caller started, through its worker pool: the pool
    // posts them once and, on close, tells the worker to wipe them and terminates it.
    const port: WorkerPort = {
      postMessage: (message) => worker.postMessage(message),
      onMessage: () => undefined,
      onError: () => undefined,
      // The pool posts 'forget' just before: the worker wipes its keys, ends its decrypt workers and closes
      // itself. Stopping it at once could cut that short (and leave the decrypt workers to be torn down
      // with it, unwiped), so it is given a moment first.
      terminate: () => setTimeout(() => worker.terminate(), FORGET_GRACE_MS),
    };
    const pool = vault.bulk.inWorkers([port]);
    this.#closeKeys = () => pool.close();
    // The first pass waits for the first rows of the list to be painted, then for the window to be idle: it
    // would otherwise start while the list's first page is on its way, and the screen's first render (a
    // long task of its own) would land in the middle of it.
    const begin = () => {
      if (this.#closed) return;
      const started = performance.now();
      void this.sync().then(() => {
        if (this.#closed || this.#state.error) return;
        this.#update({ built: true, buildMs: performance.now() - started });
        // For the UI bench (and a developer's profiler): how long the first pass took.
        performance.measure(BUILD_MEASURE, { start: started });
      });
    };
    void ready.then(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(begin, { timeout: 500 });
      else setTimeout(begin, 0);
    });
  }

  get state(): IndexState {
    return this.#state;
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = (): IndexState => this.#state;

  /**
   * A page of the matches in `scope` (search-protocol.ts) and their number. When the signal aborts (the
   * person typed on), the worker is told to skip the query if it has not run it yet.
   */
  async query(
    text: string,
    offset: number,
    limit: number,
    scope: QueryScope,
    signal?: AbortSignal,
  ): Promise<{ total: number; matches: IndexMatch[] }> {
    signal?.throwIfAborted();
    const id = this.#ids + 1;
    const cancel = () => {
      if (!this.#closed) this.#worker.postMessage({ kind: 'cancel', ids: [id] } satisfies SearchRequest);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const reply = await this.#ask({ kind: 'query', query: text, offset, limit, scope }).catch(
        (error: unknown) => {
          // A search the index cannot answer goes back to the server until the next pass ends.
          if (this.#state.fresh) this.#update({ fresh: false });
          throw error;
        },
      );
      if (reply.kind === 'cancelled') throw signal?.reason ?? new Error('the search was cancelled');
      if (reply.kind !== 'found') throw new Error('the search index answered a query with something else');
      return { total: reply.total, matches: reply.matches };
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * A page of matches now, within the caller's task (a keystroke's event), or null when that cannot be had
   * here (no shared memory, or the worker busy for longer than `waitMs`): then ask with query().
   */
  answerNow(
    text: string,
    scope: QueryScope,
    offset: number,
    limit: number,
    waitMs: number,
  ): ChannelAnswer | null {
    if (this.#closed || !this.#channel) return null;
    return this.#channel.ask({ query: text, scope, offset, limit }, waitMs);
  }

  /**
   * Brings the index in step with the server: lists every owned secret (metadata only), and reads and
   * opens only the values that are new or changed since the last pass; secrets gone from the list are
   * dropped. One pass at a time; a request during a pass runs one more pass after it.
   */
  sync(): Promise<void> {
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = (async () => {
      try {
        do {
          this.#again = false;
          this.#changed = false;
          await this.#pass();
        } while ((this.#again || this.#changed) && !this.#closed);
        if (!this.#closed) this.#update({ fresh: true });
      } catch (error) {
        if (!this.#closed) {
          this.#update({ fresh: false, error: error instanceof Error ? error.message : String(error) });
        }
      } finally {
        this.#syncing = null;
      }
    })();
    return this.#syncing;
  }

  /**
   * Something changed the user's secrets (this window saved, deleted or imported, or the server answered a
   * search otherwise than the index): name searches go to the server until a pass begun after it ends.
   */
  markChanged(): void {
    this.#changed = true;
    if (this.#state.fresh) this.#update({ fresh: false });
  }

  /** Wipes the keys and the index in the worker and stops it (lock, sign-out). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeKeys();
    for (const waiting of this.#waiting.values()) waiting.reject(new Error('the search index is closed'));
    this.#waiting.clear();
    this.#listeners.clear();
  }

  async #pass(): Promise<void> {
    const client = this.#vault.client;
    await this.#ask({ kind: 'sync-begin' });
    // Pipelined: while the worker opens pages of values, the next page is listed and read. Two pages are
    // handed over ahead, so the decrypt workers never wait for this thread between two pages.
    const opening: Promise<unknown>[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await client.request('listSecrets', {
        path: '/',
        recursive: true,
        limit: INDEX_PAGE,
        ...(cursor !== undefined && { cursor }),
      });
      if (this.#state.listed !== page.total) this.#update({ listed: page.total });
      // The first pass needs every value: it reads the page at once, and the values it hands over carry
      // their summaries, so the page is not sent twice (the copy is work on this thread).
      const ids =
        this.#passes > 0
          ? await neededIds(this.#ask({ kind: 'sync-page', summaries: page.items }))
          : page.items.map((s) => s.id);
      if (ids.length > 0) {
        const byId = new Map(page.items.map((s) => [s.id, s]));
        const read = client.request('readSecretBatch', { ids });
        while (opening.length >= PAGES_AHEAD) await opening.shift();
        const { items } = await read;
        const sealed: SealedItem[] = items.flatMap((item) => {
          const summary = byId.get(item.id);
          // A destroyed current version has nothing to search.
          return summary && item.value !== null
            ? [
                {
                  summary: summaryOf(summary),
                  valueVersion: item.version,
                  value: item.value,
                  wrappedKey: item.wrappedKey,
                },
              ]
            : [];
        });
        // A secret whose current value was destroyed is still listed and found by name: the first pass
        // hands its summary over alone (later passes hand every summary over first).
        if (this.#passes === 0 && sealed.length < page.items.length) {
          const held = new Set(sealed.map((item) => item.summary.id));
          const bare = page.items.filter((s) => !held.has(s.id)).map(summaryOf);
          const listed = this.#ask({ kind: 'sync-page', summaries: bare });
          listed.catch(() => undefined);
          opening.push(listed);
        }
        if (sealed.length > 0) {
          const put = this.#ask({ kind: 'put', items: sealed });
          // Not awaited here: a failure still surfaces when it is awaited in turn.
          put.catch(() => undefined);
          opening.push(put);
        }
      }
      if (page.nextCursor === null || this.#closed) break;
      cursor = page.nextCursor;
    }
    for (const put of opening) await put;
    await this.#ask({ kind: 'sync-end' });
    this.#passes++;
  }

  #ask(request: Ask): Promise<SearchReply & { ok: true }> {
    if (this.#closed) return Promise.reject(new Error('the search index is closed'));
    const id = ++this.#ids;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as SearchRequest);
    });
  }

  #settle(reply: SearchReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (!reply.ok) {
      waiting.reject(new Error(reply.message));
      return;
    }
    if (reply.kind === 'ack' || reply.kind === 'need') {
      this.#update({ stats: reply.stats, generation: reply.stats.changes, error: null });
    }
    waiting.resolve(reply);
  }

  #fail(message: string): void {
    for (const waiting of this.#waiting.values()) waiting.reject(new Error(message));
    this.#waiting.clear();
    this.#update({ error: message });
  }

  #update(change: Partial<IndexState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

async function neededIds(listed: Promise<SearchReply & { ok: true }>): Promise<string[]> {
  const reply = await listed;
  return reply.kind === 'need' ? reply.ids : [];
}

/** Only the summary's own fields go to the worker (a listed row may carry nothing else, but say so). */
const summaryOf = (s: SecretSummary): SecretSummary => ({
  id: s.id,
  name: s.name,
  path: s.path,
  tags: s.tags,
  type: s.type,
  version: s.version,
  revision: s.revision,
  updatedAt: s.updatedAt,
  deletedAt: s.deletedAt,
});

// Group commit for audit entries: concurrent requests share one durable transaction instead of one fsync each.
import { sql } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Store, Trx } from '../storage/database.ts';
import { type AuditBatchStatements, auditBatchStatements } from './audit-batch-statements.ts';
import { type AuditRecord, appendAudit, type ChainHead, chainHeadQuery, nextEntry } from './audit-log.ts';
import { sealHeadQuery } from './audit-seal.ts';
import { isAnonymousRefusal, RefusalAggregator } from './refusal-aggregator.ts';

/** A session's last use and replay window, persisted in the same transaction as the request's audit entry. */
export interface SessionTouch {
  sessionId: string;
  lastSeenAt: string;
  opHigh: number;
  opWindow: bigint;
  /**
   * Set on a store shared by several nodes: the node that served the request. There the replay window was
   * already claimed in the row (cluster/operation-claims.ts), and writing it again here could undo another
   * node's newer claim, so the touch leaves it alone.
   */
  node?: string;
}

interface Pending {
  /** Null: a request whose success the declaration leaves out of the log; only its touch is written. */
  record: AuditRecord | null;
  touch: SessionTouch | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * At most this many turns of the event loop, and this many milliseconds, pass between the first entry
 * queued and its commit (turns are long on a server busy with many connections).
 */
export interface GatherLimits {
  turns: number;
  ms: number;
}
const GATHER: GatherLimits = { turns: 8, ms: 2 };

/**
 * The touch on PostgreSQL, where several nodes share the store: last use (never moved back by a late
 * commit), the request count and the node that served; the replay window was claimed already. On SQLite
 * the touch also carries the window (audit-batch-statements.ts). `requests`: how many of the session's
 * requests a touch stands for (a batch folds several into one). A whole batch's touches are one
 * statement: one round trip where one per session took sixteen for sixteen clients.
 */
const sharedTouchesQuery = (touches: { touch: SessionTouch; requests: number }[]) => {
  const rows = touches.map(
    ({ touch, requests }) =>
      sql`(${touch.sessionId}, ${touch.lastSeenAt}, ${requests}::integer, ${touch.node ?? null})`,
  );
  return sql`update sessions as s set
      last_seen_at = case when s.last_seen_at < v.last_seen_at then v.last_seen_at else s.last_seen_at end,
      op_count = s.op_count + v.requests,
      node = v.node
    from (values ${sql.join(rows)}) as v(id, last_seen_at, requests, node)
    where s.id = v.id`;
};

export class AuditWriter {
  #queue: Pending[] = [];
  #flushing = false;
  /** Off once the chain was found not to match its seal: the evidence stays until it is looked into. */
  #sealing = true;
  #statements: AuditBatchStatements | null = null;
  /** Anonymous refusals are counted per address, operation and code each minute (refusal-aggregator.ts). */
  readonly #refusals = new RefusalAggregator({ write: (record) => this.#enqueue(record, null) });

  /**
   * The hash of the newest entry this process wrote, to catch a truncated tail (audit retention moves it
   * when it prunes); the server sets it from the table at start.
   */
  head: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly onHead: (hash: string) => void = () => undefined,
    /** The open keyring, or null while sealed: the new head is sealed with it when there is one. */
    private readonly keyringOf: () => Keyring | null = () => null,
    private readonly gatherLimits: GatherLimits = GATHER,
  ) {}

  #newHead(hash: string): void {
    this.head = hash;
    this.onHead(hash);
  }

  /** Whether new heads are sealed (see seal-lifecycle.ts: not over a chain that fails its seal). */
  sealing(on: boolean): void {
    this.#sealing = on;
  }

  #sealKeyring(): Keyring | null {
    return this.#sealing ? this.keyringOf() : null;
  }

  /**
   * Resolves once the entry is committed; rejects if it could not be (the caller then fails closed). An
   * anonymous refusal that repeats one already written this minute is counted instead, and resolves at once.
   */
  write(record: AuditRecord, touch: SessionTouch | null): Promise<void> {
    if (!touch && isAnonymousRefusal(record) && this.#refusals.absorb(record)) return Promise.resolve();
    return this.#enqueue(record, touch);
  }

  /**
   * A request whose success leaves no entry (contract SuccessAudit: a file's chunks) still moves its
   * session's last use and replay window, in the same group commit as the entries around it.
   */
  touch(touch: SessionTouch): Promise<void> {
    return this.#enqueue(null, touch);
  }

  /** touch() inside a caller's own transaction, with the change the request made. */
  async touchIn(trx: Trx, touch: SessionTouch): Promise<void> {
    if (this.store.supportsSyncWrites) {
      this.#statements ??= auditBatchStatements(this.store.db);
      await trx.executeQuery(this.#statements.touch(touch, 1).compile());
    } else {
      await sharedTouchesQuery([{ touch, requests: 1 }]).execute(trx);
    }
  }

  /**
   * Writes the counts of the refusals absorbed so far (each key's closing entry) and stops their timer:
   * when the server stops, before the store closes; tests call it to end the minute.
   */
  async flushRefusals(): Promise<void> {
    await this.#refusals.flush();
  }

  /** The server is closing: the counts are written, and no timer is left behind. */
  async close(): Promise<void> {
    await this.#refusals.flush();
    this.#refusals.stop();
  }

  #enqueue(record: AuditRecord | null, touch: SessionTouch | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, touch, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        this.#gather(0, 0, performance.now());
      }
    });
  }

  /**
   * Waits for the entries of requests still arriving before it commits: one commit (and one fsync, which
   * is most of a commit's cost) then covers them all. Each turn of the event loop reads what the network
   * brought; while a turn added entries, another one may follow (within the GatherLimits), so a lone request
   * waits one turn (microseconds) and a busy server commits about once per round of its clients (measured:
   * 15 entries per commit from 16 clients instead of 8, +20% reads).
   */
  #gather(seen: number, turns: number, since: number): void {
    setImmediate(() => {
      const queued = this.#queue.length;
      const { turns: maxTurns, ms } = this.gatherLimits;
      const more = queued > seen && turns < maxTurns && performance.now() - since < ms;
      if (more) this.#gather(queued, turns + 1, since);
      else void this.#flush();
    });
  }

  /** Appends one entry (and its touch) inside a caller's own transaction, e.g. with the change it records. */
  async appendIn(trx: Trx, record: AuditRecord, touch: SessionTouch | null): Promise<void> {
    if (this.store.supportsSyncWrites) return this.#appendInPrecompiled(trx, record, touch);
    if (touch) await sharedTouchesQuery([{ touch, requests: 1 }]).execute(trx);
    const head = await appendAudit(trx, record);
    const keyring = this.#sealKeyring();
    if (keyring) await sealHeadQuery(trx, keyring, head).execute();
    this.#newHead(head.hash);
  }

  /** appendIn on SQLite, with the statements the group commit uses (compiled once). */
  async #appendInPrecompiled(trx: Trx, record: AuditRecord, touch: SessionTouch | null): Promise<void> {
    this.#statements ??= auditBatchStatements(this.store.db);
    const statements = this.#statements;
    if (touch) await trx.executeQuery(statements.touch(touch, 1).compile());
    const { rows } = await trx.executeQuery(statements.head.compile());
    const next = statements.append(record, rows[0]);
    await trx.executeQuery(next.statement.compile());
    const keyring = this.#sealKeyring();
    if (keyring) await trx.executeQuery(statements.seal(keyring, next.head).compile());
    this.#newHead(next.head.hash);
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        try {
          await this.#commit(batch);
          for (const p of batch) p.resolve();
        } catch {
          // One bad entry must not take its neighbours down: retry each alone to find who fails.
          for (const p of batch) {
            try {
              await this.#commit([p]);
              p.resolve();
            } catch (error) {
              p.reject(error);
            }
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const head = this.store.supportsSyncWrites
      ? await this.#commitSync(batch)
      : await this.#commitAsync(batch);
    if (head) this.#newHead(head.hash);
  }

  /** Each touched session once, with how many of the batch's requests it stands for. */
  #touches(batch: Pending[]): { touch: SessionTouch; requests: number }[] {
    // Only the newest touch of each session matters, but every request in the batch counts.
    const touches = new Map<string, { touch: SessionTouch; requests: number }>();
    for (const p of batch) {
      if (!p.touch) continue;
      const seen = touches.get(p.touch.sessionId);
      touches.set(p.touch.sessionId, { touch: p.touch, requests: (seen?.requests ?? 0) + 1 });
    }
    return [...touches.values()];
  }

  /**
   * PostgreSQL: the same transaction in as few round trips as it can be, each one a wait on the network
   * while the cluster's write lock is held. The touches ride on the chain-head read and the entries on
   * the seal's upsert, as data-modifying CTEs, which PostgreSQL runs whether or not the query reads them.
   * The head read starts after the write lock is taken (store.transaction's first statement), so its
   * snapshot holds every entry committed before.
   */
  async #commitAsync(batch: Pending[]): Promise<ChainHead | undefined> {
    return this.store.transaction(
      async (trx) => {
        const touches = this.#touches(batch);
        let last =
          touches.length > 0
            ? (
                await sql<ChainHead>`with touched as (${sharedTouchesQuery(touches)})
                  select seq, hash from audit order by seq desc limit 1`.execute(trx)
              ).rows[0]
            : await chainHeadQuery(trx).executeTakeFirst();
        const rows: ReturnType<typeof nextEntry>['row'][] = [];
        for (const p of batch) {
          if (!p.record) continue;
          const next = nextEntry(p.record, last);
          rows.push(next.row);
          last = next.head;
        }
        // A batch of touches only: they rode on the head read above; no entry, no new head to seal.
        if (rows.length === 0) return undefined;
        const keyring = this.#sealKeyring();
        if (keyring && last) {
          const appending = trx.with('appended', (db) => db.insertInto('audit').values(rows));
          await sealHeadQuery(appending, keyring, last).execute();
        } else {
          await trx.insertInto('audit').values(rows).execute();
        }
        return last;
      },
      { scope: 'audit' },
    );
  }

  /**
   * SQLite: one synchronous transaction for the whole batch, no await between its statements, each of
   * them compiled once (audit-batch-statements.ts).
   */
  async #commitSync(batch: Pending[]): Promise<ChainHead | undefined> {
    this.#statements ??= auditBatchStatements(this.store.db);
    const statements = this.#statements;
    return this.store.writeSync(
      (w) => {
        for (const { touch, requests } of this.#touches(batch)) w.run(statements.touch(touch, requests));
        const records = batch.flatMap((p) => (p.record ? [p.record] : []));
        if (records.length === 0) return undefined;
        let last = w.first(statements.head);
        for (const record of records) {
          const next = statements.append(record, last);
          w.run(next.statement);
          last = next.head;
        }
        const keyring = this.#sealKeyring();
        if (keyring && last) w.run(statements.seal(keyring, last));
        return last;
      },
      { scope: 'audit' },
    );
  }
}

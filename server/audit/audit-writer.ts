// Group commit for audit entries: concurrent requests share one durable transaction instead of one fsync each.
import type { Store, Trx } from '../storage/database.ts';
import { type AuditRecord, appendAudit, type ChainHead } from './audit-log.ts';

/** A session's last use and replay window, persisted in the same transaction as the request's audit entry. */
export interface SessionTouch {
  sessionId: string;
  lastSeenAt: string;
  opHigh: number;
  opWindow: bigint;
}

interface Pending {
  record: AuditRecord;
  touch: SessionTouch | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export async function persistTouch(trx: Trx, touch: SessionTouch): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ last_seen_at: touch.lastSeenAt, op_high: touch.opHigh, op_window: touch.opWindow.toString() })
    .where('id', '=', touch.sessionId)
    .where('op_high', '<=', touch.opHigh)
    .execute();
}

export class AuditWriter {
  #queue: Pending[] = [];
  #flushing = false;

  constructor(
    private readonly store: Store,
    private readonly onHead: (hash: string) => void,
  ) {}

  /** Resolves once the entry is committed; rejects if it could not be (the caller then fails closed). */
  write(record: AuditRecord, touch: SessionTouch | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, touch, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // Let requests already in flight reach this point too: one fsync then covers them all.
        setImmediate(() => void this.#flush());
      }
    });
  }

  /** Appends one entry (and its touch) inside a caller's own transaction, e.g. with the change it records. */
  async appendIn(trx: Trx, record: AuditRecord, touch: SessionTouch | null): Promise<void> {
    if (touch) await persistTouch(trx, touch);
    this.onHead((await appendAudit(trx, record)).hash);
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
    let head: ChainHead | undefined;
    await this.store.transaction(
      async (trx) => {
        // Only the newest touch of each session matters.
        const touches = new Map(
          batch.flatMap((p) => (p.touch ? [[p.touch.sessionId, p.touch] as const] : [])),
        );
        for (const touch of touches.values()) await persistTouch(trx, touch);
        head = undefined;
        for (const p of batch) head = await appendAudit(trx, p.record, head);
      },
      { scope: 'audit' },
    );
    if (head) this.onHead((head as ChainHead).hash);
  }
}

// Anonymous refusals, counted instead of stored one by one: a flood of bad requests from one address adds
// a bounded number of audit entries (still in the hash chain) instead of one row per request.
import type { AuditRecord } from './audit-log.ts';

/**
 * Within one window (a minute), per address, operation and refusal code: the first few refusals are
 * written as they happened (so an occasional refusal reads as before, with its target), the rest are
 * counted, and when the window closes one entry says how many there were. So each such key adds at most
 * `detailed` + 1 entries a minute, whatever the number of requests. Unknown operation names share one key
 * (a caller picks them freely).
 */
export interface RefusalAggregatorOptions {
  /** Writes an entry (the closing count) through the audit writer's group commit. */
  write: (record: AuditRecord) => Promise<void>;
  windowMs?: number;
  /** Refusals of one key written as they are in each window before the rest are counted. */
  detailed?: number;
  /** Keys held at once; past this, new addresses are counted under one "many addresses" key. */
  maxKeys?: number;
}

interface Bucket {
  address: string;
  operation: string;
  code: string;
  firstTime: string;
  /** The time of the latest repeat: the closing entry's time. */
  lastTime: string;
  /** Written as they were, this window. */
  written: number;
  repeats: number;
}

/** The address of the entry that counts refusals from addresses beyond maxKeys in one window. */
export const MANY_ADDRESSES = 'many addresses';

/** Whether an entry is an anonymous refusal: no user, no session (nobody to hold to account by name). */
export function isAnonymousRefusal(record: AuditRecord): boolean {
  return record.status === 'denied' && record.userId === null && record.sessionId === null;
}

export class RefusalAggregator {
  readonly #options: Required<RefusalAggregatorOptions>;
  #buckets = new Map<string, Bucket>();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: RefusalAggregatorOptions) {
    this.#options = { windowMs: 60_000, detailed: 10, maxKeys: 10_000, ...options };
  }

  /**
   * True when the refusal was counted into its window's entry (nothing to write now); false when it is
   * among the window's first `detailed` of its key and must be written as it is.
   */
  absorb(record: AuditRecord): boolean {
    const operation = record.operation.startsWith('unknown:') ? 'unknown:*' : record.operation;
    const code = record.code ?? 'denied';
    const key = `${record.address}\n${operation}\n${code}`;
    const bucket = this.#buckets.get(key);
    if (bucket && bucket.written < this.#options.detailed) {
      bucket.written++;
      return false;
    }
    if (bucket) {
      bucket.repeats++;
      bucket.lastTime = record.time;
      return true;
    }
    if (this.#buckets.size >= this.#options.maxKeys) {
      // Memory stays bounded too: beyond maxKeys, every further address shares one count per reason.
      const crowd = `${MANY_ADDRESSES}\n${operation}\n${code}`;
      const many = this.#buckets.get(crowd);
      if (many) {
        many.repeats++;
        many.lastTime = record.time;
      } else
        this.#buckets.set(
          crowd,
          this.#bucket(MANY_ADDRESSES, operation, code, record.time, {
            written: this.#options.detailed,
            repeats: 1,
          }),
        );
      return true;
    }
    this.#buckets.set(
      key,
      this.#bucket(record.address, operation, code, record.time, { written: 1, repeats: 0 }),
    );
    this.#timer ??= setInterval(() => void this.flush().catch(() => undefined), this.#options.windowMs);
    this.#timer.unref();
    return false;
  }

  /**
   * Closes the window: one entry for each key that repeated, naming address, operation, code and count.
   * Called every windowMs, and when the server stops (before the store closes).
   */
  async flush(): Promise<void> {
    const closing = [...this.#buckets.values()];
    this.#buckets = new Map();
    if (this.#timer && closing.length === 0) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
    await Promise.all(
      closing
        .filter((bucket) => bucket.repeats > 0)
        .map((bucket) =>
          this.#options.write({
            time: bucket.lastTime,
            operation: bucket.operation,
            opNumber: null,
            userId: null,
            sessionId: null,
            address: bucket.address,
            target: `repeated ${bucket.repeats} more times since ${bucket.firstTime}`,
            status: 'denied',
            code: bucket.code,
          }),
        ),
    );
  }

  /** Stops the window's timer (the server is closing); call flush first to keep the counts. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #bucket(
    address: string,
    operation: string,
    code: string,
    firstTime: string,
    counts: { written: number; repeats: number },
  ): Bucket {
    return { address, operation, code, firstTime, lastTime: firstTime, ...counts };
  }
}

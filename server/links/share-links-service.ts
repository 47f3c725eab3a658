// One-time share links on the server: the per-address brake on opening them, and the sweep that deletes
// links at their expiry (the last view deletes its link at once, in the open itself).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { OpError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { SerialSchedule } from '../serial-schedule.ts';
import type { ServerState } from '../server-state.ts';
import type { Db } from '../storage/database.ts';
import { deleteExpiredLinks } from './share-links-repo.ts';

export class ShareLinksService {
  readonly #state: ServerState;
  readonly #log: Logger;
  readonly #schedule: SerialSchedule;
  readonly #opens = new AddressBudget('rate_limited_links_address', 'links opened');
  readonly #pages = new AddressBudget('rate_limited_link_page_address', 'link pages loaded');

  readonly #db: Db;
  readonly #now: () => Date;

  constructor(options: { state: ServerState; db: Db; log: Logger; now: () => Date; sweepMs?: number }) {
    this.#state = options.state;
    this.#db = options.db;
    this.#log = options.log;
    this.#now = options.now;
    this.#schedule = new SerialSchedule(options.sweepMs ?? 60_000, () =>
      this.#schedule.serial(() => this.#sweepIfOpen()),
    );
  }

  start(): void {
    this.#schedule.start();
  }

  stop(): Promise<void> {
    return this.#schedule.stop();
  }

  /**
   * Counts one open from an address against the setting's budget per minute; throws `rate_limited` once it
   * is spent. The budget is apart from sign-ins' and the API's.
   */
  limitOpen(address: string): Promise<void> {
    return this.#opens.take(address, this.#perMinute());
  }

  /** The same for loads of the public page (its own budget of the same size: each view loads it once). */
  limitPage(address: string): Promise<void> {
    return this.#pages.take(address, this.#perMinute());
  }

  #perMinute(): number {
    return this.#state.initialized && !this.#state.sealed
      ? this.#state.settings.shareLinks.opensPerAddressPerMinute
      : DEFAULT_PER_MINUTE;
  }

  /** Deletes every expired link now; answers how many (the schedule runs it every minute). */
  async sweep(): Promise<number> {
    return deleteExpiredLinks(this.#db, this.#now().toISOString());
  }

  async #sweepIfOpen(): Promise<void> {
    if (!this.#state.initialized || this.#state.sealed) return;
    try {
      const deleted = await this.sweep();
      if (deleted > 0) this.#log.info({ deleted }, 'expired share links deleted');
    } catch (error) {
      this.#log.warn({ err: { message: String(error) } }, 'share link sweep failed');
    }
  }
}

/** Used while sealed, when the settings cannot be read. */
const DEFAULT_PER_MINUTE = 30;

/** One budget per address per minute, rebuilt when the setting changes. */
class AddressBudget {
  #current: { perMinute: number; limiter: RateLimiterMemory } | null = null;

  constructor(
    private readonly auditCode: string,
    private readonly what: string,
  ) {}

  async take(address: string, perMinute: number): Promise<void> {
    if (this.#current?.perMinute !== perMinute) {
      this.#current = { perMinute, limiter: new RateLimiterMemory({ points: perMinute, duration: 60 }) };
    }
    try {
      await this.#current.limiter.consume(address);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new OpError(
        'rate_limited',
        `too many ${this.what} from this address: try again in ${retryAfter} s`,
        {
          auditCode: this.auditCode,
          retryAfter,
        },
      );
    }
  }
}

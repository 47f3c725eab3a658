// Audit retention: prunes entries older than the setting, at start and daily, leaving a chain that still verifies.
import { OpError } from '../errors.ts';
import { SerialSchedule } from '../serial-schedule.ts';
import type { ServerState } from '../server-state.ts';
import type { Db } from '../storage/database.ts';
import {
  type AuditRecord,
  type ChainHead,
  chainHeadQuery,
  GENESIS_HASH,
  nextEntry,
  type VerifyResult,
  verifyAudit,
} from './audit-log.ts';
import { checkSeal } from './audit-seal.ts';
import type { AuditWriter } from './audit-writer.ts';

/** The operation name of the entry each pruning writes; its target is the anchor `<seq>:<hash>`. */
export const RETENTION_OPERATION = 'auditRetention';

const DAY = 86_400_000;
/** Rows deleted per transaction, so a first pruning of millions of rows does not hold the writer for long. */
const BATCH = 50_000;
const ANCHOR = /^(\d{1,15}):([0-9a-f]{64})$/;

export interface PruneResult {
  pruned: number;
  /** The newest pruned entry (the chain's anchor), or null when nothing was ever pruned. */
  prunedThrough: number | null;
}

/**
 * Where the chain starts: the anchor the newest retention entry recorded, else genesis. That entry is
 * itself inside the chain it anchors, so editing it, or deleting it, or deleting entries after the anchor,
 * all show up when verifying.
 */
export async function chainStart(db: Db): Promise<ChainHead> {
  const row = await db
    .selectFrom('audit')
    .select('target')
    .where('operation', '=', RETENTION_OPERATION)
    .where('status', '=', 'ok')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const match = ANCHOR.exec(row?.target ?? '');
  return match?.[1] && match[2] ? { seq: Number(match[1]), hash: match[2] } : { seq: 0, hash: GENESIS_HASH };
}

export class AuditRetention {
  readonly #state: ServerState;
  readonly #audit: AuditWriter;
  /** Prunings and verifications run one at a time: a verify must not see a half-moved anchor. */
  readonly #schedule: SerialSchedule;
  #lastRun: number | null = null;

  constructor(state: ServerState, audit: AuditWriter, options: { checkMs?: number } = {}) {
    this.#state = state;
    this.#audit = audit;
    this.#schedule = new SerialSchedule(options.checkMs ?? 60_000, () => this.#check());
  }

  /** Looks every checkMs: prunes once the keyring is open (that is, at start) and then once a day. */
  start(): void {
    this.#schedule.start();
  }

  stop(): Promise<void> {
    return this.#schedule.stop();
  }

  /**
   * The newest entry this process wrote, which must be the chain's newest. Not where other nodes share
   * the store and append after it: there the seal, which every node rewrites with each append, shows a
   * chain cut short.
   */
  #knownHead(): string | null {
    return this.#state.store.shared ? null : this.#audit.head;
  }

  /** Verifies the chain from its anchor, never while a pruning moves it. */
  verify(): Promise<VerifyResult & { prunedThrough: number | null }> {
    return this.#schedule.serial(async () => {
      const db = this.#state.store.db;
      const start = await chainStart(db);
      const chain = await verifyAudit(db, this.#knownHead(), start);
      // A chain that holds together may still have been recomputed or cut short: its seal says.
      const seal = chain.valid ? await checkSeal(db, this.#state.keyring) : null;
      const result =
        seal && !seal.ok ? { ...chain, valid: false, brokenAt: seal.brokenAt, reason: seal.reason } : chain;
      return { ...result, prunedThrough: start.seq > 0 ? start.seq : null };
    });
  }

  /** Prunes now by the current setting; with retention off it prunes nothing. */
  prune(): Promise<PruneResult> {
    if (this.#schedule.stopped) return Promise.resolve({ pruned: 0, prunedThrough: null });
    return this.#schedule.serial(() => this.#prune());
  }

  async #check(): Promise<void> {
    if (this.#schedule.stopped || this.#state.sealed) return;
    const now = this.#state.now().getTime();
    if (this.#lastRun !== null && now - this.#lastRun < DAY) return;
    this.#lastRun = now;
    try {
      await this.prune();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#state.log.error({ err: { message } }, 'audit retention failed');
    }
  }

  async #prune(): Promise<PruneResult> {
    const { store, settings } = this.#state;
    const days = settings.audit.retentionDays;
    const start = await chainStart(store.db);
    const current = start.seq > 0 ? start.seq : null;
    if (days === null) return { pruned: 0, prunedThrough: current };
    const cutoff = new Date(this.#state.now().getTime() - days * DAY).toISOString();
    // Only a run of old entries from the start goes, so what remains is one unbroken chain.
    const firstKept = await store.db
      .selectFrom('audit')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('time', '>=', cutoff)
      .executeTakeFirst();
    const head = await store.db
      .selectFrom('audit')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const through = firstKept?.seq == null ? (head?.seq ?? 0) : firstKept.seq - 1;
    if (through <= (current ?? 0)) return { pruned: 0, prunedThrough: current };
    // Pruning a stretch that holds a break would destroy the evidence: refuse, and say so in the log itself.
    const check = await verifyAudit(store.db, this.#knownHead(), start);
    if (!check.valid && check.brokenAt !== null && check.brokenAt <= through + 1) {
      await this.#audit.write(
        { ...this.#record(`${check.brokenAt}`), status: 'error', code: 'integrity_error' },
        null,
      );
      throw new OpError(
        'conflict',
        `the audit chain is broken at entry ${check.brokenAt} (${check.reason}): nothing was pruned, so the evidence stays`,
      );
    }
    let pruned = 0;
    let anchor = current;
    while (anchor === null || anchor < through) {
      const upTo = Math.min((anchor ?? 0) + BATCH, through);
      if (upTo <= (anchor ?? 0)) break;
      const batch = await store.transaction(
        async (trx) => {
          const last = await trx
            .selectFrom('audit')
            .select(['seq', 'hash'])
            .where('seq', '<=', upTo)
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst();
          if (!last) return { deleted: 0, through: upTo };
          const deleted = await trx.deleteFrom('audit').where('seq', '<=', last.seq).executeTakeFirst();
          // The retention entry goes at the head; when every entry was old, it follows the last one pruned.
          const next = nextEntry(
            this.#record(`${last.seq}:${last.hash}`),
            (await chainHeadQuery(trx).executeTakeFirst()) ?? { seq: last.seq, hash: last.hash },
          );
          await trx.insertInto('audit').values(next.row).execute();
          // As appendIn does: set inside the transaction, so a group commit right after cannot be overtaken.
          this.#audit.head = next.head.hash;
          return { deleted: Number(deleted.numDeletedRows), through: last.seq };
        },
        { scope: 'audit' },
      );
      pruned += batch.deleted;
      anchor = batch.through;
    }
    if (pruned > 0) this.#state.log.info({ pruned, through: anchor, days }, 'old audit entries pruned');
    return { pruned, prunedThrough: anchor };
  }

  #record(target: string): AuditRecord {
    return {
      time: this.#state.now().toISOString(),
      operation: RETENTION_OPERATION,
      opNumber: null,
      userId: null,
      sessionId: null,
      address: 'schedule',
      target,
      status: 'ok',
      code: null,
    };
  }
}

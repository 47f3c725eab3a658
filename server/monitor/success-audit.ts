// Decides whether a success leaves an audit entry, by the operation's declaration (contract/define.ts
// SuccessAudit): a file moved in a hundred chunks is one event to an administrator, not a hundred.

import type { SuccessAudit } from '../../contract/define.ts';

/** How long a session's call on a stream's target counts as the same transfer. */
const SAME_TRANSFER_MS = 10 * 60 * 1000;
/** Bounded: past this many remembered transfers the oldest are forgotten (they are audited again: never fewer). */
const REMEMBERED = 10_000;

export class SuccessAuditPolicy {
  /** `session operation target` → when its transfer was last audited. Insertion order is age order. */
  readonly #audited = new Map<string, number>();

  /**
   * True when this call's success must be written. A stream's chunk is written when it starts the transfer
   * (the declared field is 0) or when no success of the session on this target was written lately, so a
   * reader who skips the first chunk is still recorded once. Claimed at once: the chunks after it are
   * already on their way (a client keeps several in flight) and must not each count as the first.
   */
  claim(declared: SuccessAudit | undefined, input: unknown, key: TransferKey, nowMs: number): boolean {
    if (declared === undefined || declared === 'every') return true;
    if (declared === 'none') return false;
    const memo = memoOf(key);
    const start = (input as Record<string, unknown> | null)?.[declared.streamStart] === 0;
    const seen = this.#audited.get(memo);
    if (!start && seen !== undefined && nowMs - seen < SAME_TRANSFER_MS) return false;
    this.#audited.delete(memo);
    this.#audited.set(memo, nowMs);
    while (this.#audited.size > REMEMBERED) {
      const oldest = this.#audited.keys().next().value;
      if (oldest === undefined) break;
      this.#audited.delete(oldest);
    }
    return true;
  }

  /** The claiming call was refused (its refusal is written): the next success is the transfer's first. */
  release(declared: SuccessAudit | undefined, key: TransferKey): void {
    if (declared !== undefined && typeof declared !== 'string') this.#audited.delete(memoOf(key));
  }
}

export interface TransferKey {
  sessionId: string | null;
  operation: string;
  target: string | null;
}

const memoOf = (key: TransferKey) => `${key.sessionId ?? '-'} ${key.operation} ${key.target ?? '-'}`;

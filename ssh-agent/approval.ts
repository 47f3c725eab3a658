// Asking a person before each signature: what the question carries, the answers, the 60-second limit, and the
// "allow for N minutes" memory (kept by the agent, not by whoever answers, so a window cannot widen it).
import type { PeerProcess } from './peer-process.ts';
import type { BoundHost } from './session-bind.ts';

/** What can honestly be said about a request. */
export interface SignQuestion {
  /** A fresh id, so an answer matches its question. */
  requestId: string;
  /** The identity's id in its key source (the vault item's id). */
  keyId: string;
  /** Its comment (the item's name) and fingerprint, as ssh-add -l shows them. */
  keyName: string;
  fingerprint: string;
  /** The signature algorithm asked for, e.g. ssh-ed25519 or rsa-sha2-512. */
  algorithm: string;
  /** The server the client proved it is connected to (session-bind@openssh.com), or null when it said none. */
  host: BoundHost | null;
  /** The program that connected, as the system reports it (Linux); null where it does not say. */
  client: PeerProcess | null;
  /** When the request arrived (ISO 8601). */
  askedAt: string;
}

export type SignAnswer = { allow: false } | { allow: true; forMinutes: number };

/** Asks and resolves with the answer; the agent stops waiting after the timeout (a denial). */
export type Approve = (question: SignQuestion, signal: AbortSignal) => Promise<SignAnswer>;

export const APPROVAL_TIMEOUT_MS = 60_000;
/** The longest "allow for N minutes" accepted from any answerer. */
export const MAX_ALLOW_MINUTES = 8 * 60;

/**
 * Remembers "allow for N minutes" per key. A clock is passed in so that a test can move time without sleeping.
 */
export class ApprovalMemory {
  readonly #until = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  allows(keyId: string): boolean {
    const until = this.#until.get(keyId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#until.delete(keyId);
    return false;
  }

  remember(keyId: string, minutes: number): void {
    const bounded = Math.min(Math.max(0, Math.floor(minutes)), MAX_ALLOW_MINUTES);
    if (bounded > 0) this.#until.set(keyId, this.now() + bounded * 60_000);
  }

  /** Forgets every standing approval: on lock, sign-out, or when the agent is turned off. */
  clear(): void {
    this.#until.clear();
  }
}

/** Asks once, treating a throw, an abort or silence past the timeout as a denial. */
export async function askWithTimeout(
  approve: Approve,
  question: SignQuestion,
  timeoutMs: number = APPROVAL_TIMEOUT_MS,
): Promise<SignAnswer> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SignAnswer>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ allow: false });
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      approve(question, controller.signal).catch((): SignAnswer => ({ allow: false })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// Anti-replay window for operation numbers (as in IPsec): numbers may arrive a little out of order, never twice.

/**
 * How far behind the newest number an operation may arrive. Wide, because a busy server does not answer
 * a session's requests in the order they were sent: with a few connections per session and a slow
 * request among them, 64 refused honest requests in the 200-connection load test. The bitmap is a
 * bigint (stored as text), so the width costs nothing on disk.
 */
export const REPLAY_WINDOW = 1024;

export interface ReplayState {
  high: number;
  /** Bit i set: operation number high - i has been used (bit 0 is high itself). */
  window: bigint;
}

export type ReplayVerdict = { ok: true; next: ReplayState } | { ok: false; reason: 'repeated' | 'stale' };

export function acceptOperationNumber(state: ReplayState, n: number): ReplayVerdict {
  if (!Number.isSafeInteger(n) || n < 1) return { ok: false, reason: 'stale' };
  const mask = (1n << BigInt(REPLAY_WINDOW)) - 1n;
  if (n > state.high) {
    const shift = n - state.high;
    const window = shift >= REPLAY_WINDOW ? 1n : ((state.window << BigInt(shift)) | 1n) & mask;
    return { ok: true, next: { high: n, window } };
  }
  const offset = state.high - n;
  if (offset >= REPLAY_WINDOW) return { ok: false, reason: 'stale' };
  const bit = 1n << BigInt(offset);
  if (state.window & bit) return { ok: false, reason: 'repeated' };
  return { ok: true, next: { high: state.high, window: state.window | bit } };
}

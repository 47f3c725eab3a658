// The bridge's names and shapes without any validation library: the sandboxed preload imports only this.
import type { Result } from '../errors.ts';

/** The IPC channel of calls (renderer → main, invoke/handle). */
export const BRIDGE_CALL_CHANNEL = 'keyhold:call';
/** The IPC channel of events (main → renderer). */
export const BRIDGE_EVENT_CHANNEL = 'keyhold:event';
/** The name under which preload exposes the bridge on `window`. */
export const BRIDGE_GLOBAL = 'keyhold';

/** One call as it crosses the bridge: the operation, its input, and the caller's session token and number. */
export interface BridgeRequest {
  operation: string;
  input: unknown;
  token: string | null;
  opNumber: number | null;
}

export type LockReason = 'idle' | 'screen-locked' | 'suspend' | 'menu';

/** What main tells the window. */
export type BridgeEvent = { type: 'lock'; reason: LockReason } | { type: 'clipboard-cleared' };

/** Exactly what preload puts on `window.keyhold`. */
export interface KeyholdBridge {
  call(request: BridgeRequest): Promise<Result<unknown>>;
  /** Subscribes to main's events; returns the unsubscribe function. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

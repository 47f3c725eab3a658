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

/** A signature the SSH agent was asked for, as the window shows it (see ssh-agent/approval.ts). */
export interface SshSignRequest {
  requestId: string;
  keyId: string;
  keyName: string;
  fingerprint: string;
  algorithm: string;
  /** The server the client proved it is connected to, or null (a local program). */
  host: { keyType: string; fingerprint: string; forwarding: boolean } | null;
  /** The program that asked, as the system reports it (Linux: its pid, command line and parent), or null. */
  client: { pid: number; command: string; parent: string | null } | null;
  askedAt: string;
}

/** What main tells the window. */
export type BridgeEvent =
  | { type: 'lock'; reason: LockReason }
  | { type: 'clipboard-cleared' }
  /** Ask the person: allow this signature? Answer with desktop.sshAgentAnswer (no answer in 60 s: denied). */
  | { type: 'ssh-sign-request'; request: SshSignRequest }
  /** The question is over (answered, timed out): close its dialog. */
  | { type: 'ssh-sign-settled'; requestId: string }
  /** Give the private key of this item for one signature, with desktop.sshAgentKey. */
  | { type: 'ssh-key-request'; requestId: string; itemId: string };

/** Exactly what preload puts on `window.keyhold`. */
export interface KeyholdBridge {
  call(request: BridgeRequest): Promise<Result<unknown>>;
  /** Subscribes to main's events; returns the unsubscribe function. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

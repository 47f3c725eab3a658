// The messages between the main process and the host worker.
import type { BridgeRequest, Result } from '../../contract/index.ts';

export interface HostWorkerData {
  dataDir: string;
  logLevel: string;
  /** The built web UI, served by the network listener when the settings expose it. */
  webRoot?: string;
}

export type HostRequest = { type: 'call'; id: number; request: BridgeRequest } | { type: 'close' };

export type HostReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'closed' };

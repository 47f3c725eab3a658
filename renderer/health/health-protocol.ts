// Messages between the window and its password-health worker: keys, sealed pages to open, the report.

import type { SealedHealthItem } from '../../client/health/health-items.ts';
import type { HealthReport } from '../../client/health/health-report.ts';
import type { BulkRequest } from '../../client/workers/bulk-protocol.ts';

export type HealthRequest =
  /** The user's keys, handed over by the session's worker pool (client/workers/bulk-pool.ts). */
  | Extract<BulkRequest, { kind: 'keys' }>
  /** Wipes the keys and every opened item (the screen closes, lock, sign-out). */
  | { kind: 'forget' }
  /** One page of the vault to open and keep for the report. */
  | { kind: 'put'; id: number; items: SealedHealthItem[] }
  /** The report over everything put so far, with this "old" threshold. */
  | { kind: 'report'; id: number; oldAfterDays: number; now: string };

export type HealthReply =
  | { id: number; ok: true; kind: 'ack'; opened: number; unreadable: number }
  /** Scoring progress while a report is computed (zxcvbn is the slow part). */
  | { id: number; ok: true; kind: 'progress'; done: number; total: number }
  | { id: number; ok: true; kind: 'report'; report: HealthReport; unreadable: number }
  | { id: number; ok: false; message: string };

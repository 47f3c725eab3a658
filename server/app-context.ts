// Every service an operation handler may use, built once at start (server/app.ts): a handler reaches a
// service through a typed field, so a service the server lacks is a type error, not a lookup that fails.

import type { NetworkStatus } from '../contract/ops-network.ts';
import type { NetworkSettings } from '../contract/settings.ts';
import type { AttachmentsService } from './attachments/attachments-service.ts';
import type { AuditRetention } from './audit/audit-retention.ts';
import type { AuditWriter } from './audit/audit-writer.ts';
import type { AddressLockout } from './auth/address-lockout.ts';
import type { ReplayWindows } from './auth/replay-windows.ts';
import type { BackupService } from './backup/backup-service.ts';
import type { TlsRuntime } from './certificates/tls-runtime.ts';
import type { OneAtATime } from './clients/one-at-a-time.ts';
import type { ClusterSync } from './cluster/cluster-sync.ts';
import type { OperationClaims } from './cluster/operation-claims.ts';
import type { ShareLinksService } from './links/share-links-service.ts';
import type { Logger } from './log.ts';
import type { SessionCache } from './monitor/session-cache.ts';
import type { GrantsService } from './secrets/grants-service.ts';
import type { SecretsService } from './secrets/secrets-service.ts';
import type { ServerState } from './server-state.ts';
import type { StatsAggregator } from './stats/stats-aggregator.ts';
import type { Db, Store } from './storage/database.ts';

/** What handlers may do with where the server listens (the transport's manager, seen from inside). */
export interface NetworkControl {
  /** Binds where `network` says, without switching yet: the caller commits once the settings are saved. */
  prepare(network: NetworkSettings): Promise<{ commit(): void; abandon(): Promise<void> }>;
  /** Resolves once a move under way has finished. */
  settled(): Promise<void>;
  status(): NetworkStatus;
  readonly ca: { caCertPem: string; caFingerprint: string };
}

export interface AppContext {
  /** The seal state only: keyring, seal record, settings, decoy key, status, share progress. */
  readonly state: ServerState;
  readonly store: Store;
  /** For reads through the repositories; writes go through ctx.atomically's transaction. */
  readonly db: Db;
  readonly log: Logger;
  /** This server node's name, in statistics and the clients list (several nodes may share a store). */
  readonly node: string;
  /** The server's clock (tests set it); a handler reads the request's own time as ctx.now. */
  readonly clock: () => Date;
  /** Sessions in use by token hash, dropped whenever a write may have reached their rows. */
  readonly sessions: SessionCache;
  /** Replay windows of sessions in use, ahead of their rows until the request's audit entry commits. */
  readonly replayWindows: ReplayWindows;
  /** The audit log's writer (group commit, the chain's head, sealing while the keyring is open). */
  readonly audit: AuditWriter;
  /** On a store shared with other nodes: the change feed this node notes its writes in and follows. */
  readonly cluster: ClusterSync | null;
  /** On a shared store: operation numbers are claimed in the session rows, so no node reuses another's. */
  readonly operationClaims: OperationClaims | null;
  /** Per-minute statistics fed by the security monitor. */
  readonly stats: StatsAggregator;
  /** Secrets, their index and the copy of values readers read. */
  readonly secrets: SecretsService;
  /** Grants to people and machines other than the owner, and their index. */
  readonly grants: GrantsService;
  readonly backups: BackupService;
  /** Files on items, read from the database by every node. */
  readonly attachments: AttachmentsService;
  readonly retention: AuditRetention;
  /** One-time share links: the brake on opening them and the sweep of expired ones. */
  readonly shareLinks: ShareLinksService;
  /** Sign-in failures per (name, address) pair, in memory: the lockout that spares the name elsewhere. */
  readonly lockouts: AddressLockout;
  /**
   * Users with a reachability check running: one at a time per user, with the per-check cap, keeps the
   * check from becoming a scanner that runs many sweeps side by side.
   */
  readonly reachability: OneAtATime;
  /** The served certificates and revoked serials; null where no TLS is involved. */
  readonly tls: TlsRuntime | null;
  /**
   * Where the server listens: set once when the listener manager starts (the HTTPS server, the desktop
   * host); null for a core without one.
   */
  listener: NetworkControl | null;
}

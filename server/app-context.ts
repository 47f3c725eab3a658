// Every service an operation handler may use, built once at start (server/app.ts): a handler reaches a
// service through a typed field, so a service the server lacks is a type error, not a lookup that fails.

import type { NetworkStatus } from '../contract/ops-network.ts';
import type { NetworkSettings } from '../contract/settings.ts';
import type { AuditRetention } from './audit/audit-retention.ts';
import type { AddressLockout } from './auth/address-lockout.ts';
import type { BackupService } from './backup/backup-service.ts';
import type { TlsRuntime } from './certificates/tls-runtime.ts';
import type { OneAtATime } from './clients/one-at-a-time.ts';
import type { Logger } from './log.ts';
import type { GrantsService } from './secrets/grants-service.ts';
import type { SecretsService } from './secrets/secrets-service.ts';
import type { ServerState } from './server-state.ts';
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
  /** The seal state: keyring, seal record, settings, status. */
  readonly state: ServerState;
  readonly store: Store;
  /** For reads through the repositories; writes go through ctx.atomically's transaction. */
  readonly db: Db;
  readonly log: Logger;
  /** Secrets, their index and the copy of values readers read. */
  readonly secrets: SecretsService;
  /** Grants to people and machines other than the owner, and their index. */
  readonly grants: GrantsService;
  readonly backups: BackupService;
  readonly retention: AuditRetention;
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

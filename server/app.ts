// Assembles a Keyhold server: data folder, store, TLS material, state, security monitor and HTTPS listener.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import type { AppContext } from './app-context.ts';
import { AttachmentsService } from './attachments/attachments-service.ts';
import { latestAuditHash } from './audit/audit-log.ts';
import { AuditRetention } from './audit/audit-retention.ts';
import { AuditWriter } from './audit/audit-writer.ts';
import { AddressLockout } from './auth/address-lockout.ts';
import { ReplayWindows } from './auth/replay-windows.ts';
import { BackupService } from './backup/backup-service.ts';
import { describeCertificate } from './certificates/certificate-authority.ts';
import { loadOrCreateTlsMaterial } from './certificates/tls-material.ts';
import { TlsRuntime } from './certificates/tls-runtime.ts';
import { OneAtATime } from './clients/one-at-a-time.ts';
import { ClusterSync } from './cluster/cluster-sync.ts';
import { OperationClaims } from './cluster/operation-claims.ts';
import { rowSealOf } from './integrity/row-seal.ts';
import { certificateTag, tagOf } from './integrity/row-tags.ts';
import { ShareLinksService } from './links/share-links-service.ts';
import { createLogger, type Logger } from './log.ts';
import { SecurityMonitor } from './monitor/dispatcher.ts';
import { SessionCache } from './monitor/session-cache.ts';
import { handlers } from './operations/index.ts';
import { closeSeal } from './seal-lifecycle.ts';
import { GrantsService } from './secrets/grants-service.ts';
import { SecretsService } from './secrets/secrets-service.ts';
import { type KdfOverride, ServerState } from './server-state.ts';
import { sampleGauges } from './stats/gauges.ts';
import { StatsAggregator } from './stats/stats-aggregator.ts';
import { type PostgresOptions, Store } from './storage/database.ts';
import { redactDatabaseUrl } from './storage/postgres-url.ts';
import type { ConnectionTimeouts } from './transport/connection-guard.ts';
import { ListenerManager } from './transport/listener.ts';

export interface KeyholdServerOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  logLevel?: string;
  logDestination?: DestinationStream;
  now?: () => Date;
  unsealKdf?: KdfOverride;
  synchronous?: 'full' | 'normal';
  /**
   * PostgreSQL instead of the data folder's SQLite file: several nodes may share it. The data folder
   * still holds this node's TLS files (copy the first node's tls/ folder to every other node).
   */
  database?: Omit<PostgresOptions, 'applicationName'>;
  /** SQLite in this file instead of the data folder's keyhold.db (ignored with `database`). */
  sqlitePath?: string;
  /** The better-sqlite3 binary to load (the desktop app's Electron build); node_modules' own by default. */
  sqliteNativeBinding?: string;
  /** How this node is named in statistics and the clients list (default: the host name). */
  nodeName?: string;
  /** A folder holding the built web UI (index.html and assets) to serve at `/`. */
  webRoot?: string;
  /** How often the backup schedule looks whether a backup is due (default a minute; tests shorten it). */
  backupCheckMs?: number;
  /** How often audit retention looks whether a day has passed since it last pruned (default a minute). */
  auditRetentionCheckMs?: number;
  /**
   * Which of host and port the network settings may move after unseal. server/main.ts lets them move
   * what no flag or environment variable gave; by default neither moves (tests keep their free port).
   */
  followSettings?: { address: boolean; port: boolean };
  /** How long slow clients may take before the listener closes them (tests shorten them). */
  connectionTimeouts?: ConnectionTimeouts;
}

export interface KeyholdServer {
  /** Where the listener is now (it moves when the network settings change). */
  readonly url: string;
  readonly port: number;
  readonly network: ListenerManager;
  readonly caCertPem: string;
  readonly state: ServerState;
  /** The services handlers use (the same object the monitor hands them). */
  readonly app: AppContext;
  readonly monitor: SecurityMonitor;
  readonly log: Logger;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'keyhold.db';

export interface KeyholdCore {
  readonly caCertPem: string;
  readonly tls: { key: string; cert: string; caFingerprint: string };
  readonly state: ServerState;
  readonly app: AppContext;
  readonly monitor: SecurityMonitor;
  readonly log: Logger;
  close(): Promise<void>;
}

/**
 * The server without a listener: storage, keyring state and the security monitor. The desktop app's
 * host worker dispatches IPC calls to it; startKeyholdServer adds the HTTPS listener.
 */
export async function openKeyholdCore(
  options: Omit<KeyholdServerOptions, 'host' | 'port'>,
): Promise<KeyholdCore> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger({
    level: options.logLevel ?? 'info',
    ...(options.logDestination && { destination: options.logDestination }),
  });
  // Stable across restarts, so one machine is one node in the statistics (two nodes on one host: --node-name).
  const nodeName = options.nodeName ?? (os.hostname() || 'keyhold');
  const store = await Store.open(
    options.database
      ? { ...options.database, applicationName: `keyhold ${nodeName}`.slice(0, 63) }
      : {
          path: options.sqlitePath ?? path.join(options.dataDir, DATABASE_FILE),
          synchronous: options.synchronous ?? 'full',
          ...(options.sqliteNativeBinding && { nativeBinding: options.sqliteNativeBinding }),
        },
  );
  log.info(
    {
      node: nodeName,
      storage: options.database
        ? redactDatabaseUrl(options.database.url)
        : (options.sqlitePath ?? DATABASE_FILE),
    },
    options.database ? 'storage: PostgreSQL' : 'storage: SQLite',
  );
  const { material } = await loadOrCreateTlsMaterial(options.dataDir);
  const tlsRuntime = new TlsRuntime({
    dataDir: options.dataDir,
    caCertPem: material.caCertPem,
    server: { key: material.serverKeyPem, cert: material.serverCertPem },
  });
  const clock = options.now ?? (() => new Date());
  const state = new ServerState({
    store,
    log,
    now: clock,
    ...(options.unsealKdf && { unsealKdf: options.unsealKdf }),
    // The CA key exists in memory only until init gives it a keyring to be sealed under.
    onInitialized: async (trx, keyring) => {
      if (!material.caKeyPem) return;
      const ca = describeCertificate(material.caCertPem);
      const row = {
        serial: ca.serialNumber,
        kind: 'ca',
        subject: ca.subject,
        cert_pem: material.caCertPem,
        key_enc: keyring.encrypt(material.caKeyPem, {
          table: 'certificates',
          id: ca.serialNumber,
          column: 'key',
          version: 1,
        }),
        not_before: ca.notBefore.toISOString(),
        not_after: ca.notAfter.toISOString(),
        status: 'valid',
        created_at: new Date().toISOString(),
        revoked_at: null,
        revoke_reason: null,
        issued_for: null,
        renewed_to: null,
      };
      await trx
        .insertInto('certificates')
        .values({ ...row, row_seal: tagOf(rowSealOf(keyring), certificateTag(row)) })
        .onConflict((oc) => oc.column('serial').doNothing())
        .execute();
    },
  });
  await state.load();
  // The services and caches, built once; ServerState holds only the seal state they are opened with.
  const sessions = new SessionCache();
  const grants = new GrantsService(
    store,
    () => secrets.forgetValues(),
    () => state.keyring,
  );
  const secrets = new SecretsService({ store, log, keyring: () => state.keyring, grants });
  const cluster = store.shared
    ? new ClusterSync({ store, node: nodeName, log, secrets, grants, sessions, tls: tlsRuntime, state })
    : null;
  // Writes the services registered reach their copies themselves (commit-effects.ts); a write that may
  // have reached anything drops the caches that are not services yet, and the values readers read.
  store.onWrite((scope) => {
    if (scope !== 'any') return;
    sessions.clear();
    secrets.forgetValues();
  });
  // A copy whose refresh failed after a commit is reread before the next request (see Store.transaction).
  store.onRefreshFailed((copy, error) => {
    log.error(
      { copy, err: { message: error instanceof Error ? error.message : String(error) } },
      'refreshing memory after a commit failed: it is reread before the next request',
    );
  });
  // Entries are sealed whenever the keyring is open (see audit-seal.ts).
  const audit = new AuditWriter(store, undefined, () => state.openKeyring);
  audit.head = await latestAuditHash(store.db);
  // Revoked serials are refused even while sealed (their rows' tags are checked once unsealed).
  await tlsRuntime.loadRevoked(store, null);
  const stats = new StatsAggregator({
    store,
    node: nodeName,
    now: clock,
    log,
    sampleGauges: () => sampleGauges({ state, store, clock }),
  });
  const backups = new BackupService({
    state,
    audit,
    dataDir: options.dataDir,
    ...(options.backupCheckMs && { checkMs: options.backupCheckMs }),
  });
  const retention = new AuditRetention(state, audit, {
    ...(options.auditRetentionCheckMs && { checkMs: options.auditRetentionCheckMs }),
  });
  // Every service a handler may use, once: the listener joins when a listener manager starts.
  const shareLinks = new ShareLinksService({
    state,
    db: store.db,
    log,
    now: options.now ?? (() => new Date()),
  });
  const app: AppContext = {
    state,
    store,
    db: store.db,
    log,
    node: nodeName,
    clock,
    sessions,
    replayWindows: new ReplayWindows(),
    audit,
    cluster,
    operationClaims: store.shared ? new OperationClaims(store) : null,
    stats,
    secrets,
    grants,
    backups,
    attachments: new AttachmentsService(store.db),
    shareLinks,
    retention,
    lockouts: new AddressLockout(),
    reachability: new OneAtATime(),
    tls: tlsRuntime,
    listener: null,
  };
  const monitor = new SecurityMonitor(app, handlers);
  backups.start();
  retention.start();
  shareLinks.start();
  stats.start();
  const caFingerprint = describeCertificate(material.caCertPem).fingerprintSha256;
  return {
    caCertPem: material.caCertPem,
    tls: { key: material.serverKeyPem, cert: material.serverCertPem, caFingerprint },
    state,
    app,
    monitor,
    log,
    close: async () => {
      // The schedule stops and a backup under way finishes before the store closes under it.
      await backups.stop();
      await retention.stop();
      await shareLinks.stop();
      // The last minutes counted are written while the store is still open.
      await stats.stop();
      // So are the counts of repeated anonymous refusals, sealed while the keyring is still open.
      await audit.close();
      if (!state.sealed) closeSeal(app);
      await store.close();
    },
  };
}

export async function startKeyholdServer(options: KeyholdServerOptions): Promise<KeyholdServer> {
  const core = await openKeyholdCore(options);
  const { log, state, monitor } = core;
  const follow = options.followSettings ?? { address: false, port: false };
  const network = await ListenerManager.start({
    monitor,
    // The chain includes the CA, so a client meeting the server for the first time can show the CA's
    // fingerprint for a person to confirm (trust on first use) before pinning it.
    tls: { key: core.tls.key, cert: `${core.tls.cert.trim()}\n${core.caCertPem.trim()}\n` },
    caCertPem: core.caCertPem,
    caFingerprint: core.tls.caFingerprint,
    log,
    ...(options.webRoot && { webRoot: options.webRoot }),
    mode: 'headless',
    initial: { address: options.host ?? '127.0.0.1', port: options.port },
    pinned: { address: !follow.address, port: !follow.port },
    ...(options.connectionTimeouts && { timeouts: options.connectionTimeouts }),
  }).catch(async (error: unknown) => {
    await core.close();
    throw error;
  });
  log.info(
    { url: network.localUrl, initialized: state.initialized, caFingerprint: core.tls.caFingerprint },
    'keyhold server listening',
  );
  // Headless there is always a listener: the manager replaces it, never drops it.
  const listening = () => {
    const listener = network.listener;
    const url = network.localUrl;
    if (!listener || !url) throw new Error('the headless server has no listener');
    return { url, port: listener.port };
  };
  return {
    get url() {
      return listening().url;
    },
    get port() {
      return listening().port;
    },
    network,
    caCertPem: core.caCertPem,
    state,
    app: core.app,
    monitor,
    log,
    close: async () => {
      await network.close();
      await core.close();
    },
  };
}

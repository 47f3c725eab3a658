// The running server's state: the store, the keyring (null while sealed), settings and the secret index.

import type { SealStatus, Settings } from '../contract/index.ts';
import { latestAuditHash } from './audit/audit-log.ts';
import { checkSeal } from './audit/audit-seal.ts';
import { AuditWriter } from './audit/audit-writer.ts';
import { ReplayWindows } from './auth/replay-windows.ts';
import type { TlsRuntime } from './certificates/tls-runtime.ts';
import { ClusterSync } from './cluster/cluster-sync.ts';
import { OperationClaims } from './cluster/operation-claims.ts';
import { OpError } from './errors.ts';
import { openRowIntegrity } from './integrity/open-integrity.ts';
import type { Keyring, SealRecord, TermRecord } from './keyring/index.ts';
import type { Logger } from './log.ts';
import { SessionCache } from './monitor/session-cache.ts';
import { GrantsService } from './secrets/grants-service.ts';
import { SecretsService } from './secrets/secrets-service.ts';
import { loadOrCreateServerKey, loadSettings } from './settings/settings-repo.ts';
import { sampleGauges } from './stats/gauges.ts';
import { StatsAggregator } from './stats/stats-aggregator.ts';
import type { Store, Trx } from './storage/database.ts';
import { loadSealRecord } from './storage/keyring-repo.ts';

export { SERVER_VERSION } from './server-version.ts';

import { SERVER_VERSION } from './server-version.ts';

export interface KdfOverride {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export interface ServerStateOptions {
  store: Store;
  log: Logger;
  /** This server node's name, in statistics and the clients list (several nodes may share a store). */
  node?: string;
  now?: () => Date;
  /** Cheaper Argon2id for the unseal passphrase, for tests only. */
  unsealKdf?: KdfOverride;
  /** Runs inside init's transaction with the new keyring: e.g. to seal away the CA's private key. */
  onInitialized?: (trx: Trx, keyring: Keyring) => Promise<void>;
  /** The served certificates and revoked serials (absent only where no TLS is involved). */
  tls?: TlsRuntime;
}

export class ServerState {
  readonly store: Store;
  readonly log: Logger;
  readonly node: string;
  readonly now: () => Date;
  readonly unsealKdf: KdfOverride | undefined;
  readonly onInitialized: ((trx: Trx, keyring: Keyring) => Promise<void>) | undefined;
  readonly tls: TlsRuntime | null;
  /** The secrets, their index and the copy of values readers read: loaded at unseal, cleared at seal. */
  readonly secrets: SecretsService;
  /** Grants to people and machines other than the owner (the owner's own key row is not a grant). */
  readonly grants: GrantsService;
  /** Replay windows of sessions in use, ahead of their rows until the request's audit entry commits. */
  readonly replayWindows = new ReplayWindows();
  readonly auditWriter: AuditWriter;
  readonly sessionCache = new SessionCache();
  /** On a store shared with other nodes: the change feed this node notes its writes in and follows. */
  readonly cluster: ClusterSync | null;
  /** On a shared store: operation numbers are claimed in the session rows, so no node reuses another's. */
  readonly operationClaims: OperationClaims | null;
  /** Per-minute statistics fed by the security monitor; app.ts starts and stops its flush timer. */
  readonly stats: StatsAggregator;
  seal: { seal: SealRecord; terms: TermRecord[] } | null = null;
  /** True while init runs (its KDF takes a while): a second init in that window is refused. */
  initializing = false;
  /** Key shares received toward the threshold; kept only in memory and cleared on success or reset. */
  shareProgress: string[] = [];
  #keyring: Keyring | null = null;
  #settings: Settings | null = null;
  #decoyKey: Buffer | null = null;
  /** The hash of the newest audit entry this process wrote, to catch a truncated tail. */
  auditHead: string | null = null;
  /** Called after each unseal, settings loaded: the network listener moves where they say. */
  readonly onOpen: Array<() => void> = [];

  constructor(options: ServerStateOptions) {
    this.store = options.store;
    this.log = options.log;
    this.node = options.node ?? `node-${process.pid}`;
    this.now = options.now ?? (() => new Date());
    this.unsealKdf = options.unsealKdf;
    this.onInitialized = options.onInitialized;
    this.tls = options.tls ?? null;
    this.grants = new GrantsService(this.store, () => this.secrets.forgetValues());
    this.secrets = new SecretsService({
      store: this.store,
      log: this.log,
      keyring: () => this.keyring,
      grants: this.grants,
    });
    this.cluster = this.store.shared ? new ClusterSync(this) : null;
    this.operationClaims = this.store.shared ? new OperationClaims(this.store) : null;
    // Writes the services registered reach their copies themselves (commit-effects.ts); a write that may
    // have reached anything drops the caches that are not services yet, and the values readers read.
    this.store.onWrite((scope) => {
      if (scope !== 'any') return;
      this.sessionCache.clear();
      this.secrets.forgetValues();
    });
    this.auditWriter = new AuditWriter(
      this.store,
      (hash) => {
        this.auditHead = hash;
      },
      // Entries are sealed whenever the keyring is open (see audit-seal.ts).
      () => this.#keyring,
    );
    this.stats = new StatsAggregator({
      store: this.store,
      node: this.node,
      now: this.now,
      log: this.log,
      sampleGauges: () => sampleGauges(this),
    });
  }

  async load(): Promise<void> {
    this.seal = await loadSealRecord(this.store.db);
    this.auditHead = await latestAuditHash(this.store.db);
    await this.tls?.loadRevoked(this.store);
  }

  get initialized(): boolean {
    return this.seal !== null;
  }

  get sealed(): boolean {
    return this.#keyring === null;
  }

  get keyring(): Keyring {
    if (!this.#keyring) throw new OpError('sealed', 'the server is sealed: unseal it first');
    return this.#keyring;
  }

  get settings(): Settings {
    if (!this.#settings) throw new OpError('sealed', 'the server is sealed: unseal it first');
    return this.#settings;
  }

  set settings(value: Settings) {
    this.#settings = value;
  }

  get decoyKey(): Buffer {
    if (!this.#decoyKey) throw new OpError('sealed', 'the server is sealed: unseal it first');
    return this.#decoyKey;
  }

  /** Takes an opened keyring: loads settings and rebuilds the in-memory index from sealed rows. */
  async open(keyring: Keyring): Promise<void> {
    const nowIso = this.now().toISOString();
    // Before anything is loaded: changes other nodes commit from here on are applied by later polls.
    await this.cluster?.begin();
    this.#settings = await loadSettings(this.store.db, keyring);
    this.#decoyKey = await loadOrCreateServerKey(this.store, keyring, 'prelogin-decoy', nowIso);
    // Row tags on (before any row is loaded), old rows tagged once, the generation checked against its copy.
    const integrity = await openRowIntegrity({
      store: this.store,
      keyring,
      log: this.log,
      now: this.now,
      audit: (record) => this.auditWriter.write(record, null),
    });
    await this.secrets.load(keyring);
    // Checked before anything new is sealed: sealing first would bless a chain rewritten while stopped.
    const seal = await checkSeal(this.store.db, keyring);
    if (!seal.ok) {
      this.log.error(
        { brokenAt: seal.brokenAt, reason: seal.reason },
        'the audit chain does not match its seal',
      );
    }
    this.auditWriter.sealing(seal.ok);
    this.#keyring = keyring;
    this.shareProgress = [];
    await this.tls?.afterUnseal(this.store, keyring, this.now(), this.log);
    this.log.info({ secrets: this.secrets.index.size, term: keyring.currentTerm }, 'keyring unsealed');
    for (const listener of this.onOpen) listener();
    await integrity.ready();
  }

  /**
   * Rereads the seal record another node sharing the store may have written (its init, a rotation) and
   * opens the keyring terms this node does not hold yet. Never forgets a record (a read that raced this
   * node's own init must not undo it).
   */
  async refreshSeal(): Promise<void> {
    if (this.initializing) return;
    const record = await loadSealRecord(this.store.db);
    if (!record || this.initializing) return;
    this.#keyring?.adopt(record.terms);
    this.seal = record;
  }

  /** Drops every key from memory; from now on only status and unseal are answered. */
  close(): void {
    this.#keyring?.wipe();
    this.#keyring = null;
    this.#settings = null;
    this.#decoyKey?.fill(0);
    this.#decoyKey = null;
    this.secrets.clear();
    this.sessionCache.clear();
    this.shareProgress = [];
    this.log.info('keyring sealed');
  }

  status(): SealStatus {
    return {
      initialized: this.initialized,
      sealed: this.sealed,
      method: this.seal?.seal.method ?? null,
      threshold: this.seal?.seal.threshold ?? null,
      shares: this.seal?.seal.shares ?? null,
      progress: this.shareProgress.length,
      keyringTerm: this.#keyring?.currentTerm ?? null,
      version: SERVER_VERSION,
    };
  }
}

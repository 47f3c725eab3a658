// The seal state: the keyring (null while sealed), the seal record, settings, the decoy key and share
// progress. What the services load at unseal and drop at seal is driven by seal-lifecycle.ts.

import type { SealStatus, Settings } from '../contract/index.ts';
import { OpError } from './errors.ts';
import type { Keyring, SealRecord, TermRecord } from './keyring/index.ts';
import type { Logger } from './log.ts';
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
  now?: () => Date;
  /** Cheaper Argon2id for the unseal passphrase, for tests only. */
  unsealKdf?: KdfOverride;
  /** Runs inside init's transaction with the new keyring: e.g. to seal away the CA's private key. */
  onInitialized?: (trx: Trx, keyring: Keyring) => Promise<void>;
}

/** What unseal has loaded by the time the keyring is handed over (seal-lifecycle.ts). */
export interface OpenedSeal {
  keyring: Keyring;
  settings: Settings;
  decoyKey: Buffer;
}

export class ServerState {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => Date;
  readonly unsealKdf: KdfOverride | undefined;
  readonly onInitialized: ((trx: Trx, keyring: Keyring) => Promise<void>) | undefined;
  seal: { seal: SealRecord; terms: TermRecord[] } | null = null;
  /** True while init runs (its KDF takes a while): a second init in that window is refused. */
  initializing = false;
  /** Key shares received toward the threshold; kept only in memory and cleared on success or reset. */
  shareProgress: string[] = [];
  #keyring: Keyring | null = null;
  #settings: Settings | null = null;
  #decoyKey: Buffer | null = null;
  /** Called after each unseal, settings loaded: the network listener moves where they say. */
  readonly onOpen: Array<() => void> = [];

  constructor(options: ServerStateOptions) {
    this.store = options.store;
    this.log = options.log;
    this.now = options.now ?? (() => new Date());
    this.unsealKdf = options.unsealKdf;
    this.onInitialized = options.onInitialized;
  }

  async load(): Promise<void> {
    this.seal = await loadSealRecord(this.store.db);
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

  /** The keyring while it is open, else null (for what works sealed too, such as sealing audit entries). */
  get openKeyring(): Keyring | null {
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

  /** Hands over the opened keyring once everything it unlocks is loaded: from now on requests are served. */
  open(opened: OpenedSeal): void {
    this.#settings = opened.settings;
    this.#decoyKey = opened.decoyKey;
    this.#keyring = opened.keyring;
    this.shareProgress = [];
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
    this.shareProgress = [];
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

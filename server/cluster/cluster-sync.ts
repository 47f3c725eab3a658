// Keeps this node's in-memory copies in step with what other nodes sharing the database wrote: before each
// request the node reads the change feed from where it left off and applies the other nodes' changes.
import { randomBytes } from 'node:crypto';
import type { Settings } from '../../contract/index.ts';
import type { TlsRuntime } from '../certificates/tls-runtime.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import type { SessionCache } from '../monitor/session-cache.ts';
import type { GrantsService } from '../secrets/grants-service.ts';
import type { SecretsService } from '../secrets/secrets-service.ts';
import { loadSettings } from '../settings/settings-repo.ts';
import type { Store, Trx } from '../storage/database.ts';
import type { ChangeRow } from '../storage/tables/changes.ts';
import { type Change, changesAfter, latestChange, noteChange, pruneChanges } from './change-feed.ts';

/** At most this many rows per poll; a node further behind reloads everything instead. */
const POLL_LIMIT = 500;
/** Changes older than this are pruned... */
const PRUNE_AGE_MS = 60 * 60_000;
/** ...so a node that has not polled for nearly as long may have missed some, and reloads everything. */
const IDLE_RELOAD_MS = PRUNE_AGE_MS - 5 * 60_000;
const PRUNE_EVERY_MS = 5 * 60_000;
/** Beyond this many secrets or principals named in one poll, one full reload is cheaper. */
const PRECISE_LIMIT = 200;

/** The seal state as the sync sees it: the keyring, the settings it reloads, the seal record it rereads. */
export interface ClusterSeal {
  readonly sealed: boolean;
  readonly keyring: Keyring;
  settings: Settings;
  /** Rereads the seal record and opens keyring terms another node added (a rotation there). */
  refreshSeal(): Promise<void>;
}

/** What the sync reads and refreshes: the services' copies and the caches, and the seal state. */
export interface ClusterDeps {
  readonly store: Store;
  readonly node: string;
  readonly log: Logger;
  /** Secrets and their index; its load() rebuilds the grants too. */
  readonly secrets: SecretsService;
  readonly grants: GrantsService;
  readonly sessions: SessionCache;
  readonly tls: TlsRuntime | null;
  readonly state: ClusterSeal;
}

export class ClusterSync {
  /** This process in the feed: its node name and a random suffix, so two nodes given one name still differ. */
  readonly instance: string;
  #last = 0;
  #polledAt = 0;
  #prunedAt = 0;
  #current: Promise<void> | null = null;
  #next: Promise<void> | null = null;

  constructor(private readonly deps: ClusterDeps) {
    this.instance = `${deps.node}~${randomBytes(4).toString('hex')}`;
    // Whatever a service's write registered is named in the feed, whichever code ran the transaction.
    deps.store.beforeCommit((trx, effects) => this.#noteIds(trx, effects.ids, [...effects.touched.keys()]));
  }

  /**
   * At unseal, before the in-memory copies are loaded: later polls start after the newest change, so a
   * fresh node does not replay history. A change committed during the load is applied once more, harmlessly.
   */
  async begin(): Promise<void> {
    this.#last = await latestChange(this.deps.store.db);
    this.#polledAt = Date.now();
  }

  /**
   * Notes a change to the caches (sessions, users, settings, revocations) inside the transaction that
   * makes it (see change-feed.ts). What the services' writes touched is noted by the store's hook.
   */
  note(trx: Trx, change: Change): Promise<void> {
    return noteChange(trx, this.instance, change);
  }

  /** One row per id the services' writes touched, or one asking for a full reload when they are many. */
  async #noteIds(trx: Trx, ids: ReadonlySet<string>, copies: { name: string }[]): Promise<void> {
    const operation = copies.map((copy) => copy.name).join(',');
    if (ids.size > PRECISE_LIMIT) {
      await noteChange(trx, this.instance, { scope: 'secrets', operation, target: null });
      return;
    }
    for (const id of ids) await noteChange(trx, this.instance, { scope: 'secrets', operation, target: id });
  }

  /**
   * Resolves once every change committed before the call is applied. A poll under way may have read too
   * early, so a caller arriving meanwhile waits for the next poll, which all such callers share.
   */
  catchUp(): Promise<void> {
    if (this.#next) return this.#next;
    if (!this.#current) return this.#run();
    const next = this.#current
      .catch(() => undefined)
      .then(() => {
        this.#next = null;
        return this.#run();
      });
    this.#next = next;
    return next;
  }

  #run(): Promise<void> {
    const run = this.#poll().finally(() => {
      if (this.#current === run) this.#current = null;
    });
    this.#current = run;
    return run;
  }

  async #poll(): Promise<void> {
    const deps = this.deps;
    if (deps.state.sealed) return;
    const startedAt = Date.now();
    const idle = startedAt - this.#polledAt > IDLE_RELOAD_MS;
    const rows = await changesAfter(deps.store.db, this.#last, POLL_LIMIT);
    if (idle || rows.length === POLL_LIMIT) {
      await this.#reloadAll(idle ? 'idle' : 'behind');
    } else if (rows.length > 0) {
      await this.#apply(rows.filter((row) => row.node !== this.instance));
      this.#last = Math.max(this.#last, (rows.at(-1) as ChangeRow).seq);
    }
    this.#polledAt = startedAt;
    if (startedAt - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = startedAt;
      const before = new Date(startedAt - PRUNE_AGE_MS).toISOString();
      pruneChanges(deps.store.db, before).catch((error: unknown) => {
        deps.log.warn({ err: { message: String(error) } }, 'pruning the change feed failed');
      });
    }
  }

  async #reloadAll(reason: string): Promise<void> {
    const deps = this.deps;
    // Read first: what commits during the reload is applied again by the next poll.
    const last = await latestChange(deps.store.db);
    await deps.state.refreshSeal();
    await this.#reloadCaches();
    await deps.secrets.load(deps.state.keyring);
    this.#last = Math.max(this.#last, last);
    deps.log.info({ reason, last }, 'cluster: reloaded every in-memory copy');
  }

  async #reloadCaches(): Promise<void> {
    const { state, store, sessions, tls } = this.deps;
    sessions.clear();
    state.settings = await loadSettings(store.db, state.keyring);
    await tls?.loadRevoked(store, state.keyring);
  }

  async #apply(rows: ChangeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { state, secrets, grants } = this.deps;
    // Every change another node notes may touch a value or a grant someone read (audit-only writes are not noted).
    secrets.forgetValues();
    let caches = false;
    let all = false;
    const targets = new Set<string>();
    for (const row of rows) {
      if (row.scope === 'any') caches = true;
      if (row.scope === 'secrets' && row.target === null) all = true;
      else if (row.target !== null) targets.add(row.target);
    }
    // New terms first: what the other node wrote after its rotation is sealed under them.
    if (rows.some((row) => row.operation === 'rotateKeyring')) await state.refreshSeal();
    // Sessions, users and roles, settings, revocations: small, so any such change reloads them whole.
    if (caches) await this.#reloadCaches();
    if (all || targets.size > PRECISE_LIMIT) await secrets.load(state.keyring);
    else if (targets.size > 0) {
      // The same refresh a local commit uses: a target may name a secret or a principal of a grant.
      const ids = [...targets];
      await secrets.refresh(ids);
      await grants.refresh(ids);
    }
  }
}

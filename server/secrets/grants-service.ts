// The grants (who besides its owner may reach a secret): their rows and their in-memory index, kept in
// step by construction. Every write here registers what it changed, and the index learns of it once the
// transaction commits (see storage/commit-effects.ts); another node's writes arrive through refresh too.
import type { Keyring } from '../keyring/index.ts';
import { type MemoryCopy, touched } from '../storage/commit-effects.ts';
import type { Store, Trx } from '../storage/database.ts';
import { type Grant, GrantIndex, type GrantPermission } from './grant-index.ts';
import {
  applyRotation,
  claimGeneration,
  deleteGrant,
  deleteGrantsOfPrincipal,
  grantRowsOf,
  grantsToPrincipal,
  grantsTouching,
  keyGeneration,
  liveVersions,
  type NewGrant,
  putGrant,
  type Rotation,
} from './grants-repo.ts';
import { replaceOwnWrappedKey } from './own-key-repo.ts';

/** What the monitor and the handlers may ask of the index; only this service changes it. */
export type GrantIndexView = Pick<GrantIndex, 'permission' | 'grantsOf' | 'secretsGrantedTo'>;

export class GrantsService implements MemoryCopy {
  readonly name = 'grants';
  readonly #index = new GrantIndex();

  constructor(
    private readonly store: Store,
    /** Drops the copies of values readers read: a grant's change may change a wrapped key. */
    private readonly forgetValues: () => void,
    /** The open keyring (throws while sealed): grant rows' tags are checked with its row seal. */
    private readonly keyring: () => Keyring,
  ) {}

  get index(): GrantIndexView {
    return this.#index;
  }

  permission(secretId: string, principalId: string): GrantPermission | null {
    return this.#index.permission(secretId, principalId);
  }

  /** A secret's grants as stored (who, what, when, by whom), oldest first. */
  rowsOf(secretId: string) {
    return grantRowsOf(this.store.db, secretId);
  }

  /** The grants a principal holds to other people's secrets, as stored. */
  heldBy(principalId: string) {
    return grantsToPrincipal(this.store.db, principalId);
  }

  /** The generation of the secret's content key; inside a transaction, read through it. */
  keyGeneration(secretId: string, trx?: Trx): Promise<number> {
    return keyGeneration(trx ?? this.store.db, secretId);
  }

  /** The live versions a rotation must re-encrypt; inside a transaction, read through it. */
  liveVersions(secretId: string, trx?: Trx): Promise<number[]> {
    return liveVersions(trx ?? this.store.db, secretId);
  }

  /** Claims the next key generation (check-and-set on `expected`): false when a rotation got there first. */
  claimGeneration(trx: Trx, secretId: string, expected: number): Promise<boolean> {
    return claimGeneration(trx, secretId, expected);
  }

  /** Grants (or regrants) a secret to a principal, with the content key wrapped to them. */
  async share(trx: Trx, keyring: Keyring, grant: NewGrant): Promise<void> {
    await putGrant(trx, keyring, grant);
    touched(trx, this, [grant.secretId]);
  }

  /** Answers whether there was such a grant. */
  async revoke(trx: Trx, secretId: string, principalId: string): Promise<boolean> {
    const removed = await deleteGrant(trx, secretId, principalId);
    if (removed) touched(trx, this, [secretId]);
    return removed;
  }

  /** Every grant to a principal goes (a machine identity revoked). */
  async revokeAllTo(trx: Trx, principalId: string): Promise<void> {
    await deleteGrantsOfPrincipal(trx, principalId);
    touched(trx, this, [principalId]);
  }

  /** A new content key: every live value and every reader's wrapped key replaced (permissions unchanged). */
  async rotate(trx: Trx, keyring: Keyring, rotation: Rotation): Promise<void> {
    await applyRotation(trx, keyring, rotation);
    touched(trx, this, [rotation.secretId]);
  }

  /**
   * The owner's own wrapped key re-wrapped by their client (vault-key migration), check-and-set on the
   * stored one; the copies of values readers read are dropped, as the wrapped key they hold changed.
   */
  async rewrapOwnKey(
    trx: Trx,
    keyring: Keyring,
    r: { secretId: string; ownerId: string; expected: string; wrappedKey: string },
  ): Promise<boolean> {
    const replaced = await replaceOwnWrappedKey(trx, keyring, r);
    if (replaced) touched(trx, this, [r.secretId]);
    return replaced;
  }

  /** The rows of these secrets were deleted (purged): their grants went with them. */
  forgetSecrets(trx: Trx, secretIds: readonly string[]): void {
    touched(trx, this, secretIds);
  }

  /** Replaces the index with grants read elsewhere (so a reload swaps secrets and grants together). */
  replace(grants: Iterable<Grant>): void {
    this.#index.load(grants);
  }

  clear(): void {
    this.#index.clear();
  }

  /** Rereads the grants of these secrets and to these principals (an id may name either). */
  async refresh(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // First, before anything is awaited: a read under way does not keep what it read (see the cache).
    this.forgetValues();
    const rows = await grantsTouching(this.store, this.keyring(), ids);
    for (const id of ids) {
      for (const principal of [...this.#index.grantsOf(id).keys()]) this.#index.remove(id, principal);
      this.#index.removePrincipal(id);
    }
    for (const grant of rows) this.#index.set(grant);
  }
}

// Which row seal writes through a database use: repositories that get only a transaction find it here.
import type { Db, Trx } from '../storage/database.ts';
import type { RowSeal } from './row-seal.ts';

/**
 * Keyed by the database's dialect adapter: one object per kysely instance, shared by every transaction
 * opened from it, so a bare `trx` names the store it writes to. Many handlers hand repositories only a
 * transaction; until they carry the seal in their context this keeps the tag computed on every write.
 */
const byDatabase = new WeakMap<object, RowSeal>();

const identity = (db: Db | Trx): object => db.getExecutor().adapter;

/** At unseal: writes and reads through `db` (and its transactions) use this seal from now on. */
export function attachRowSeal(db: Db, seal: RowSeal): void {
  byDatabase.set(identity(db), seal);
}

/** The seal of the keyring this database was last opened with; refuses while it was never opened. */
export function rowSealFor(db: Db | Trx): RowSeal {
  const seal = byDatabase.get(identity(db));
  if (!seal) throw new Error('the keyring is sealed: access rows cannot be checked or sealed');
  return seal;
}

/** The seal while the keyring is open, else null: for what is read while sealed too (revoked serials). */
export function openRowSeal(db: Db | Trx): RowSeal | null {
  const seal = byDatabase.get(identity(db));
  return seal?.open ? seal : null;
}

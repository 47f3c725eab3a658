// Reads and writes users; the sealed blob is opened here so callers only see the domain type.

import { sql } from 'kysely';
import type { Role } from '../../contract/index.ts';
import { normalizeUserName, roleSchema } from '../../contract/index.ts';
import { type RowSeal, rowSealOf } from '../integrity/row-seal.ts';
import { checkRow, intactRow, tagOf, userTag } from '../integrity/row-tags.ts';
import type { Binding, Keyring } from '../keyring/index.ts';
import { cachedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import { countWhere } from '../storage/dialect.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';
import type { UserRow } from '../storage/tables/users.ts';
import { type User, type UserData, userDataSchema } from './user-data.ts';

const binding = (id: string, version: number): Binding => ({ table: 'users', id, column: 'data', version });

/** The blind index of a name under the one normalisation every sign-in path uses (normalizeUserName). */
export function usernameIndex(keyring: Keyring, username: string): string {
  return keyring.blindIndex('username', normalizeUserName(username));
}

export function toUser(keyring: Keyring, row: UserRow): User {
  // Role, state, ownership and lockout are in clear: a row edited or forged in the file is refused here.
  checkRow(rowSealOf(keyring), userTag(row), row.row_seal);
  const data = openJson(keyring, row.data_enc, binding(row.id, row.row_version), userDataSchema);
  return {
    ...data,
    id: row.id,
    role: roleSchema.parse(row.role),
    isActive: row.is_active === 1,
    enrolled: row.enrolled === 1,
    rowVersion: row.row_version,
    failedLogins: row.failed_logins,
    failureWindowStart: row.failure_window_start,
    lockedUntil: row.locked_until,
    enrollmentCodeHash: row.enrollment_code_hash,
    enrollmentExpiresAt: row.enrollment_expires_at,
    createdAt: row.created_at,
    kind: row.kind === 'machine' ? 'machine' : 'person',
    ownerId: row.owner_id,
  };
}

/**
 * For lists that only show who someone is (audit entries, connected clients): a tampered row is reported and
 * shown as unknown (null) rather than failing the whole page.
 */
export function userForDisplay(keyring: Keyring, row: UserRow): User | null {
  return intactRow(rowSealOf(keyring), userTag(row), row.row_seal) ? toUser(keyring, row) : null;
}

export async function findUserById(store: Store, keyring: Keyring, id: string): Promise<User | null> {
  const row = await store.readFirst(store.db.selectFrom('users').selectAll().where('id', '=', id));
  return row ? toUser(keyring, row) : null;
}

export async function findUserByName(store: Store, keyring: Keyring, username: string): Promise<User | null> {
  const row = await store.readFirst(
    store.db.selectFrom('users').selectAll().where('username_index', '=', usernameIndex(keyring, username)),
  );
  return row ? toUser(keyring, row) : null;
}

export async function listAllUsers(db: Db, keyring: Keyring): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('seq').execute();
  // A tampered row is left out (and reported) so the rest of the list still serves the administrators.
  const seal = rowSealOf(keyring);
  return rows.filter((row) => intactRow(seal, userTag(row), row.row_seal)).map((row) => toUser(keyring, row));
}

export interface NewUser {
  id: string;
  role: Role;
  data: UserData;
  enrolled: boolean;
  enrollmentCodeHash: string | null;
  enrollmentExpiresAt: string | null;
  now: string;
  /** A machine identity, owned by the user who made it. */
  machineOwnerId?: string;
}

export async function insertUser(trx: Trx, keyring: Keyring, user: NewUser): Promise<void> {
  cachedRowsWritten(trx);
  const row = {
    id: user.id,
    username_index: usernameIndex(keyring, user.data.username),
    role: user.role,
    is_active: 1,
    enrolled: user.enrolled ? 1 : 0,
    data_enc: sealJson(keyring, binding(user.id, 1), user.data),
    row_version: 1,
    failed_logins: 0,
    failure_window_start: null,
    locked_until: null,
    enrollment_code_hash: user.enrollmentCodeHash,
    enrollment_expires_at: user.enrollmentExpiresAt,
    created_at: user.now,
    updated_at: user.now,
    kind: user.machineOwnerId ? 'machine' : 'person',
    owner_id: user.machineOwnerId ?? null,
  };
  await trx
    .insertInto('users')
    .values({ ...row, row_seal: tagOf(rowSealOf(keyring), userTag(row)) })
    .execute();
}

type UserColumns = Partial<Omit<UserRow, 'id' | 'seq' | 'row_seal'>>;

/**
 * Changes a user's row and its tag together: the row is checked first (a tampered row is never re-sealed),
 * the new tag is computed from it, and the update only lands if the tag is still the one read (any change
 * to a tagged column in between changes it), else it reads again.
 */
async function patchUserRow(
  db: Db | Trx,
  seal: RowSeal,
  id: string,
  patch: UserColumns,
  expectedVersion?: number,
): Promise<boolean> {
  cachedRowsWritten(db);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    checkRow(seal, userTag(row), row.row_seal);
    if (expectedVersion !== undefined && row.row_version !== expectedVersion) break;
    const result = await db
      .updateTable('users')
      .set({ ...patch, row_seal: tagOf(seal, userTag({ ...row, ...patch })) })
      .where('id', '=', id)
      .where('row_seal', '=', row.row_seal as string)
      .executeTakeFirst();
    if (result.numUpdatedRows === 1n) return true;
  }
  throw new Error('user changed concurrently; try again');
}

/** Re-seals the user's data under a new row version, so an older blob cannot be put back. */
export async function updateUserData(
  trx: Trx,
  keyring: Keyring,
  user: User,
  data: UserData,
  now: string,
): Promise<void> {
  const next = user.rowVersion + 1;
  const changed = await patchUserRow(
    trx,
    rowSealOf(keyring),
    user.id,
    { data_enc: sealJson(keyring, binding(user.id, next), data), row_version: next, updated_at: now },
    user.rowVersion,
  );
  if (!changed) throw new Error('user changed concurrently; try again');
}

export interface UserStatePatch {
  role?: Role;
  isActive?: boolean;
  enrolled?: boolean;
  failedLogins?: number;
  failureWindowStart?: string | null;
  lockedUntil?: string | null;
  enrollmentCodeHash?: string | null;
  enrollmentExpiresAt?: string | null;
}

export async function updateUserState(
  db: Db | Trx,
  keyring: Keyring,
  id: string,
  patch: UserStatePatch,
  now: string,
): Promise<void> {
  await patchUserRow(db, rowSealOf(keyring), id, {
    ...(patch.role !== undefined && { role: patch.role }),
    ...(patch.isActive !== undefined && { is_active: patch.isActive ? 1 : 0 }),
    ...(patch.enrolled !== undefined && { enrolled: patch.enrolled ? 1 : 0 }),
    ...(patch.failedLogins !== undefined && { failed_logins: patch.failedLogins }),
    ...(patch.failureWindowStart !== undefined && { failure_window_start: patch.failureWindowStart }),
    ...(patch.lockedUntil !== undefined && { locked_until: patch.lockedUntil }),
    ...(patch.enrollmentCodeHash !== undefined && { enrollment_code_hash: patch.enrollmentCodeHash }),
    ...(patch.enrollmentExpiresAt !== undefined && { enrollment_expires_at: patch.enrollmentExpiresAt }),
    updated_at: now,
  });
}

/**
 * Every machine identity the user owns, and those its machines own in turn (made before machines were
 * refused that), so that one disable or revoke reaches them all.
 */
export async function ownedMachineIds(db: Db | Trx, ownerId: string): Promise<string[]> {
  const found: string[] = [];
  let frontier = [ownerId];
  while (frontier.length > 0 && found.length < 100_000) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'machine')
      .where('owner_id', 'in', frontier)
      .execute();
    frontier = rows.map((r) => r.id).filter((id) => id !== ownerId && !found.includes(id));
    found.push(...frontier);
  }
  return found;
}

/** The ids of the users this user owns directly (their machine identities), for listing them. */
export async function machineIdsOwnedBy(db: Db, ownerId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('owner_id', '=', ownerId).execute();
  return rows.map((r) => r.id);
}

/** How many users are active, disabled and locked out now: counted in SQL, however many there are. */
export async function countUsersByState(
  db: Db,
  now: string,
): Promise<{ active: number; disabled: number; locked: number }> {
  const counts = await db
    .selectFrom('users')
    .select([
      countWhere(sql`is_active = 1`).as('active'),
      countWhere(sql`is_active != 1`).as('disabled'),
      countWhere(sql`is_active = 1 and locked_until > ${now}`).as('locked'),
    ])
    .executeTakeFirstOrThrow();
  return { active: Number(counts.active), disabled: Number(counts.disabled), locked: Number(counts.locked) };
}

/** A user's failed sign-ins in the current window, read in the transaction that counts one more. */
export function failureCounters(trx: Trx, userId: string) {
  return trx
    .selectFrom('users')
    .select(['failed_logins', 'failure_window_start'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

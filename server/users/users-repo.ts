// Reads and writes users; the sealed blob is opened here so callers only see the domain type.
import type { Role } from '../../contract/index.ts';
import { normalizeUserName, roleSchema } from '../../contract/index.ts';
import type { Binding, Keyring } from '../keyring/index.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';
import type { UserRow } from '../storage/tables/users.ts';
import { type User, type UserData, userDataSchema } from './user-data.ts';

const binding = (id: string, version: number): Binding => ({ table: 'users', id, column: 'data', version });

/** The blind index of a name under the one normalisation every sign-in path uses (normalizeUserName). */
export function usernameIndex(keyring: Keyring, username: string): string {
  return keyring.blindIndex('username', normalizeUserName(username));
}

export function toUser(keyring: Keyring, row: UserRow): User {
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
  return rows.map((row) => toUser(keyring, row));
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
  await trx
    .insertInto('users')
    .values({
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
    })
    .execute();
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
  const result = await trx
    .updateTable('users')
    .set({ data_enc: sealJson(keyring, binding(user.id, next), data), row_version: next, updated_at: now })
    .where('id', '=', user.id)
    .where('row_version', '=', user.rowVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new Error('user changed concurrently; try again');
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
  id: string,
  patch: UserStatePatch,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.isActive !== undefined && { is_active: patch.isActive ? 1 : 0 }),
      ...(patch.enrolled !== undefined && { enrolled: patch.enrolled ? 1 : 0 }),
      ...(patch.failedLogins !== undefined && { failed_logins: patch.failedLogins }),
      ...(patch.failureWindowStart !== undefined && { failure_window_start: patch.failureWindowStart }),
      ...(patch.lockedUntil !== undefined && { locked_until: patch.lockedUntil }),
      ...(patch.enrollmentCodeHash !== undefined && { enrollment_code_hash: patch.enrollmentCodeHash }),
      ...(patch.enrollmentExpiresAt !== undefined && { enrollment_expires_at: patch.enrollmentExpiresAt }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
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

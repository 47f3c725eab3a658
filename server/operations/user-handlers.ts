// Handlers for user administration: create with an enrollment code, roles, disable, unlock, login hours.
import { randomUUID } from 'node:crypto';
import type { userOperations } from '../../contract/ops-users.ts';
import { hashEnrollmentCode, newEnrollmentCode } from '../auth/tokens.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import { endSessions } from '../sessions/sessions-repo.ts';
import type { User } from '../users/user-data.ts';
import {
  findUserById,
  findUserByName,
  insertUser,
  listAllUsers,
  ownedMachineIds,
  type UserStatePatch,
  updateUserData,
  updateUserState,
  usernameIndex,
} from '../users/users-repo.ts';
import { userRecord } from './user-views.ts';

async function loadUser(ctx: OpContext, userId: string): Promise<User> {
  const user = await findUserById(ctx.store, ctx.keyring, userId);
  if (!user) throw new OpError('not_found', 'no such user', { field: 'userId' });
  return user;
}

function addressLocksOf(ctx: OpContext): Map<string, number> {
  return ctx.lockouts.lockedNames(ctx.now.getTime());
}

async function reload(ctx: OpContext, userId: string) {
  const user = await loadUser(ctx, userId);
  return userRecord(user, ctx.now, addressLocksOf(ctx).get(usernameIndex(ctx.keyring, user.username)));
}

/** An admin may not lock the server out of administration: one active, enrolled admin must remain. */
async function assertAnotherAdmin(ctx: OpContext, user: User): Promise<void> {
  if (user.role !== 'admin' || !user.isActive) return;
  const admins = (await listAllUsers(ctx.db, ctx.keyring)).filter(
    (u) => u.role === 'admin' && u.isActive && u.id !== user.id,
  );
  if (admins.length === 0)
    throw new OpError('conflict', 'this is the last active administrator', { field: 'userId' });
}

function enrollmentCode(ctx: OpContext) {
  const code = newEnrollmentCode();
  const expiresAt = new Date(
    ctx.now.getTime() + ctx.state.settings.enrollment.codeLifetimeHours * 3_600_000,
  ).toISOString();
  return { code, hash: hashEnrollmentCode(code), expiresAt };
}

async function setState(ctx: OpContext, userId: string, patch: UserStatePatch, endAll?: string) {
  await ctx.atomically(async (trx) => {
    await updateUserState(trx, ctx.keyring, userId, patch, ctx.nowIso);
    if (endAll) {
      await endSessions(trx, { userId }, endAll, ctx.nowIso);
      // The machines a person owns live and die with them: their sessions end in the same commit, which
      // every node learns of from the change feed; their sign-ins are refused while the owner is disabled.
      for (const machineId of await ownedMachineIds(trx, userId)) {
        await endSessions(trx, { userId: machineId }, `owner_${endAll}`, ctx.nowIso);
      }
    }
  });
  return reload(ctx, userId);
}

/** Unlocking (or enabling) a name clears its per-address locks on this node too. */
function clearAddressLocks(ctx: OpContext, user: User): void {
  ctx.lockouts.clearName(usernameIndex(ctx.keyring, user.username));
}

export const userHandlers: HandlersFor<keyof typeof userOperations> = {
  listUsers: async (ctx, { query }) => {
    const needle = query?.toLowerCase();
    const users = await listAllUsers(ctx.db, ctx.keyring);
    const locks = addressLocksOf(ctx);
    return {
      users: users
        .filter((u) => !needle || u.username.includes(needle) || u.displayName.toLowerCase().includes(needle))
        .map((u) => userRecord(u, ctx.now, locks.get(usernameIndex(ctx.keyring, u.username)))),
    };
  },

  createUser: async (ctx, input) => {
    if (await findUserByName(ctx.store, ctx.keyring, input.username)) {
      throw new OpError('conflict', `the user name ${input.username} is taken`, { field: 'username' });
    }
    const id = randomUUID();
    const code = enrollmentCode(ctx);
    ctx.setTarget(id);
    await ctx.atomically((trx) =>
      insertUser(trx, ctx.keyring, {
        id,
        role: input.role,
        enrolled: false,
        enrollmentCodeHash: code.hash,
        enrollmentExpiresAt: code.expiresAt,
        now: ctx.nowIso,
        data: {
          username: input.username,
          displayName: input.displayName,
          salt: null,
          kdf: null,
          verifier: null,
          publicKey: null,
          encryptedPrivateKey: null,
          encryptedVaultKey: null,
          sealedVaultKey: null,
          loginHours: null,
        },
      }),
    );
    return { userId: id, enrollmentCode: code.code, expiresAt: code.expiresAt };
  },

  setUserRole: async (ctx, { userId, role }) => {
    const user = await loadUser(ctx, userId);
    if (role !== 'admin') await assertAnotherAdmin(ctx, user);
    return setState(ctx, userId, { role });
  },

  disableUser: async (ctx, { userId }) => {
    if (userId === ctx.session.userId) {
      throw new OpError('conflict', 'you cannot disable your own account', { field: 'userId' });
    }
    await assertAnotherAdmin(ctx, await loadUser(ctx, userId));
    return setState(ctx, userId, { isActive: false }, 'user_disabled');
  },

  enableUser: async (ctx, { userId }) => {
    clearAddressLocks(ctx, await loadUser(ctx, userId));
    return setState(ctx, userId, {
      isActive: true,
      failedLogins: 0,
      failureWindowStart: null,
      lockedUntil: null,
    });
  },

  unlockUser: async (ctx, { userId }) => {
    clearAddressLocks(ctx, await loadUser(ctx, userId));
    return setState(ctx, userId, { failedLogins: 0, failureWindowStart: null, lockedUntil: null });
  },

  resetUserEnrollment: async (ctx, { userId }) => {
    const user = await loadUser(ctx, userId);
    if (userId === ctx.session.userId) {
      throw new OpError('conflict', 'change your own password instead of resetting your enrollment', {
        field: 'userId',
      });
    }
    const code = enrollmentCode(ctx);
    await ctx.atomically(async (trx) => {
      await updateUserData(
        trx,
        ctx.keyring,
        user,
        {
          ...user,
          salt: null,
          kdf: null,
          verifier: null,
          encryptedPrivateKey: null,
          encryptedVaultKey: null,
          sealedVaultKey: null,
        },
        ctx.nowIso,
      );
      await updateUserState(
        trx,
        ctx.keyring,
        userId,
        {
          enrolled: false,
          enrollmentCodeHash: code.hash,
          enrollmentExpiresAt: code.expiresAt,
          lockedUntil: null,
        },
        ctx.nowIso,
      );
      await endSessions(trx, { userId }, 'enrollment_reset', ctx.nowIso);
    });
    return { userId, enrollmentCode: code.code, expiresAt: code.expiresAt };
  },

  setUserLoginHours: async (ctx, { userId, loginHours }) => {
    const user = await loadUser(ctx, userId);
    await ctx.atomically((trx) =>
      updateUserData(trx, ctx.keyring, user, { ...user, loginHours }, ctx.nowIso),
    );
    return reload(ctx, userId);
  },

  endUserSessions: async (ctx, { userId }) => {
    await loadUser(ctx, userId);
    const ended = await ctx.atomically((trx) => endSessions(trx, { userId }, 'ended_by_admin', ctx.nowIso));
    return { ended };
  },
};

// Handlers for pre-login, login, logout, enrollment, password change and the caller's own sessions.
import { randomUUID } from 'node:crypto';
import type { authOperations } from '../../contract/ops-auth.ts';
import { AddressLockout } from '../auth/address-lockout.ts';
import { withinLoginHours } from '../auth/login-hours.ts';
import { decoyKdf, decoySalt, type KdfShare, kdfShares } from '../auth/prelogin-decoy.ts';
import { constantTimeEqualHex, hashEnrollmentCode, newSessionToken, sha256Hex } from '../auth/tokens.ts';
import { checkVerifier } from '../auth/verifier.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import {
  endSessions,
  findSession,
  insertSession,
  listOpenSessions,
  recordLogin,
} from '../sessions/sessions-repo.ts';
import { credentialData } from '../users/credential-data.ts';
import type { User } from '../users/user-data.ts';
import {
  findUserById,
  findUserByName,
  listAllUsers,
  updateUserData,
  updateUserState,
  usernameIndex,
} from '../users/users-repo.ts';
import {
  countNameFailure,
  lockedUntil,
  loginRecord,
  recordFailedLogin,
  recordRefusedLogin,
} from './login-attempts.ts';
import { userSummary } from './user-views.ts';

/** The one answer to every refused sign-in (see login). */
const LOGIN_REFUSED =
  'wrong user name or password (after repeated failures, signing in from here pauses for a while)';

/** Enrolled principals' KDF parameters, counted; cached a minute, since pre-login is public and frequent. */
const sharesCache = new WeakMap<object, { at: number; shares: KdfShare[] }>();
async function kdfSharesOf(ctx: OpContext): Promise<KdfShare[]> {
  const cached = sharesCache.get(ctx.state);
  if (cached && ctx.now.getTime() - cached.at < 60_000 && cached.at <= ctx.now.getTime())
    return cached.shares;
  const users = await listAllUsers(ctx.db, ctx.keyring);
  const shares = kdfShares(users.flatMap((u) => (u.enrolled && u.kdf ? [u.kdf] : [])));
  sharesCache.set(ctx.state, { at: ctx.now.getTime(), shares });
  return shares;
}

/** A machine identity signs in only while everyone up its chain of owners is active. */
async function ownersActive(ctx: OpContext, user: User): Promise<boolean> {
  let ownerId = user.kind === 'machine' ? user.ownerId : null;
  for (let depth = 0; ownerId && depth < 16; depth++) {
    const owner = await findUserById(ctx.store, ctx.keyring, ownerId);
    if (!owner?.isActive) return false;
    ownerId = owner.kind === 'machine' ? owner.ownerId : null;
  }
  return true;
}

export const authHandlers: HandlersFor<keyof typeof authOperations> = {
  getPasswordRules: async (ctx) => ({
    policy: ctx.state.settings.passwordPolicy,
    kdf: ctx.state.settings.kdf,
  }),

  prelogin: async (ctx, { username }) => {
    const user = await findUserByName(ctx.store, ctx.keyring, username);
    if (user?.enrolled && user.salt && user.kdf) return { salt: user.salt, kdf: user.kdf };
    // Unknown (or not yet enrolled) names get a stable salt and parameters drawn from those real users
    // have: nothing in the answer tells them apart (see prelogin-decoy.ts).
    const shares = await kdfSharesOf(ctx);
    return {
      salt: decoySalt(ctx.state.decoyKey, username),
      kdf: decoyKdf(ctx.state.decoyKey, username, shares, ctx.state.settings.kdf),
    };
  },

  login: async (ctx, input) => {
    const { state, now, nowIso } = ctx;
    const index = usernameIndex(ctx.keyring, input.username);
    const user = await findUserByName(ctx.store, ctx.keyring, input.username);
    const record = (result: Parameters<typeof loginRecord>[5], sessionId: string | null = null) =>
      loginRecord(ctx.caller, input.clientKind, index, user?.id ?? null, nowIso, result, sessionId);
    if (user) ctx.identify(user.id);

    // The desktop window (local IPC) is a person at the host: the network's lockouts do not apply to it,
    // so an administrator can always get in there, however much the name is guessed at from outside.
    const network = ctx.caller.transport !== 'ipc';
    const pairs = ctx.lockouts;
    const pair = AddressLockout.key(index, ctx.caller.address);
    const locked =
      network && (pairs.lockedUntil(pair, now.getTime()) !== null || (user && lockedUntil(user, now)));
    // The verifier runs for every case (unknown, locked, disabled), so that all of them take as long.
    const verified = await checkVerifier(user?.enrolled ? user.verifier : null, input.authHash);
    let refusal: 'account_locked' | 'invalid_credentials' | 'account_disabled' | null = null;
    let auditCode: string | null = null;
    let countFor: User | null = null;
    if (locked) {
      refusal = 'account_locked';
    } else if (!user || !verified) {
      refusal = 'invalid_credentials';
      if (network) {
        if (pairs.fail(pair, now.getTime(), state.settings.lockout) !== null) auditCode = 'locked_out';
        countFor = user;
      }
    } else if (!user.isActive || !(await ownersActive(ctx, user))) {
      refusal = 'account_disabled';
    }
    if (refusal || !user) {
      const nameLocked = await recordRefusedLogin(
        state,
        record(refusal ?? 'invalid_credentials'),
        countFor,
        now,
      );
      if (nameLocked) auditCode = 'locked_out';
      // Wrong password, unknown name, locked and disabled account: one answer, so none tells an outsider
      // which names exist or whether a guess was right. The audit entry says which it was.
      throw new OpError('invalid_credentials', LOGIN_REFUSED, {
        auditCode: auditCode ?? refusal ?? 'invalid_credentials',
      });
    }
    if (!withinLoginHours(user.loginHours ?? state.settings.loginHours[user.role], now)) {
      await recordFailedLogin(state, record('outside_login_hours'));
      throw new OpError('outside_login_hours', 'this account may not sign in at this time of day');
    }
    if (network) pairs.succeed(pair);
    const token = newSessionToken();
    const sessionId = randomUUID();
    const expiresAt = new Date(now.getTime() + state.settings.session.lifetimeMinutes * 60_000).toISOString();
    ctx.identify(user.id, sessionId);
    await ctx.atomically(async (trx) => {
      await insertSession(trx, ctx.keyring, {
        id: sessionId,
        tokenHash: sha256Hex(token),
        userId: user.id,
        clientKind: input.clientKind,
        address: ctx.caller.address,
        port: ctx.caller.port,
        now: nowIso,
        expiresAt,
        node: ctx.node,
      });
      await recordLogin(trx, record('ok', sessionId));
      await updateUserState(
        trx,
        ctx.keyring,
        user.id,
        { failedLogins: 0, failureWindowStart: null, lockedUntil: null },
        nowIso,
      );
    });
    return {
      token,
      sessionId,
      expiresAt,
      user: userSummary(user),
      publicKey: user.publicKey ?? '',
      encryptedPrivateKey: user.encryptedPrivateKey ?? '',
      encryptedVaultKey: user.encryptedVaultKey,
    };
  },

  // First writer wins: a vault key once stored is never replaced here (a password change re-seals it), so
  // two devices migrating at once both end with the stored key and no item is wrapped under a lost one.
  adoptVaultKey: async (ctx, input) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const user = await findUserById(ctx.store, ctx.keyring, ctx.session.userId);
      if (!user) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
      if (user.encryptedVaultKey && user.sealedVaultKey) {
        return { encryptedVaultKey: user.encryptedVaultKey, sealedVaultKey: user.sealedVaultKey };
      }
      try {
        await ctx.atomically((trx) =>
          updateUserData(trx, ctx.keyring, user, { ...user, ...input }, ctx.nowIso),
        );
        return input;
      } catch (error) {
        // The row moved (another device adopted, or a sign-in counted): read it again once.
        if (!(error instanceof Error) || !error.message.startsWith('user changed concurrently')) throw error;
      }
    }
    throw new OpError('conflict', 'the account changed meanwhile: sign in again');
  },

  // The server opens neither wrapped key: it swaps one opaque string for another, on the caller's own
  // secrets only, and only where the stored one is still what the client re-wrapped.
  rewrapOwnKeys: async (ctx, { items }) => {
    const { userId } = ctx.session;
    ctx.setTarget(`${items.length} secrets`);
    for (const [i, item] of items.entries()) {
      const record = ctx.secrets.index.record(item.id);
      if (!record || record.ownerId !== userId) {
        throw new OpError('not_found', `no such secret: ${item.id}`, {
          field: `items.${i}.id`,
          auditCode: record ? 'not_owner' : 'not_found',
        });
      }
    }
    const rewrapped = await ctx.atomically(async (trx) => {
      let done = 0;
      for (const { id, expected, wrappedKey } of items) {
        const r = { secretId: id, ownerId: userId, expected, wrappedKey };
        if (await ctx.grants.rewrapOwnKey(trx, ctx.keyring, r)) done++;
      }
      return done;
    });
    return { rewrapped, skipped: items.length - rewrapped };
  },

  logout: async (ctx) => {
    const { sessionId } = ctx.session;
    await ctx.atomically((trx) => endSessions(trx, { sessionId }, 'logout', ctx.nowIso));
    return { ok: true };
  },

  enroll: async (ctx, input) => {
    const user = await findUserByName(ctx.store, ctx.keyring, input.username);
    const expires = user?.enrollmentExpiresAt ? new Date(user.enrollmentExpiresAt).getTime() : 0;
    const valid =
      user?.enrollmentCodeHash != null &&
      expires > ctx.now.getTime() &&
      constantTimeEqualHex(hashEnrollmentCode(input.code), user.enrollmentCodeHash);
    if (!user || !valid)
      throw new OpError('invalid_credentials', 'the enrollment code is wrong or has expired', {
        field: 'code',
      });
    ctx.identify(user.id);
    ctx.setTarget(user.id);
    if (!user.isActive)
      throw new OpError('account_disabled', 'this account is disabled: ask an administrator');
    const stored = await credentialData(input.credentials);
    await ctx.atomically(async (trx) => {
      await updateUserData(trx, ctx.keyring, user, { ...user, ...stored }, ctx.nowIso);
      await updateUserState(
        trx,
        ctx.keyring,
        user.id,
        { enrolled: true, enrollmentCodeHash: null, enrollmentExpiresAt: null },
        ctx.nowIso,
      );
    });
    return { userId: user.id };
  },

  changePassword: async (ctx, input) => {
    const session = ctx.session;
    const user = await findUserById(ctx.store, ctx.keyring, session.userId);
    if (!user) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
    if (!(await checkVerifier(user.verifier, input.currentAuthHash))) {
      await countNameFailure(ctx.state, user, ctx.now);
      throw new OpError('invalid_credentials', 'the current password is wrong', { field: 'currentAuthHash' });
    }
    const { credentials } = input;
    if (credentials.publicKey !== user.publicKey) {
      throw new OpError('bad_request', 'a password change keeps the key pair: re-wrap the same private key', {
        field: 'credentials.publicKey',
      });
    }
    // A vault key sealed under the old password only would not open after the change: its items would be lost.
    if (user.encryptedVaultKey && !(credentials.encryptedVaultKey && credentials.sealedVaultKey)) {
      throw new OpError(
        'bad_request',
        'a password change must re-seal the vault key under the new password: update this client',
        { field: 'credentials.encryptedVaultKey' },
      );
    }
    // The key pair stays; only its wrapping and the password-derived values change.
    const stored = await credentialData(credentials);
    await ctx.atomically(async (trx) => {
      await updateUserData(trx, ctx.keyring, user, { ...user, ...stored }, ctx.nowIso);
      await endSessions(
        trx,
        { userId: user.id, exceptSessionId: session.sessionId },
        'password_changed',
        ctx.nowIso,
      );
    });
    return { ok: true };
  },

  whoami: async (ctx) => {
    const session = ctx.session;
    const user = await findUserById(ctx.store, ctx.keyring, session.userId);
    const row = await findSession(ctx.db, session.sessionId);
    if (!user || !row) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
    return { user: userSummary(user), sessionId: session.sessionId, expiresAt: row.expires_at };
  },

  listMySessions: async (ctx) => {
    const session = ctx.session;
    const rows = await listOpenSessions(ctx.db, session.userId);
    return {
      sessions: rows.map((row) => ({
        id: row.id,
        clientKind: row.client_kind as 'desktop' | 'web' | 'cli',
        address: row.address,
        port: row.port,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        current: row.id === session.sessionId,
      })),
    };
  },

  endSession: async (ctx, { sessionId }) => {
    const session = ctx.session;
    const row = await findSession(ctx.db, sessionId);
    if (!row || (row.user_id !== session.userId && session.role !== 'admin')) {
      throw new OpError('not_found', 'no such session', { auditCode: row ? 'not_owner' : 'not_found' });
    }
    await ctx.atomically((trx) => endSessions(trx, { sessionId }, 'ended_by_user', ctx.nowIso));
    return { ok: true };
  },
};

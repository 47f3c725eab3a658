// Handlers for pre-login, login, logout, enrollment, password change and the caller's own sessions.
import { createHmac, randomUUID } from 'node:crypto';
import { withinLoginHours } from '../auth/login-hours.ts';
import { constantTimeEqualHex, hashEnrollmentCode, newSessionToken, sha256Hex } from '../auth/tokens.ts';
import { checkVerifier } from '../auth/verifier.ts';
import type { authOperations } from '../contract/ops-auth.ts';
import { type HandlersFor, requireSession } from '../monitor/context.ts';
import { OpError } from '../monitor/op-error.ts';
import {
  endSessions,
  findSession,
  insertSession,
  listOpenSessions,
  recordLogin,
} from '../sessions/sessions-repo.ts';
import { credentialData } from '../users/credential-data.ts';
import {
  findUserById,
  findUserByName,
  updateUserData,
  updateUserState,
  usernameIndex,
} from '../users/users-repo.ts';
import { countFailure, lockedUntil, loginRecord, recordFailedLogin } from './login-attempts.ts';
import { userSummary } from './user-views.ts';

const wrongCredentials = () => new OpError('invalid_credentials', 'wrong user name or password');

export const authHandlers: HandlersFor<keyof typeof authOperations> = {
  getPasswordRules: async (ctx) => ({
    policy: ctx.state.settings.passwordPolicy,
    kdf: ctx.state.settings.kdf,
  }),

  prelogin: async (ctx, { username }) => {
    const user = await findUserByName(ctx.state.store, ctx.keyring, username);
    if (user?.enrolled && user.salt && user.kdf) return { salt: user.salt, kdf: user.kdf };
    // Unknown names get a salt that is stable per name and parameters like everyone else's: no enumeration.
    const salt = createHmac('sha256', ctx.state.decoyKey).update(`salt/${username}`).digest().subarray(0, 16);
    return { salt: salt.toString('base64'), kdf: ctx.state.settings.kdf };
  },

  login: async (ctx, input) => {
    const { state, now, nowIso } = ctx;
    const index = usernameIndex(ctx.keyring, input.username);
    const user = await findUserByName(state.store, ctx.keyring, input.username);
    const record = (result: Parameters<typeof loginRecord>[5], sessionId: string | null = null) =>
      loginRecord(ctx.caller, input.clientKind, index, user?.id ?? null, nowIso, result, sessionId);
    if (user) ctx.identify(user.id);

    const locked = user ? lockedUntil(user, now) : null;
    if (locked) {
      await recordFailedLogin(state, record('account_locked'));
      throw new OpError(
        'account_locked',
        `too many failed logins: the account is locked until ${locked.toISOString()}`,
      );
    }
    const verified = await checkVerifier(user?.enrolled ? user.verifier : null, input.authHash);
    if (!user || !verified) {
      const lockedNow = user ? await countFailure(state, user, now, state.settings.lockout) : false;
      await recordFailedLogin(state, record('invalid_credentials'));
      throw new OpError('invalid_credentials', wrongCredentials().message, {
        auditCode: lockedNow ? 'locked_out' : 'invalid_credentials',
      });
    }
    if (!user.isActive) {
      await recordFailedLogin(state, record('account_disabled'));
      throw new OpError('account_disabled', 'this account is disabled: ask an administrator');
    }
    if (!withinLoginHours(user.loginHours ?? state.settings.loginHours[user.role], now)) {
      await recordFailedLogin(state, record('outside_login_hours'));
      throw new OpError('outside_login_hours', 'this account may not sign in at this time of day');
    }
    const token = newSessionToken();
    const sessionId = randomUUID();
    const expiresAt = new Date(now.getTime() + state.settings.session.lifetimeMinutes * 60_000).toISOString();
    ctx.identify(user.id, sessionId);
    await ctx.atomically(async (trx) => {
      await insertSession(trx, {
        id: sessionId,
        tokenHash: sha256Hex(token),
        userId: user.id,
        clientKind: input.clientKind,
        address: ctx.caller.address,
        port: ctx.caller.port,
        now: nowIso,
        expiresAt,
        node: state.node,
      });
      await recordLogin(trx, record('ok', sessionId));
      await updateUserState(
        trx,
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
    };
  },

  logout: async (ctx) => {
    const { sessionId } = requireSession(ctx);
    await ctx.atomically((trx) => endSessions(trx, { sessionId }, 'logout', ctx.nowIso));
    return { ok: true };
  },

  enroll: async (ctx, input) => {
    const user = await findUserByName(ctx.state.store, ctx.keyring, input.username);
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
        user.id,
        { enrolled: true, enrollmentCodeHash: null, enrollmentExpiresAt: null },
        ctx.nowIso,
      );
    });
    return { userId: user.id };
  },

  changePassword: async (ctx, input) => {
    const session = requireSession(ctx);
    const user = await findUserById(ctx.state.store, ctx.keyring, session.userId);
    if (!user) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
    if (!(await checkVerifier(user.verifier, input.currentAuthHash))) {
      await countFailure(ctx.state, user, ctx.now, ctx.state.settings.lockout);
      throw new OpError('invalid_credentials', 'the current password is wrong', { field: 'currentAuthHash' });
    }
    const { credentials } = input;
    if (credentials.publicKey !== user.publicKey) {
      throw new OpError('bad_request', 'a password change keeps the key pair: re-wrap the same private key', {
        field: 'credentials.publicKey',
      });
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
    const session = requireSession(ctx);
    const user = await findUserById(ctx.state.store, ctx.keyring, session.userId);
    const row = await findSession(ctx.state.store.db, session.sessionId);
    if (!user || !row) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
    return { user: userSummary(user), sessionId: session.sessionId, expiresAt: row.expires_at };
  },

  listMySessions: async (ctx) => {
    const session = requireSession(ctx);
    const rows = await listOpenSessions(ctx.state.store.db, session.userId);
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
    const session = requireSession(ctx);
    const row = await findSession(ctx.state.store.db, sessionId);
    if (!row || (row.user_id !== session.userId && session.role !== 'admin')) {
      throw new OpError('not_found', 'no such session', { auditCode: row ? 'not_owner' : 'not_found' });
    }
    await ctx.atomically((trx) => endSessions(trx, { sessionId }, 'ended_by_user', ctx.nowIso));
    return { ok: true };
  },
};

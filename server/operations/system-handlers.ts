// Handlers for status, init, unseal, seal and keyring rotation.
import { randomUUID } from 'node:crypto';
import { settingsSchema } from '../../contract/index.ts';
import type { systemOperations } from '../../contract/ops-system.ts';
import { OpError } from '../errors.ts';
import {
  initKeyring,
  type Keyring,
  UnsealError,
  unsealWithPassphrase,
  unsealWithShares,
} from '../keyring/index.ts';
import type { HandlersFor } from '../monitor/context.ts';
import { closeSeal, openSeal } from '../seal-lifecycle.ts';
import { saveSettings } from '../settings/settings-repo.ts';
import { saveSealRecord, saveTerm } from '../storage/keyring-repo.ts';
import { credentialData } from '../users/credential-data.ts';
import { insertUser } from '../users/users-repo.ts';

export const systemHandlers: HandlersFor<keyof typeof systemOperations> = {
  status: async (ctx) => ctx.state.status(),

  init: async (ctx, input) => {
    const { state } = ctx;
    if (state.initialized || state.initializing)
      throw new OpError('already_initialized', 'the server is already initialised');
    state.initializing = true;
    try {
      const created = await initKeyring(
        input.unseal.method === 'passphrase'
          ? { method: 'passphrase', passphrase: input.unseal.passphrase }
          : { method: 'shares', shares: input.unseal.shares, threshold: input.unseal.threshold },
        state.unsealKdf ? { kdf: state.unsealKdf } : {},
      );
      const adminId = randomUUID();
      const stored = await credentialData(input.admin.credentials);
      ctx.identify(adminId);
      ctx.setTarget(adminId);
      await ctx.atomically(async (trx) => {
        await saveSealRecord(trx, created.seal, created.terms, ctx.nowIso);
        await insertUser(trx, created.keyring, {
          id: adminId,
          role: 'admin',
          enrolled: true,
          enrollmentCodeHash: null,
          enrollmentExpiresAt: null,
          now: ctx.nowIso,
          data: {
            username: input.admin.username,
            displayName: input.admin.displayName,
            ...stored,
            loginHours: null,
          },
        });
        await saveSettings(trx, created.keyring, settingsSchema.parse({}), ctx.nowIso);
        await state.onInitialized?.(trx, created.keyring);
      });
      state.seal = { seal: created.seal, terms: created.terms };
      await openSeal(ctx, created.keyring);
      return { shares: created.shares, adminId, status: state.status() };
    } finally {
      state.initializing = false;
    }
  },

  unseal: async (ctx, input) => {
    const { state } = ctx;
    const record = state.seal;
    if (!record) throw new OpError('not_initialized', 'the server is not initialised yet: run init first');
    if (!state.sealed) return state.status();
    if ('reset' in input) {
      state.shareProgress = [];
      return state.status();
    }
    let keyring: Keyring;
    try {
      if ('passphrase' in input) {
        if (record.seal.method !== 'passphrase') {
          throw new OpError('bad_request', 'this server is unsealed with key shares, not a passphrase', {
            field: 'passphrase',
          });
        }
        keyring = await unsealWithPassphrase(record.seal, record.terms, input.passphrase);
      } else {
        if (record.seal.method !== 'shares') {
          throw new OpError('bad_request', 'this server is unsealed with a passphrase, not key shares', {
            field: 'share',
          });
        }
        const share = input.share.toLowerCase();
        if (!state.shareProgress.includes(share)) state.shareProgress.push(share);
        if (state.shareProgress.length < (record.seal.threshold ?? 0)) return state.status();
        const shares = state.shareProgress;
        state.shareProgress = [];
        keyring = await unsealWithShares(record.seal, record.terms, shares);
      }
    } catch (error) {
      if (error instanceof UnsealError) {
        // The field says which secret was wrong, so a client does not word it as a wrong sign-in.
        throw new OpError('invalid_credentials', error.message, {
          auditCode: 'unseal_failed',
          field: 'passphrase' in input ? 'passphrase' : 'share',
        });
      }
      throw error;
    }
    await openSeal(ctx, keyring);
    return state.status();
  },

  seal: async (ctx) => {
    closeSeal(ctx);
    return ctx.state.status();
  },

  rotateKeyring: async (ctx) => {
    const term = ctx.keyring.rotate();
    try {
      await ctx.atomically((trx) => saveTerm(trx, term));
    } catch (error) {
      // The new term is live in memory but not on disk: seal rather than write data nobody could read later.
      closeSeal(ctx);
      throw error;
    }
    ctx.state.seal?.terms.push(term);
    return { term: term.term };
  },
};

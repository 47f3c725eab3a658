// Handlers for contacts, grants and machine identities. The server moves wrapped keys around; it never
// holds a content key, so a grant is only as good as the wrapping the client did.
import { randomUUID } from 'node:crypto';
import type { Contact, Principal } from '../../contract/index.ts';
import type { sharingOperations } from '../../contract/ops-sharing.ts';
import {
  contactFigures,
  contactRow,
  contactRows,
  deleteContact,
  grantsBetween,
  putContact,
} from '../contacts/contacts-repo.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext, SessionContext } from '../monitor/context.ts';
import { endSessions } from '../sessions/sessions-repo.ts';
import { credentialData } from '../users/credential-data.ts';
import type { User } from '../users/user-data.ts';
import {
  findUserById,
  findUserByName,
  insertUser,
  machineIdsOwnedBy,
  ownedMachineIds,
  updateUserState,
} from '../users/users-repo.ts';

function principalView(user: User): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    kind: user.kind,
    publicKey: user.publicKey ?? '',
    isActive: user.isActive,
  };
}

/** A principal one may pin, share to or add: active, enrolled (so it has a public key), not oneself. */
async function reachablePrincipal(ctx: SessionContext, userId: string, field: string): Promise<User> {
  const user = await findUserById(ctx.store, ctx.keyring, userId);
  if (!user?.isActive || !user.enrolled || !user.publicKey) {
    throw new OpError('not_found', 'no such active user or machine identity', { field });
  }
  if (user.id === ctx.session.userId) {
    throw new OpError('bad_request', 'that is you', { field });
  }
  return user;
}

async function contactView(ctx: OpContext, ownerId: string, contactId: string): Promise<Contact> {
  const row = await contactRow(ctx.db, ctx.keyring, ownerId, contactId);
  const user = await findUserById(ctx.store, ctx.keyring, contactId);
  if (!row || !user) throw new OpError('not_found', 'no such contact', { field: 'userId' });
  const figures = (await contactFigures(ctx.db, ownerId)).get(contactId);
  return {
    ...principalView(user),
    keyPin: row.key_pin,
    addedAt: row.added_at,
    sharedByMe: figures?.byMe ?? 0,
    sharedWithMe: figures?.withMe ?? 0,
    lastActivity: figures?.last ?? null,
  };
}

function secretName(ctx: OpContext, secretId: string): string {
  return ctx.secrets.index.record(secretId)?.name ?? '';
}

export const sharingHandlers: HandlersFor<keyof typeof sharingOperations> = {
  findPrincipal: async (ctx, { username }) => {
    const user = await findUserByName(ctx.store, ctx.keyring, username);
    if (!user)
      throw new OpError('not_found', `no user or machine identity is called ${username}`, {
        field: 'username',
      });
    return principalView(await reachablePrincipal(ctx, user.id, 'username'));
  },

  addContact: async (ctx, { userId, keyPin }) => {
    const me = ctx.session.userId;
    await reachablePrincipal(ctx, userId, 'userId');
    await ctx.atomically((trx) =>
      putContact(trx, ctx.keyring, {
        owner_id: me,
        contact_id: userId,
        key_pin: keyPin,
        added_at: ctx.nowIso,
      }),
    );
    return contactView(ctx, me, userId);
  },

  repinContact: async (ctx, { userId, keyPin }) => {
    const me = ctx.session.userId;
    const row = await contactRow(ctx.db, ctx.keyring, me, userId);
    if (!row) throw new OpError('not_found', 'no such contact', { field: 'userId' });
    await ctx.atomically((trx) => putContact(trx, ctx.keyring, { ...row, key_pin: keyPin }));
    return contactView(ctx, me, userId);
  },

  removeContact: async (ctx, { userId }) => {
    const me = ctx.session.userId;
    const removed = await ctx.atomically((trx) => deleteContact(trx, me, userId));
    if (!removed) throw new OpError('not_found', 'no such contact', { field: 'userId' });
    return { ok: true };
  },

  listContacts: async (ctx, { query }) => {
    const me = ctx.session.userId;
    const needle = query?.trim().toLowerCase() ?? '';
    const figures = await contactFigures(ctx.db, me);
    const contacts: Contact[] = [];
    for (const row of await contactRows(ctx.db, ctx.keyring, me)) {
      const user = await findUserById(ctx.store, ctx.keyring, row.contact_id);
      if (!user) continue;
      if (needle && !`${user.username}\n${user.displayName}`.toLowerCase().includes(needle)) continue;
      const f = figures.get(row.contact_id);
      contacts.push({
        ...principalView(user),
        keyPin: row.key_pin,
        addedAt: row.added_at,
        sharedByMe: f?.byMe ?? 0,
        sharedWithMe: f?.withMe ?? 0,
        lastActivity: f?.last ?? null,
      });
    }
    contacts.sort((a, b) => (b.lastActivity ?? b.addedAt).localeCompare(a.lastActivity ?? a.addedAt));
    return { contacts };
  },

  contactThread: async (ctx, { userId }) => {
    const me = ctx.session.userId;
    const rows = await grantsBetween(ctx.db, ctx.keyring, me, userId);
    return {
      grants: rows.map((r) => ({
        secretId: r.secret_id,
        secretName: secretName(ctx, r.secret_id),
        principalId: r.principal_id,
        permission: r.permission === 'write' ? ('write' as const) : ('read' as const),
        grantedAt: r.granted_at,
        grantedBy: r.granted_by,
        direction: r.owner_id === me ? ('out' as const) : ('in' as const),
      })),
    };
  },

  shareSecret: async (ctx, input) => {
    const me = ctx.session.userId;
    const secret = ctx.secrets.index.record(input.id);
    if (!secret) throw new OpError('not_found', 'no such secret', { field: 'id' });
    if (secret.deletedAt) throw new OpError('conflict', 'the secret is in the trash: restore it first');
    await reachablePrincipal(ctx, input.principalId, 'principalId');
    if (input.principalId === secret.ownerId) {
      throw new OpError('bad_request', 'the owner holds the secret already', { field: 'principalId' });
    }
    await ctx.atomically((trx) =>
      ctx.grants.share(trx, ctx.keyring, {
        secretId: input.id,
        principalId: input.principalId,
        permission: input.permission,
        wrappedKey: input.wrappedKey,
        by: me,
        now: ctx.nowIso,
      }),
    );
    return { ok: true };
  },

  listSecretGrants: async (ctx, { id }) => {
    const grants = [];
    for (const row of await ctx.grants.rowsOf(id)) {
      const user = await findUserById(ctx.store, ctx.keyring, row.principal_id);
      if (!user) continue;
      grants.push({
        ...principalView(user),
        permission: row.permission === 'write' ? ('write' as const) : ('read' as const),
        grantedAt: row.granted_at,
        grantedBy: row.granted_by,
      });
    }
    return {
      grants,
      keyGeneration: await ctx.grants.keyGeneration(id),
      liveVersions: await ctx.grants.liveVersions(id),
    };
  },

  revokeShare: async (ctx, { id, principalId }) => {
    const removed = await ctx.atomically((trx) => ctx.grants.revoke(trx, id, principalId));
    if (!removed)
      throw new OpError('not_found', 'that principal holds no grant to this secret', {
        field: 'principalId',
      });
    return { ok: true };
  },

  rotateSecretKey: async (ctx, input) => {
    const secret = ctx.secrets.index.record(input.id);
    if (!secret) throw new OpError('not_found', 'no such secret', { field: 'id' });
    const generation = await ctx.atomically(async (trx) => {
      const current = await ctx.grants.keyGeneration(input.id, trx);
      const changed = () =>
        new OpError('conflict', 'the secret or its grants changed meanwhile: reload and rotate again', {
          field: 'expectedVersion',
        });
      if (secret.version !== input.expectedVersion || current !== input.expectedGeneration) throw changed();
      // The read above may predate a concurrent rotation's commit (PostgreSQL): claim the generation.
      if (!(await ctx.grants.claimGeneration(trx, input.id, current))) throw changed();
      // Every live version and every reader, exactly: nothing may stay under the old key.
      const versions = await ctx.grants.liveVersions(input.id, trx);
      const given = input.values.map((v) => v.version).sort((a, b) => a - b);
      if (given.join() !== versions.join()) {
        throw new OpError(
          'bad_request',
          `values must cover exactly the live versions ${versions.join(', ')}`,
          {
            field: 'values',
          },
        );
      }
      const readers = [secret.ownerId, ...ctx.grants.index.grantsOf(input.id).keys()].sort();
      const wrapped = input.wrappedKeys.map((k) => k.principalId).sort();
      if (wrapped.join() !== readers.join()) {
        throw new OpError(
          'bad_request',
          'wrappedKeys must hold one key for the owner and for each grant, exactly',
          {
            field: 'wrappedKeys',
          },
        );
      }
      await ctx.grants.rotate(trx, ctx.keyring, {
        secretId: input.id,
        generation: current + 1,
        values: input.values,
        wrappedKeys: input.wrappedKeys,
      });
      await ctx.attachments.rewrapKeys(trx, ctx.keyring, input.id, input.attachmentKeys);
      return current + 1;
    });
    return { keyGeneration: generation };
  },

  listSharedWithMe: async (ctx, { query }) => {
    const me = ctx.session.userId;
    const needle = query?.trim().toLowerCase() ?? '';
    const rows = await ctx.grants.heldBy(me);
    const owners = new Map<string, { name: string; username: string }>();
    const items = [];
    for (const row of rows) {
      const secret = ctx.secrets.index.record(row.secret_id);
      if (!secret || secret.deletedAt) continue;
      const haystack = `${secret.name}\n${secret.path}\n${secret.tags.join('\n')}`.toLowerCase();
      if (needle && !haystack.includes(needle)) continue;
      if (!owners.has(secret.ownerId)) {
        const owner = await findUserById(ctx.store, ctx.keyring, secret.ownerId);
        owners.set(secret.ownerId, { name: owner?.displayName ?? '', username: owner?.username ?? '' });
      }
      const summary = ctx.secrets.index.get(secret.id);
      if (!summary) continue;
      items.push({
        ...summary,
        ownerId: secret.ownerId,
        ownerName: owners.get(secret.ownerId)?.name ?? '',
        ownerUsername: owners.get(secret.ownerId)?.username ?? '',
        permission: row.permission === 'write' ? ('write' as const) : ('read' as const),
        grantedAt: row.granted_at,
      });
    }
    items.sort((a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name));
    return { items };
  },

  createMachineIdentity: async (ctx, input) => {
    const me = ctx.session.userId;
    // Machines do not make machines: an identity's reach must end with the person who owns it.
    if ((await findUserById(ctx.store, ctx.keyring, me))?.kind === 'machine') {
      throw new OpError('forbidden', 'a machine identity cannot create machine identities', {
        auditCode: 'machine_creates_machine',
      });
    }
    if (await findUserByName(ctx.store, ctx.keyring, input.username)) {
      throw new OpError('conflict', `the name ${input.username} is taken`, { field: 'username' });
    }
    const id = randomUUID();
    ctx.setTarget(id);
    const stored = await credentialData(input.credentials);
    await ctx.atomically((trx) =>
      insertUser(trx, ctx.keyring, {
        id,
        role: 'user',
        enrolled: true,
        enrollmentCodeHash: null,
        enrollmentExpiresAt: null,
        now: ctx.nowIso,
        machineOwnerId: me,
        data: { username: input.username, displayName: input.displayName, loginHours: null, ...stored },
      }),
    );
    const made = await findUserById(ctx.store, ctx.keyring, id);
    if (!made) throw new Error('the machine identity vanished after its insert');
    return principalView(made);
  },

  listMachineIdentities: async (ctx) => {
    const me = ctx.session.userId;
    const machines = [];
    for (const id of await machineIdsOwnedBy(ctx.db, me)) {
      const user = await findUserById(ctx.store, ctx.keyring, id);
      if (user) machines.push({ ...principalView(user), createdAt: user.createdAt });
    }
    return { machines };
  },

  revokeMachineIdentity: async (ctx, { userId }) => {
    const session = ctx.session;
    const machine = await findUserById(ctx.store, ctx.keyring, userId);
    const mayRevoke =
      machine?.kind === 'machine' && (machine.ownerId === session.userId || session.role === 'admin');
    if (!machine || !mayRevoke) {
      throw new OpError('not_found', 'no machine identity of yours has this id', {
        field: 'userId',
        auditCode: machine?.kind === 'machine' ? 'not_owner' : 'not_found',
      });
    }
    await ctx.atomically(async (trx) => {
      await updateUserState(trx, ctx.keyring, userId, { isActive: false }, ctx.nowIso);
      await endSessions(trx, { userId }, 'machine_revoked', ctx.nowIso);
      // Machines this one made (before that was refused) go with it: sessions now, sign-ins from now on.
      for (const machineId of await ownedMachineIds(trx, userId)) {
        await endSessions(trx, { userId: machineId }, 'owner_machine_revoked', ctx.nowIso);
      }
      await ctx.grants.revokeAllTo(trx, userId);
    });
    return { ok: true };
  },
};

// The whole policy, enumerated: every operation × every kind of caller, allow or deny, and each refusal audited.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyholdClient, VaultSession } from '../client/index.ts';
import { type OperationName, operationNames, operations, type Role } from '../contract/index.ts';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

type CallerKind =
  | 'anonymous'
  | 'user'
  | 'moderator'
  | 'admin'
  | 'disabled user'
  | 'expired session'
  | 'revoked session'
  | 'non-owner';
const callerKinds: CallerKind[] = [
  'anonymous',
  'user',
  'moderator',
  'admin',
  'disabled user',
  'expired session',
  'revoked session',
  'non-owner',
];
const roleOf: Partial<Record<CallerKind, Role>> = {
  user: 'user',
  moderator: 'moderator',
  admin: 'admin',
  'non-owner': 'user',
};

/** What the contract says should happen: the test derives nothing from the server's own code. */
function expected(op: OperationName, caller: CallerKind): 'allow' | 'deny' {
  const access = operations[op].access;
  if (access.kind === 'public') return 'allow';
  const role = roleOf[caller];
  if (!role || !access.roles.includes(role)) return 'deny';
  if (caller === 'non-owner' && 'resource' in access && access.resource) return 'deny';
  return 'allow';
}

/** Audit codes that mean the monitor refused on policy (as opposed to the operation itself declining). */
const policyCodes = new Set([
  'unauthenticated',
  'session_expired',
  'account_disabled',
  'forbidden',
  'not_owner',
  'session_ended',
]);

let t: TestServer;
/** Added to the real time on the server's clock; set back only while the expired session signs in. */
let clockShiftMs = 0;
let admin: VaultSession;
const passwords = new Map<string, string>();
const ownSecret = new Map<string, string>();
let targetUserId = '';
const fixed: Partial<Record<CallerKind, KeyholdClient>> = {};

async function freshSession(kind: CallerKind): Promise<KeyholdClient> {
  const name = {
    user: 'matrix-user',
    moderator: 'matrix-mod',
    admin: 'matrix-admin',
    'non-owner': 'matrix-other',
  }[kind as 'user' | 'moderator' | 'admin' | 'non-owner'];
  const session = await VaultSession.login(t.client(), name, passwords.get(name) ?? '', 'cli');
  return session.client;
}

/**
 * The operation's declared example (contract/: the same one the OpenAPI document shows), with the fields that
 * name rows pointed at rows of this server: the secret of a secret operation is the caller's own (the
 * administrator's for the non-owner, and for callers without a secret of their own), and a user is the one
 * the matrix acts on. Whatever an example names that does not exist here is refused by the operation itself,
 * after the policy let the caller through, which is what the matrix tells apart.
 */
function inputFor(op: OperationName, caller: CallerKind): unknown {
  const example: unknown = operations[op].example;
  const input = { ...(example as Record<string, unknown>) };
  const access = operations[op].access;
  if ('resource' in access && access.resource === 'secret') {
    input.id =
      ownSecret.get(caller === 'non-owner' ? 'admin-secret' : caller) ?? ownSecret.get('admin-secret');
  } else if ('id' in input) {
    // The id of a row the call makes (the client picks a new secret's id): a new one each time, as a client's.
    input.id = randomUUID();
  }
  for (const field of ['userId', 'principalId']) if (field in input) input[field] = targetUserId;
  return input;
}

beforeAll(async () => {
  t = await startTestServer({ now: () => new Date(Date.now() + clockShiftMs) });
  admin = await initAndLoginAdmin(t);
  // The matrix signs in a few hundred times a minute from one address: far past the sign-in limits,
  // which tests/rate-limits.test.ts covers on their own.
  await admin.client.request('updateSettings', {
    patch: { rateLimits: { login: { perAddressPerMinute: 100_000, perUserPerMinute: 100_000 } } },
  });
  // Every simulated caller comes from 127.0.0.1 and keeps its connection open until the end, a few
  // hundred in all: past the per-address connection cap, which tests/slow-clients.test.ts covers.
  await admin.client.request('updateSettings', {
    patch: { network: { maxConnections: 100_000, maxConnectionsPerAddress: 100_000 } },
  });
  for (const [name, role] of [
    ['matrix-user', 'user'],
    ['matrix-mod', 'moderator'],
    ['matrix-admin', 'admin'],
    ['matrix-other', 'user'],
    ['matrix-disabled', 'user'],
    ['matrix-expired', 'user'],
    ['matrix-revoked', 'user'],
  ] as const) {
    const added = await addUser(t, admin, name, role);
    passwords.set(name, added.password);
    const kind = { 'matrix-user': 'user', 'matrix-mod': 'moderator', 'matrix-admin': 'admin' }[
      name as string
    ];
    if (kind)
      ownSecret.set(
        kind,
        (await added.session.createSecret({ name: 'own', type: 'note', payload: { value: 'x' } })).id,
      );
    if (name === 'matrix-disabled') {
      fixed['disabled user'] = added.session.client;
      await admin.client.request('disableUser', { userId: added.userId });
    }
    if (name === 'matrix-revoked') {
      fixed['revoked session'] = added.session.client;
      await admin.client.request('endUserSessions', { userId: added.userId });
    }
    if (name === 'matrix-expired') {
      // Signed in two days ago, by the server's clock: the session's lifetime and idle time have both run out.
      clockShiftMs = -2 * 24 * 60 * 60 * 1000;
      const expired = await VaultSession.login(t.client(), name, added.password, 'cli').finally(() => {
        clockShiftMs = 0;
      });
      fixed['expired session'] = expired.client;
    }
  }
  ownSecret.set(
    'admin-secret',
    (await admin.createSecret({ name: 'admins', type: 'note', payload: { value: 'y' } })).id,
  );
  targetUserId = (
    await admin.client.request('createUser', { username: 'matrix-target', displayName: 'T', role: 'user' })
  ).userId;
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/**
 * Every operation declared in the contract's modules, found by loading each module and keeping the maps whose
 * every entry is an operation declaration (summary, schemas, access, route, example): not index.ts's merge, so an operation
 * declared but left out of the merge (unreachable, and untested here) is noticed.
 */
async function declaredOperations(): Promise<string[]> {
  const folder = new URL('../contract/', import.meta.url);
  const isDeclaration = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    ['summary', 'input', 'output', 'access', 'route', 'example'].every((field) => field in value);
  const declared: string[] = [];
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'index.ts') continue;
    const module = (await import(new URL(file, folder).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const entries = Object.entries(value);
      if (entries.length > 0 && entries.every(([, entry]) => isDeclaration(entry)))
        declared.push(...entries.map(([name]) => name));
    }
  }
  return declared.sort();
}

/** Each operation the matrix called, with the kinds of caller it called it as. */
const tried = new Map<string, Set<CallerKind>>();

describe('the policy matrix', () => {
  for (const op of operationNames) {
    it(`${op}: ${callerKinds.map((c) => `${c}=${expected(op, c)}`).join(', ')}`, async () => {
      for (const caller of callerKinds) {
        const client = caller === 'anonymous' ? t.client() : (fixed[caller] ?? (await freshSession(caller)));
        const result = await client.call(op, inputFor(op, caller) as never);
        tried.set(op, (tried.get(op) ?? new Set()).add(caller));
        const last = await t.sqlRow<{ operation: string; status: string; code: string | null }>(
          'select operation, status, code from audit order by seq desc limit 1',
        );
        expect(last.operation, `${op} as ${caller} was not audited`).toBe(op);
        const refusedByPolicy = !result.ok && last.status === 'denied' && policyCodes.has(last.code ?? '');
        expect(refusedByPolicy ? 'deny' : 'allow', `${op} as ${caller}: ${JSON.stringify(result)}`).toBe(
          expected(op, caller),
        );
        if (op === 'seal' && result.ok) await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
      }
    });
  }

  // Runs after the rows above (vitest keeps the file's order): it checks what they actually did.
  it('covers every operation declared in the contract, each called as every kind of caller', async () => {
    const declared = await declaredOperations();
    expect([...operationNames].sort()).toEqual(declared);
    expect([...tried.keys()].sort()).toEqual(declared);
    for (const [op, callers] of tried) expect([...callers], op).toEqual(callerKinds);
  });
});

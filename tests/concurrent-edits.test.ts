// Issue 17 §5: concurrent edits are not lost. Of two edits made against the same state (renames, moves,
// retags, values, key rotations, import replacements), exactly one succeeds and the other gets `conflict`.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../client/index.ts';
import type { Transport } from '../client/transport/transport.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

/**
 * A client whose calls of `operation` wait at a shared gate until `parties` of them are ready, then all go
 * at once: both writers have read the same state before either writes.
 */
function gate(parties: number) {
  const waiting: (() => void)[] = [];
  return (operation: string) =>
    (inner: Transport): Transport => ({
      async call(op, input, meta) {
        if (op === operation) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === parties) for (const go of waiting.splice(0)) go();
          });
        }
        return inner.call(op, input, meta);
      },
    });
}

function gatedClient(wrap: (inner: Transport) => Transport): KeyholdClient {
  return new KeyholdClient(wrap(createHttpsTransport({ baseUrl: t.server.url, fetch: t.fetch })));
}

async function denied(admin: VaultSession, operation: string, userId: string) {
  const audit = await admin.client.request('listAudit', { operation, userId, status: 'denied', limit: 20 });
  return audit.entries.map((e) => e.code);
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('check-and-set', () => {
  it('two metadata edits at the same expected version: exactly one succeeds, the other is a conflict', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice, userId, password } = await addUser(t, admin, 'alice');
    const { id } = await alice.createSecret({
      name: 'db',
      path: '/ops',
      type: 'login',
      payload: { value: 'v' },
    });
    const at = gate(2)('updateSecret');
    const one = await VaultSession.login(gatedClient(at), 'alice', password, 'web');
    const two = await VaultSession.login(gatedClient(at), 'alice', password, 'desktop');
    const results = await Promise.all([
      outcome(one.updateSecret(id, 1, { name: 'db renamed by one' })),
      outcome(two.updateSecret(id, 1, { path: '/moved-by-two', tags: ['two'] })),
    ]);
    expect(results.sort()).toEqual(['conflict', 'ok']);
    const now = await alice.readSecret(id);
    const oneWon = now.name === 'db renamed by one';
    expect(now).toMatchObject(oneWon ? { path: '/ops', tags: [] } : { name: 'db', path: '/moved-by-two' });
    expect(await denied(admin, 'updateSecret', userId)).toContain('conflict');
  });

  it('a stale rename, move or retag naming only the version is refused, not applied over the newer one', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice } = await addUser(t, admin, 'alice');
    const { id } = await alice.createSecret({ name: 'db', type: 'login', payload: { value: 'v' } });
    await alice.updateSecret(id, 1, { name: 'first rename' });
    for (const change of [{ name: 'second rename' }, { path: '/elsewhere' }, { tags: ['late'] }]) {
      expect(await alice.client.call('updateSecret', { id, expectedVersion: 1, ...change })).toMatchObject({
        ok: false,
        error: { code: 'conflict', field: 'expectedRevision' },
      });
    }
    expect(await alice.readSecret(id)).toMatchObject({ name: 'first rename', path: '/', tags: [] });
    // Naming the revision it read, a client edits on; an old revision is a conflict.
    const read = await alice.readSecret(id);
    await alice.updateSecret(id, read, { name: 'third', tags: ['a'] });
    expect(
      await alice.client.call('updateSecret', {
        id,
        expectedVersion: 1,
        expectedRevision: read.revision,
        name: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', field: 'expectedRevision' } });
    const again = await alice.readSecret(id);
    await alice.updateSecret(id, again, { path: '/moved' });
    // A value change by version alone still works (its ciphertext is bound to that version).
    expect(await alice.updateSecret(id, 1, { payload: { value: 'v2' } })).toEqual({ id, version: 2 });
    expect(await alice.readSecret(id)).toMatchObject({
      name: 'third',
      path: '/moved',
      tags: ['a'],
      version: 2,
    });
  });

  it('two key rotations from the same generation: exactly one succeeds', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice, userId, password } = await addUser(t, admin, 'alice');
    const { id } = await alice.createSecret({ name: 'k', type: 'api_key', payload: { value: 'key' } });
    const at = gate(2)('rotateSecretKey');
    const one = await VaultSession.login(gatedClient(at), 'alice', password, 'web');
    const two = await VaultSession.login(gatedClient(at), 'alice', password, 'desktop');
    const results = await Promise.all([outcome(one.sharing.rotate(id)), outcome(two.sharing.rotate(id))]);
    expect(results.sort()).toEqual(['conflict', 'ok']);
    expect((await alice.readSecret(id)).payload.value).toBe('key');
    expect(await denied(admin, 'rotateSecretKey', userId)).toContain('conflict');
  });
});

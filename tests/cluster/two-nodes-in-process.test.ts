// Two Keyhold nodes in this process on one PostgreSQL database, each with its own HTTPS listener: what is
// done through one holds on the very next request through the other (no waiting), and the audit chain
// stays one valid chain. The process-level test (SIGKILL mid-write) is two-node-processes.test.ts.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../../client/index.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';
import { rawRequest } from '../support/raw-request.ts';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from '../support/test-server.ts';

let database: TestDatabase;
let a: TestServer;
let b: TestServer;
let bDir: string;
let admin: VaultSession;
const agents: Agent[] = [];

/** The same session, continued through another node (its operation numbers carry on). */
function on(node: TestServer, session: VaultSession): VaultSession {
  return VaultSession.resume(node.client(), session.saveState());
}

/** The administrator's one session, through the node named: always from its newest operation number. */
function adminOn(node: TestServer): VaultSession {
  admin = on(node, admin);
  return admin;
}

/** A request with a chosen operation number, as an attacker replaying a captured one would send it. */
async function rawCall(node: TestServer, op: string, input: unknown, token: string, opNumber: number) {
  const { status, body } = await rawRequest(node, `/v1/op/${op}`, {
    as: { token, opNumber: 0 },
    opNumber,
    body: input,
  });
  return { status, body };
}

/** A client of a node presenting a client certificate on its TLS connections. */
function presenting(node: TestServer, identity: { cert: string; key: string }): KeyholdClient {
  const agent = new Agent({ connect: { ca: node.server.caCertPem, ...identity } });
  agents.push(agent);
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return new KeyholdClient(createHttpsTransport({ baseUrl: node.server.url, fetch }));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describePostgres('two nodes in one process on one PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase('keyhold_b');
    a = await startTestServer({ database: { url: database.url }, nodeName: 'node-a' });
    admin = await initAndLoginAdmin(a);
    // Both nodes must serve one CA (clients pin it, and it signs client certificates): B gets A's tls
    // folder before it starts, as an operator copies it to each node. The CA's key is in the database.
    bDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-test-b-'));
    cpSync(path.join(a.dataDir, 'tls'), path.join(bDir, 'tls'), { recursive: true });
    b = await startTestServer({ database: { url: database.url }, nodeName: 'node-b', dataDir: bDir });
    // Each node unseals on its own; sealed, B answers nothing but status.
    expect((await b.client().request('status', {})).sealed).toBe(true);
    await b.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await b?.stop();
    await a?.stop();
    if (bDir) rmSync(bDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('answers pre-login for an unknown name alike on both nodes, so comparing them tells nothing', async () => {
    for (const username of ['nobody-here', 'alice']) {
      const [fromA, fromB] = await Promise.all([
        a.client().request('prelogin', { username }),
        b.client().request('prelogin', { username }),
      ]);
      expect(fromB).toEqual(fromA);
    }
  });

  it('serves a secret written through A from B at once (listed, searched, read), and back', async () => {
    const alice = (await addUser(a, adminOn(a), 'alice')).session;
    const { id } = await alice.createSecret({
      name: 'cluster db',
      path: '/ops',
      type: 'login',
      payload: { value: 'written on A' },
    });
    // The session opened on A is valid on B.
    const aliceB = on(b, alice);
    expect((await aliceB.client.request('listSecrets', { path: '/ops' })).items.map((i) => i.id)).toEqual([
      id,
    ]);
    expect(
      (await aliceB.client.request('searchSecrets', { query: 'cluster' })).items.map((i) => i.id),
    ).toEqual([id]);
    expect((await aliceB.readSecret(id)).payload.value).toBe('written on A');
    // Changed through B, it is read at its new version through A.
    await aliceB.updateSecret(id, 1, { name: 'cluster db 2', payload: { value: 'written on B' } });
    const aliceA = on(a, aliceB);
    const read = await aliceA.readSecret(id);
    expect(read).toMatchObject({ version: 2, name: 'cluster db 2', payload: { value: 'written on B' } });
    // A version read through A (and kept by A's read path) and then destroyed through B is gone on A too.
    expect((await aliceA.readSecret(id, 1)).payload.value).toBe('written on A');
    const aliceB2 = on(b, aliceA);
    await aliceB2.client.request('destroySecretVersion', { id, version: 1 });
    const aliceA2 = on(a, aliceB2);
    expect(await aliceA2.client.call('readSecret', { id, version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/destroyed/) },
    });
    // Trashed through A: gone from B's listing.
    await aliceA2.client.request('deleteSecret', { id });
    const aliceB3 = on(b, aliceA2);
    expect((await aliceB3.client.request('listSecrets', { path: '/ops' })).total).toBe(0);
    expect((await aliceB3.client.request('listSecrets', { deleted: true })).items.map((i) => i.id)).toEqual([
      id,
    ]);
  });

  it('applies grants given and revoked through A on B', async () => {
    const owner = (await addUser(a, adminOn(a), 'olga')).session;
    const reader = (await addUser(a, adminOn(a), 'rita')).session;
    const { id } = await owner.createSecret({
      name: 'shared',
      type: 'login',
      payload: { value: 'for rita' },
    });
    const readerB = on(b, reader);
    expect(await codeOf(readerB.readSecret(id))).toBe('not_found');
    await owner.sharing.share(id, await owner.sharing.addContact(await owner.sharing.find('rita')), 'read');
    expect((await readerB.readSecret(id)).payload.value).toBe('for rita');
    await owner.sharing.revoke(id, reader.user.id);
    expect(await codeOf(readerB.readSecret(id))).toBe('not_found');
  });

  it('applies a folder move and an emptied trash through A on B, secret by secret', async () => {
    const mover = (await addUser(a, adminOn(a), 'mona')).session;
    const made = [];
    for (const name of ['one', 'two', 'three']) {
      made.push(
        (await mover.createSecret({ name, path: '/old/deep', type: 'login', payload: { value: name } })).id,
      );
    }
    const moverB = on(b, mover);
    expect((await moverB.client.request('listSecrets', { path: '/old/deep' })).items).toHaveLength(3);
    const moverA = on(a, moverB);
    await moverA.client.request('renameFolder', { from: '/old', to: '/new' });
    const moved = on(b, moverA);
    const listed = await moved.client.request('listSecrets', { path: '/new/deep' });
    expect(listed.items.map((i) => i.id).sort()).toEqual([...made].sort());
    expect((await moved.client.request('listSecrets', { path: '/old/deep' })).items).toEqual([]);
    const trashing = on(a, moved);
    await trashing.client.request('deleteSecret', { id: made[0] as string });
    await trashing.client.request('emptyTrash', {});
    const after = on(b, trashing);
    expect((await after.client.request('listSecrets', { path: '/', deleted: true })).items).toEqual([]);
    expect(await codeOf(after.readSecret(made[0] as string))).toBe('not_found');
    expect((await after.readSecret(made[1] as string)).payload.value).toBe('two');
  });

  it('ends sessions on B at the next request after logout, disabling or ending them on A', async () => {
    // Logout on A.
    const bob = (await addUser(a, adminOn(a), 'bob')).session;
    const bobB = on(b, bob);
    await bobB.client.request('whoami', {});
    const bobA = on(a, bobB);
    const before = bobA.saveState();
    await bobA.logout();
    const bobAfter = VaultSession.resume(b.client(), { ...before, opNumber: before.opNumber + 1 });
    expect(await codeOf(bobAfter.client.request('whoami', {}))).toBe('unauthenticated');

    // A user disabled on A (disabling ends their sessions, as on one node).
    const { session: carol, userId: carolId } = await addUser(a, adminOn(a), 'carol');
    const carolB = on(b, carol);
    await carolB.client.request('whoami', {});
    await adminOn(a).client.request('disableUser', { userId: carolId });
    expect(await codeOf(carolB.client.request('whoami', {}))).toBe('unauthenticated');

    // One session ended by an administrator on A.
    const dave = (await addUser(a, adminOn(a), 'dave')).session;
    const daveB = on(b, dave);
    await daveB.client.request('whoami', {});
    expect(await adminOn(a).client.request('endClientSession', { sessionId: dave.sessionId })).toEqual({
      ended: true,
    });
    expect(await codeOf(daveB.client.request('whoami', {}))).toBe('unauthenticated');
  });

  it('applies settings changed on A on B', async () => {
    expect((await adminOn(b).client.request('getSettings', {})).session.idleMinutes).toBe(30);
    await adminOn(a).client.request('updateSettings', { patch: { session: { idleMinutes: 45 } } });
    expect((await adminOn(b).client.request('getSettings', {})).session.idleMinutes).toBe(45);
  });

  it('refuses on B a client certificate revoked on A', async () => {
    const issued = await adminOn(a).client.request('issueClientCertificate', {
      commonName: 'ci-bot',
      validityDays: 30,
    });
    const bot = presenting(b, { cert: issued.certPem, key: issued.keyPem });
    expect((await bot.call('status', {})).ok).toBe(true);
    await adminOn(a).client.request('revokeCertificate', {
      serial: issued.certificate.serial,
      reason: 'keyCompromise',
    });
    expect(await bot.call('status', {})).toMatchObject({ ok: false, error: { code: 'certificate_refused' } });
  });

  it('refuses on B an operation number used on A, with an audit entry, and one of two racing duplicates', async () => {
    const eve = (await addUser(a, adminOn(a), 'eve')).session;
    const { token, opNumber } = eve.saveState();
    const used = opNumber + 1;
    expect((await rawCall(a, 'whoami', {}, token, used)).body.ok).toBe(true);
    const replay = await rawCall(b, 'whoami', {}, token, used);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ ok: false, error: { code: 'replayed_operation' } });
    const { entries } = await adminOn(b).client.request('listAudit', { operation: 'whoami', limit: 20 });
    expect(entries.find((e) => e.userId === eve.user.id && e.code === 'replay_repeated')).toMatchObject({
      status: 'denied',
      opNumber: used,
    });
    // The same number sent to both nodes at once: exactly one is served, every time.
    for (let n = used + 1; n <= used + 10; n++) {
      const results = await Promise.all([
        rawCall(a, 'whoami', {}, token, n),
        rawCall(b, 'whoami', {}, token, n),
      ]);
      expect(results.filter((r) => r.body.ok).length, `operation number ${n}`).toBe(1);
      expect(results.find((r) => !r.body.ok)?.body.error?.code).toBe('replayed_operation');
    }
  });

  it('keeps one valid audit chain under concurrent writes through both nodes, and lists both nodes', async () => {
    const { session: writer } = await addUser(a, adminOn(a), 'walt');
    const writerA = writer;
    // Two sessions of one user, one per node, writing at once.
    const writerB = await VaultSession.login(b.client(), 'walt', 'walt password 123', 'cli');
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) =>
        writerA.createSecret({ name: `a-${i}`, type: 'login', payload: { value: `a${i}` } }),
      ),
      ...Array.from({ length: 15 }, (_, i) =>
        writerB.createSecret({ name: `b-${i}`, type: 'login', payload: { value: `b${i}` } }),
      ),
    ]);
    expect((await writerA.client.request('listSecrets', {})).total).toBe(30);
    expect((await writerB.client.request('listSecrets', {})).total).toBe(30);
    for (const node of [a, b]) {
      expect(await adminOn(node).client.request('verifyAudit', {})).toMatchObject({
        valid: true,
        brokenAt: null,
      });
    }
    // Which node served each client: walt's two sessions, one per node, in either node's list.
    // Every change above was applied by its target: no node had to reload everything.
    for (const node of [a, b]) expect(node.logText()).not.toContain('reloaded every in-memory copy');
    const { clients } = await adminOn(b).client.request('listClients', { userId: writer.user.id });
    expect(clients.map((c) => [c.sessionId, c.node]).sort()).toEqual(
      [
        [writerA.sessionId, 'node-a'],
        [writerB.sessionId, 'node-b'],
      ].sort(),
    );
    // Statistics name both nodes: B's minutes reach the database once a minute (flushed here at once),
    // A adds its own unwritten ones.
    await b.server.app.stats.flush({ final: true });
    const stats = await adminOn(a).client.request('getStatistics', { range: 'hour' });
    expect(stats.nodes.map((n) => n.node)).toEqual(['node-a', 'node-b']);
    for (const node of stats.nodes) expect(node.requests).toBeGreaterThanOrEqual(15);
  });
});

// Folders made, kept empty, renamed, moved and deleted, the trash emptied and an item deleted for good: on a
// real server (SQLite, or PostgreSQL under KEYHOLD_TEST_STORE=postgres), with the database asked afterwards
// what is left (nothing of the secret but its audit entries).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { MAX_STORED_FOLDERS } from '../contract/ops-folders.ts';
import { createTestDatabase, describePostgres } from './support/postgres.ts';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
/** The server a test of the first two groups started, stopped after it (the two-node test stops its own). */
let running: TestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function people() {
  t = await startTestServer();
  running = t;
  const admin = await initAndLoginAdmin(t);
  const alice = await addUser(t, admin, 'alice');
  const bob = await addUser(t, admin, 'bob');
  return { alice: alice.session, bob: bob.session };
}

const note = (session: VaultSession, name: string, path: string) =>
  session.createSecret({ name, path, type: 'note', payload: { value: `${name} value` } });

async function pathsOf(session: VaultSession, deleted = false): Promise<string[]> {
  const page = await session.client.request('listSecrets', { path: '/', recursive: true, deleted });
  return page.items.map((s) => `${s.path} ${s.name} r${s.revision}`).sort();
}

async function lastAudit(operation: string, userId: string) {
  const [row] = await t.sql<{ status: string; code: string | null; target: string | null }>(
    'select status, code, target from audit where operation = ? and user_id = ? order by seq desc limit 1',
    operation,
    userId,
  );
  return row;
}

const rowsFor = async (id: string) => ({
  secrets: (await t.sql('select id from secrets where id = ?', id)).length,
  versions: (await t.sql('select version from secret_versions where secret_id = ?', id)).length,
  shares: (await t.sql('select principal_id from shares where secret_id = ?', id)).length,
});

describe('renaming a folder', () => {
  it('moves the folder with every folder below it, trash included, each secret one revision on', async () => {
    const { alice } = await people();
    await note(alice, 'db', '/work');
    await note(alice, 'ci', '/work/deploy/prod');
    const trashed = await note(alice, 'old', '/work/deploy');
    await alice.client.request('deleteSecret', { id: trashed.id });
    await note(alice, 'stays', '/workshop');
    const moved = await alice.client.request('renameFolder', { from: '/work', to: '/jobs/acme' });
    expect(moved).toEqual({ moved: 3 });
    expect(await pathsOf(alice)).toEqual([
      '/jobs/acme db r2',
      '/jobs/acme/deploy/prod ci r2',
      '/workshop stays r1',
    ]);
    // Restored from the trash, it comes back to the folder's new place.
    expect(await pathsOf(alice, true)).toEqual(['/jobs/acme/deploy old r2']);
    const folders = await alice.client.request('listFolders', {});
    expect(folders.folders.map((f) => f.path)).toEqual(['/jobs/acme', '/jobs/acme/deploy/prod', '/workshop']);
    // The value is untouched and still opens.
    const [db] = (await alice.client.request('searchSecrets', { query: 'db' })).items;
    expect((await alice.readSecret(db?.id ?? '')).payload.value).toBe('db value');
  });

  it('refuses a move that would put two secrets of one name in one folder, naming it, and moves nothing', async () => {
    const { alice } = await people();
    await note(alice, 'one', '/a');
    await note(alice, 'Shared', '/a/x');
    await note(alice, 'shared', '/b/x');
    const before = await pathsOf(alice);
    const result = await alice.client.call('renameFolder', { from: '/a', to: '/b' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('conflict');
    expect(result.error.message).toContain('Shared');
    expect(result.error.message).toContain('/b/x');
    expect(await pathsOf(alice)).toEqual(before);
  });

  it('refuses moving a folder into itself, and leaves another user’s folder of the same name alone', async () => {
    const { alice, bob } = await people();
    await note(alice, 'mine', '/team');
    await note(bob, 'his', '/team');
    const into = await alice.client.call('renameFolder', { from: '/team', to: '/team/inner' });
    expect(into.ok).toBe(false);
    // Bob renames "his" /team: only his own secrets move; Alice's stay where they were.
    expect(await bob.client.request('renameFolder', { from: '/team', to: '/crew' })).toEqual({ moved: 1 });
    expect(await pathsOf(alice)).toEqual(['/team mine r1']);
    expect(await pathsOf(bob)).toEqual(['/crew his r2']);
  });
});

describe('folders kept empty', () => {
  const tree = async (session: VaultSession) =>
    (await session.client.request('listFolders', {})).folders.map((f) => `${f.path} ${f.count}`);

  it('an empty folder made by its owner stays in the tree with count 0, beside folders holding secrets', async () => {
    const { alice } = await people();
    await note(alice, 'db', '/work');
    expect(await alice.client.request('createFolder', { path: '/work/empty' })).toEqual({
      path: '/work/empty',
      created: true,
    });
    expect(await alice.client.request('createFolder', { path: '/personal' })).toEqual({
      path: '/personal',
      created: true,
    });
    // Making it again changes nothing.
    expect(await alice.client.request('createFolder', { path: '/personal' })).toEqual({
      path: '/personal',
      created: false,
    });
    expect(await tree(alice)).toEqual(['/personal 0', '/work 1', '/work/empty 0']);
    // The path is sealed at rest, like secrets' paths: the database holds no "personal" in clear.
    expect((await t.databaseBytes()).includes(Buffer.from('/personal'))).toBe(false);
  });

  it('a rename moves the folder’s empty subfolders with its secrets, and a folder holding only empty ones', async () => {
    const { alice } = await people();
    await note(alice, 'db', '/work');
    await alice.client.request('createFolder', { path: '/work/empty/deeper' });
    await alice.client.request('createFolder', { path: '/work/later' });
    await alice.client.request('createFolder', { path: '/workshop' });
    expect(await alice.client.request('renameFolder', { from: '/work', to: '/jobs' })).toEqual({ moved: 1 });
    expect(await tree(alice)).toEqual(['/jobs 1', '/jobs/empty/deeper 0', '/jobs/later 0', '/workshop 0']);
    // A folder with no secret at all moves too.
    expect(await alice.client.request('renameFolder', { from: '/jobs/empty', to: '/archive' })).toEqual({
      moved: 0,
    });
    expect(await tree(alice)).toEqual(['/archive/deeper 0', '/jobs 1', '/jobs/later 0', '/workshop 0']);
  });

  it('a refused rename moves no empty folder either (all or none)', async () => {
    const { alice } = await people();
    await note(alice, 'same', '/a');
    await note(alice, 'same', '/b');
    await alice.client.request('createFolder', { path: '/a/inner' });
    const result = await alice.client.call('renameFolder', { from: '/a', to: '/b' });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', field: 'to' } });
    expect(await tree(alice)).toEqual(['/a 1', '/a/inner 0', '/b 1']);
  });

  it('deletes an empty folder with the empty ones inside it, and refuses one holding a secret, naming it', async () => {
    const { alice } = await people();
    await alice.client.request('createFolder', { path: '/old' });
    await alice.client.request('createFolder', { path: '/old/sub' });
    await note(alice, 'keep', '/full/inner');
    await alice.client.request('createFolder', { path: '/full' });
    const refused = await alice.client.call('deleteFolder', { path: '/full' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'path' } });
    if (!refused.ok) expect(refused.error.message).toContain('/full is not empty: it holds 1 secret');
    expect(await alice.client.request('deleteFolder', { path: '/old' })).toEqual({ deleted: 2 });
    expect(await tree(alice)).toEqual(['/full 0', '/full/inner 1']);
    await expect(alice.client.request('deleteFolder', { path: '/old' })).rejects.toMatchObject({
      code: 'not_found',
    });
    // A secret in the trash does not keep a folder: restoring it brings its folder back.
    const trashed = await note(alice, 'gone', '/tmp');
    await alice.client.request('deleteSecret', { id: trashed.id });
    await alice.client.request('createFolder', { path: '/tmp' });
    expect(await alice.client.request('deleteFolder', { path: '/tmp' })).toEqual({ deleted: 1 });
  });

  it('another user neither sees nor deletes nor moves someone’s folders; the same path is theirs apart', async () => {
    const { alice, bob } = await people();
    await alice.client.request('createFolder', { path: '/private' });
    expect(await tree(bob)).toEqual([]);
    await expect(bob.client.request('deleteFolder', { path: '/private' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(bob.client.request('renameFolder', { from: '/private', to: '/mine' })).rejects.toMatchObject(
      { code: 'not_found' },
    );
    expect(await bob.client.request('createFolder', { path: '/private' })).toMatchObject({ created: true });
    expect(await bob.client.request('deleteFolder', { path: '/private' })).toEqual({ deleted: 1 });
    expect(await tree(alice)).toEqual(['/private 0']);
  });

  it('refuses the top folder and malformed paths, naming the field', async () => {
    const { alice } = await people();
    for (const path of ['/', 'no-slash', '/a/', '/a/../b', `/${'x'.repeat(600)}`]) {
      const result = await alice.client.call('createFolder', { path });
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'path' } });
    }
  });

  it(`keeps at most ${MAX_STORED_FOLDERS} empty folders per user, saying so`, async () => {
    const { alice, bob } = await people();
    await alice.client.request('createFolder', { path: '/f0' });
    // The rest of the limit written straight into the database (rows whose sealed path opens nowhere):
    // they count against the limit, and the tree leaves them out since they name no folder.
    const filler = Array.from({ length: MAX_STORED_FOLDERS - 1 }, (_, i) => i);
    for (let i = 0; i < filler.length; i += 100) {
      const chunk = filler.slice(i, i + 100);
      await t.sql(
        `insert into folders (id, owner_id, path_index, path_enc, created_at) values ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        ...chunk.flatMap((n) => [`filler-${n}`, alice.user.id, `index-${n}`, Buffer.from([n % 256]), 'x']),
      );
    }
    const refused = await alice.client.call('createFolder', { path: '/one-more' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'path' } });
    if (!refused.ok) expect(refused.error.message).toContain(`${MAX_STORED_FOLDERS} empty folders`);
    // An existing one is still fine, the tree shows only what opens, and another user has a limit of their own.
    expect(await alice.client.request('createFolder', { path: '/f0' })).toMatchObject({ created: false });
    expect(await tree(alice)).toEqual(['/f0 0']);
    expect(await bob.client.request('createFolder', { path: '/one-more' })).toMatchObject({ created: true });
  });

  it('the trash count in the tree follows deletes and an emptied trash', async () => {
    const { alice } = await people();
    const a = await note(alice, 'a', '/x');
    const b = await note(alice, 'b', '/');
    expect((await alice.client.request('listFolders', {})).trash).toBe(0);
    await alice.client.request('deleteSecret', { id: a.id });
    await alice.client.request('deleteSecret', { id: b.id });
    expect((await alice.client.request('listFolders', {})).trash).toBe(2);
    await alice.client.request('emptyTrash', {});
    expect((await alice.client.request('listFolders', {})).trash).toBe(0);
  });
});

describe('deleting for good', () => {
  it('refuses another user and a secret not in the trash, and audits both refusals', async () => {
    const { alice, bob } = await people();
    const secret = await note(alice, 'keep', '/');
    await expect(bob.client.request('purgeSecret', { id: secret.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await lastAudit('purgeSecret', bob.user.id)).toMatchObject({
      status: 'denied',
      code: 'not_owner',
      target: secret.id,
    });
    await expect(alice.client.request('purgeSecret', { id: secret.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await lastAudit('purgeSecret', alice.user.id)).toMatchObject({
      status: 'denied',
      code: 'conflict',
    });
    await alice.client.request('deleteSecret', { id: secret.id });
    // Bob's emptyTrash empties his own trash only.
    expect(await bob.client.request('emptyTrash', {})).toEqual({ purged: 0 });
    expect(await rowsFor(secret.id)).toMatchObject({ secrets: 1, versions: 1, shares: 1 });
    expect((await alice.readSecret(secret.id)).payload.value).toBe('keep value');
  });

  it('removes the secret, its versions, grants and wrapped keys; the grantee loses it; the audit stays', async () => {
    const { alice, bob } = await people();
    const secret = await note(alice, 'lent', '/');
    await alice.updateSecret(secret.id, 1, { payload: { value: 'second' } });
    await alice.sharing.share(
      secret.id,
      await alice.sharing.addContact(await alice.sharing.find('bob')),
      'read',
    );
    expect((await bob.readSecret(secret.id)).payload.value).toBe('second');
    expect(await rowsFor(secret.id)).toEqual({ secrets: 1, versions: 2, shares: 2 });
    await alice.client.request('deleteSecret', { id: secret.id });
    await alice.client.request('purgeSecret', { id: secret.id });
    expect(await rowsFor(secret.id)).toEqual({ secrets: 0, versions: 0, shares: 0 });
    expect(await lastAudit('purgeSecret', alice.user.id)).toMatchObject({ status: 'ok', target: secret.id });
    expect(await lastAudit('createSecret', alice.user.id)).toMatchObject({ status: 'ok', target: secret.id });
    await expect(bob.readSecret(secret.id)).rejects.toMatchObject({ code: 'not_found' });
    const shared = await bob.client.request('listSharedWithMe', {});
    expect(JSON.stringify(shared)).not.toContain(secret.id);
    expect(await pathsOf(alice, true)).toEqual([]);
  });

  it('empties the own trash: every trashed secret goes, live ones and others’ stay', async () => {
    const { alice, bob } = await people();
    const gone = [await note(alice, 'a', '/x'), await note(alice, 'b', '/x/y')];
    for (const s of gone) await alice.client.request('deleteSecret', { id: s.id });
    const live = await note(alice, 'live', '/x');
    const bobs = await note(bob, 'bobs', '/x');
    await bob.client.request('deleteSecret', { id: bobs.id });
    expect(await alice.client.request('emptyTrash', {})).toEqual({ purged: 2 });
    for (const s of gone) expect(await rowsFor(s.id)).toEqual({ secrets: 0, versions: 0, shares: 0 });
    expect(await rowsFor(live.id)).toMatchObject({ secrets: 1 });
    expect(await pathsOf(alice)).toEqual(['/x live r1']);
    expect(await pathsOf(bob, true)).toEqual(['/x bobs r1']);
    expect(await lastAudit('emptyTrash', alice.user.id)).toMatchObject({ status: 'ok' });
  });
});

describePostgres('folders and the trash on two nodes sharing one PostgreSQL', () => {
  it('a rename, a purge, an emptied trash and kept folders through one node hold on the next request through the other', async () => {
    const database = await createTestDatabase('keyhold_ft');
    const a = await startTestServer({ database: { url: database.url }, nodeName: 'node-a' });
    const bDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-test-ft-'));
    let b: TestServer | undefined;
    try {
      const admin = await initAndLoginAdmin(a);
      // One session through either node: each switch carries on from its newest operation number.
      let alice = (await addUser(a, admin, 'alice')).session;
      const bobOnA = await addUser(a, admin, 'bob');
      cpSync(path.join(a.dataDir, 'tls'), path.join(bDir, 'tls'), { recursive: true });
      b = await startTestServer({ database: { url: database.url }, nodeName: 'node-b', dataDir: bDir });
      await b.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
      const bobOnB = VaultSession.resume(b.client(), bobOnA.session.saveState());
      const nodeB = b;
      const via = (node: TestServer) => {
        alice = VaultSession.resume(node.client(), alice.saveState());
        return alice;
      };
      const lent = await note(via(a), 'lent', '/old');
      const other = await note(via(a), 'other', '/old/sub');
      await alice.sharing.share(
        lent.id,
        await alice.sharing.addContact(await alice.sharing.find('bob')),
        'read',
      );
      expect((await bobOnB.readSecret(lent.id)).payload.value).toBe('lent value');
      await via(a).client.request('renameFolder', { from: '/old', to: '/new' });
      expect(await pathsOf(via(nodeB))).toEqual(['/new lent r2', '/new/sub other r2']);
      await via(a).client.request('deleteSecret', { id: lent.id });
      await via(a).client.request('purgeSecret', { id: lent.id });
      await expect(bobOnB.readSecret(lent.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await pathsOf(via(nodeB), true)).toEqual([]);
      await via(a).client.request('deleteSecret', { id: other.id });
      expect(await pathsOf(via(nodeB), true)).toEqual(['/new/sub other r2']);
      expect(await via(a).client.request('emptyTrash', {})).toEqual({ purged: 1 });
      expect(await pathsOf(via(nodeB), true)).toEqual([]);
      expect(await pathsOf(via(nodeB))).toEqual([]);
      // Folders kept empty live in the shared database only: what A makes, B lists, moves and deletes at once.
      await via(a).client.request('createFolder', { path: '/kept/inner' });
      const foldersVia = async (node: TestServer) =>
        (await via(node).client.request('listFolders', {})).folders.map((f) => f.path);
      expect(await foldersVia(nodeB)).toEqual(['/kept/inner']);
      await via(nodeB).client.request('renameFolder', { from: '/kept', to: '/moved' });
      expect(await foldersVia(a)).toEqual(['/moved/inner']);
      await via(a).client.request('deleteFolder', { path: '/moved' });
      expect(await foldersVia(nodeB)).toEqual([]);
    } finally {
      await b?.stop();
      await a.stop();
      rmSync(bDir, { recursive: true, force: true });
      await database.drop();
    }
  }, 120_000);
});

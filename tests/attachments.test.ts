// Files on items end to end against a real server (SQLite, and PostgreSQL when given): sealed in the client,
// shared with the item, refused to strangers with an audit entry, kept to the limits, tamper-evident at
// rest, gone with their item, and never in the database as plaintext.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMachineIdentity, type VaultSession as Session, VaultSession } from '../client/index.ts';
import { restoreBackup } from '../server/backup/restore.ts';
import {
  addUser,
  initAndLoginAdmin,
  ON_POSTGRES,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

vi.setConfig({ testTimeout: 120_000 });

const MiB = 1024 * 1024;
/** A marker that would show in the database file if a file's plaintext or name were stored in clear. */
const MARKER = 'attachment-plaintext-marker-7c1e55';
const NAME = 'kubeconfig-marker-9b2f.yaml';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function* piecesOf(bytes: Uint8Array, size = 300_000) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const fileOf = (bytes: Uint8Array, name = NAME) => ({
  name,
  size: bytes.length,
  type: 'text/plain',
  bytes: piecesOf(bytes),
});

async function download(session: Session, secretId: string, attachmentId: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of session.attachments.download(secretId, attachmentId)) parts.push(part);
  return Buffer.concat(parts);
}

/** A file of a marker repeated, then random bytes, two and a half chunks long. */
function sampleFile(): Buffer {
  const text = Buffer.from(`${MARKER}\n`.repeat(20_000));
  return Buffer.concat([text, randomBytes(Math.floor(2.5 * MiB) - text.length)]);
}

async function people() {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const alice = (await addUser(t, admin, 'alice')).session;
  const bob = (await addUser(t, admin, 'bob')).session;
  const carol = (await addUser(t, admin, 'carol')).session;
  return { admin, alice, bob, carol };
}

async function lastAudit(operation: string, userId: string) {
  const [row] = await t.sql<{ status: string; code: string | null; target: string | null }>(
    'select status, code, target from audit where operation = ? and user_id = ? order by seq desc limit 1',
    operation,
    userId,
  );
  return row;
}

describe('attachments', () => {
  it('uploads a file in chunks, lists its name and size, and downloads the same bytes; the owner audits each step', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'cluster', type: 'note', payload: { value: 'v' } });
    const bytes = sampleFile();
    const seen: number[] = [];
    const id = await alice.attachments.upload(item.id, fileOf(bytes), (done) => seen.push(done));
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBe(3);
    const [listed] = await alice.attachments.list(item.id);
    expect(listed).toMatchObject({ attachmentId: id, name: NAME, size: bytes.length, chunkCount: 3 });
    expect((await download(alice, item.id, id)).equals(bytes)).toBe(true);
    for (const op of ['beginAttachment', 'finishAttachment', 'readAttachmentChunk']) {
      expect(await lastAudit(op, alice.user.id)).toMatchObject({ status: 'ok', target: id });
    }
    await alice.attachments.delete(item.id, id);
    expect(await alice.attachments.list(item.id)).toEqual([]);
    expect(await lastAudit('deleteAttachment', alice.user.id)).toMatchObject({ status: 'ok', target: id });
    expect(await t.sql('select * from attachment_chunks')).toEqual([]);
  });

  it('a file leaves one audit entry per step, not one per chunk: its upload’s begin and finish and each download; refusals are all recorded', async () => {
    const { alice, bob } = await people();
    const item = await alice.createSecret({ name: 'audited', type: 'note', payload: { value: 'v' } });
    const bytes = sampleFile();
    const id = await alice.attachments.upload(item.id, fileOf(bytes));
    expect((await download(alice, item.id, id)).equals(bytes)).toBe(true);
    expect((await download(alice, item.id, id)).equals(bytes)).toBe(true);
    // A reader who skips the first chunk is recorded at the first one they read.
    await alice.sharing.share(
      item.id,
      await alice.sharing.addContact(await alice.sharing.find('bob')),
      'read',
    );
    await bob.client.request('readAttachmentChunk', { id: item.id, attachmentId: id, index: 2 });
    await bob.client.request('readAttachmentChunk', { id: item.id, attachmentId: id, index: 1 });
    // A chunk sent to a finished file, and a chunk past the file's end, are refused and both recorded.
    const data = Buffer.alloc(39, 3).toString('base64');
    for (const index of [0, 7]) {
      expect(
        await alice.client.call('putAttachmentChunk', { id: item.id, attachmentId: id, index, data }),
      ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    const entries = await t.sql<{ operation: string; user_id: string; status: string }>(
      'select operation, user_id, status from audit where target = ? order by seq',
      id,
    );
    const { id: aliceId } = alice.user;
    expect(entries).toEqual([
      { operation: 'beginAttachment', user_id: aliceId, status: 'ok' },
      { operation: 'finishAttachment', user_id: aliceId, status: 'ok' },
      { operation: 'readAttachmentChunk', user_id: aliceId, status: 'ok' },
      { operation: 'readAttachmentChunk', user_id: aliceId, status: 'ok' },
      { operation: 'readAttachmentChunk', user_id: bob.user.id, status: 'ok' },
      { operation: 'putAttachmentChunk', user_id: aliceId, status: 'denied' },
      { operation: 'putAttachmentChunk', user_id: aliceId, status: 'denied' },
    ]);
    // A chunk read that leaves no entry still moves the session's replay window, so it cannot be replayed
    // once the server restarts.
    const [session] = await t.sql<{ op_high: number }>(
      'select op_high from sessions where user_id = ? and ended_at is null order by created_at desc limit 1',
      bob.user.id,
    );
    expect(Number(session?.op_high)).toBe(bob.client.sessionState?.opNumber);
  });

  it('an empty file is one sealed chunk and comes back empty', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'empty', type: 'note', payload: { value: 'v' } });
    const id = await alice.attachments.upload(item.id, fileOf(new Uint8Array(), 'empty.txt'));
    expect(await alice.attachments.list(item.id)).toMatchObject([
      { name: 'empty.txt', size: 0, chunkCount: 1 },
    ]);
    expect((await download(alice, item.id, id)).length).toBe(0);
  });

  it('a recipient and a granted machine read the files; a stranger is refused and audited; a reader cannot add or delete', async () => {
    const { alice, bob, carol } = await people();
    const item = await alice.createSecret({ name: 'shared', type: 'note', payload: { value: 'v' } });
    const bytes = Buffer.from(`${MARKER} small file`);
    const id = await alice.attachments.upload(item.id, fileOf(bytes));
    await alice.sharing.share(
      item.id,
      await alice.sharing.addContact(await alice.sharing.find('bob')),
      'read',
    );
    expect((await download(bob, item.id, id)).equals(bytes)).toBe(true);
    expect(await bob.attachments.list(item.id)).toMatchObject([{ name: NAME }]);

    const { token } = await createMachineIdentity(alice.client, {
      username: 'ci-files',
      displayName: 'CI files',
      server: t.server.url,
      kdf: { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1 },
    });
    await alice.sharing.share(
      item.id,
      await alice.sharing.addContact(await alice.sharing.find('ci-files')),
      'read',
    );
    const machine = await VaultSession.loginWithToken(t.client(), token);
    expect((await download(machine, item.id, id)).equals(bytes)).toBe(true);

    expect(
      await carol.client.call('readAttachmentChunk', { id: item.id, attachmentId: id, index: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await lastAudit('readAttachmentChunk', carol.user.id)).toMatchObject({
      status: 'denied',
      code: 'not_owner',
    });
    expect(await carol.client.call('listAttachments', { id: item.id })).toMatchObject({ ok: false });
    expect(await bob.client.call('deleteAttachment', { id: item.id, attachmentId: id })).toMatchObject({
      ok: false,
    });
    expect(await lastAudit('deleteAttachment', bob.user.id)).toMatchObject({ status: 'denied' });
    await expect(bob.attachments.upload(item.id, fileOf(bytes))).rejects.toMatchObject({ code: 'forbidden' });
    // A file of one item asked for through another the caller may read answers nothing.
    const bobs = await bob.createSecret({ name: 'bob own', type: 'note', payload: { value: 'v' } });
    expect(
      await bob.client.call('readAttachmentChunk', { id: bobs.id, attachmentId: id, index: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('revoking a reader rotates the content key, re-wraps the file keys, and the files still open for the owner', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'rotated', type: 'note', payload: { value: 'v' } });
    const bytes = Buffer.from(`${MARKER} rotated`);
    const id = await alice.attachments.upload(item.id, fileOf(bytes));
    const chunkBefore = await t.sqlRow<{ data: Uint8Array }>('select data from attachment_chunks');
    await alice.sharing.rotate(item.id);
    expect((await download(alice, item.id, id)).equals(bytes)).toBe(true);
    // The chunks were not re-encrypted: only the file key was re-wrapped.
    const chunkAfter = await t.sqlRow<{ data: Uint8Array }>('select data from attachment_chunks');
    expect(Buffer.from(chunkAfter.data).equals(Buffer.from(chunkBefore.data))).toBe(true);
    // A rotation that leaves a file's key out is refused: nothing may stay under the old key.
    const grants = await alice.client.request('listSecretGrants', { id: item.id });
    const current = await alice.client.request('readSecret', { id: item.id });
    const refused = await alice.client.call('rotateSecretKey', {
      id: item.id,
      expectedVersion: current.version,
      expectedGeneration: grants.keyGeneration,
      values: [{ version: current.valueVersion, value: current.value }],
      wrappedKeys: [{ principalId: alice.user.id, wrappedKey: current.wrappedKey }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'attachmentKeys' } });
  });

  it('refuses a file past the per-file limit and past the per-user total, naming the limit', async () => {
    const { admin, alice } = await people();
    await admin.client.request('updateSettings', {
      patch: { attachments: { maxFileMiB: 2, maxPerUserMiB: 3 } },
    });
    const item = await alice.createSecret({ name: 'limits', type: 'note', payload: { value: 'v' } });
    const tooBig = await alice.attachments
      .upload(item.id, fileOf(new Uint8Array(2 * MiB + 1)))
      .catch((e) => e);
    expect(tooBig).toMatchObject({ code: 'payload_too_large', field: 'size' });
    expect(tooBig.message).toMatch(/per-file limit of 2 MiB \(attachments\.maxFileMiB\)/);
    await alice.attachments.upload(item.id, fileOf(new Uint8Array(2 * MiB)));
    const overTotal = await alice.attachments
      .upload(item.id, fileOf(new Uint8Array(MiB + 1)))
      .catch((e) => e);
    expect(overTotal).toMatchObject({ code: 'payload_too_large' });
    expect(overTotal.message).toMatch(/per-user limit of 3 MiB \(attachments\.maxPerUserMiB\)/);
    expect(await alice.attachments.list(item.id)).toHaveLength(1);
  });

  it('refuses chunks past the declared size, and a finish before every chunk is stored', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'liar', type: 'note', payload: { value: 'v' } });
    const attachmentId = crypto.randomUUID();
    const wrappedKey = Buffer.alloc(61, 1).toString('base64');
    await alice.client.request('beginAttachment', {
      id: item.id,
      attachmentId,
      wrappedKey,
      meta: wrappedKey,
      size: 10,
      chunkCount: 1,
    });
    const tooLong = Buffer.alloc(100, 2).toString('base64');
    expect(
      await alice.client.call('putAttachmentChunk', { id: item.id, attachmentId, index: 0, data: tooLong }),
    ).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large', field: 'data' },
    });
    expect(await alice.client.call('finishAttachment', { id: item.id, attachmentId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(
      await alice.client.call('beginAttachment', {
        id: item.id,
        attachmentId,
        wrappedKey,
        meta: wrappedKey,
        size: 10,
        chunkCount: 2,
      }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'chunkCount' } });
  });

  it('an upload left unfinished past its hour is removed when the next one begins', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'abandoned', type: 'note', payload: { value: 'v' } });
    const attachmentId = crypto.randomUUID();
    const sealed = Buffer.alloc(61, 1).toString('base64');
    await alice.client.request('beginAttachment', {
      id: item.id,
      attachmentId,
      wrappedKey: sealed,
      meta: sealed,
      size: 10,
      chunkCount: 1,
    });
    await alice.client.request('putAttachmentChunk', {
      id: item.id,
      attachmentId,
      index: 0,
      data: Buffer.alloc(39, 3).toString('base64'),
    });
    expect(await t.sql('select idx from attachment_chunks')).toHaveLength(1);
    await t.sql(
      'update attachments set expires_at = ? where id = ?',
      '2000-01-01T00:00:00.000Z',
      attachmentId,
    );
    await alice.attachments.upload(item.id, fileOf(Buffer.from('next')));
    expect(await t.sql('select id from attachments where id = ?', attachmentId)).toEqual([]);
    expect(await t.sql('select idx from attachment_chunks')).toHaveLength(1);
  });

  it('a chunk swapped with another file’s chunk, chunks reordered, or the last chunk dropped in the stopped server’s database fail to open', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'tampered', type: 'note', payload: { value: 'v' } });
    const id = await alice.attachments.upload(item.id, fileOf(sampleFile()));
    const other = await alice.attachments.upload(item.id, fileOf(randomBytes(MiB + 10), 'other.bin'));
    const signIn = async () => {
      await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
      return VaultSession.login(t.client(), 'alice', 'alice password 123', 'cli');
    };
    const chunkOf = async (attachmentId: string, idx: number) =>
      Buffer.from(
        (
          await t.sqlRow<{ data: Uint8Array }>(
            'select data from attachment_chunks where attachment_id = ? and idx = ?',
            attachmentId,
            idx,
          )
        ).data,
      );
    const original = await chunkOf(id, 1);
    await t.restart(async () => {
      await t.sql(
        'update attachment_chunks set data = ? where attachment_id = ? and idx = 1',
        await chunkOf(other, 0),
        id,
      );
    });
    let session = await signIn();
    await expect(download(session, item.id, id)).rejects.toThrow(/chunk 1 does not open/);

    await t.restart(async () => {
      await t.sql('update attachment_chunks set data = ? where attachment_id = ? and idx = 1', original, id);
      const first = await chunkOf(id, 0);
      await t.sql(
        'update attachment_chunks set data = ? where attachment_id = ? and idx = 0',
        await chunkOf(id, 2),
        id,
      );
      await t.sql('update attachment_chunks set data = ? where attachment_id = ? and idx = 2', first, id);
      // The other file loses its last chunk, and its row claims one chunk.
      await t.sql('delete from attachment_chunks where attachment_id = ? and idx = 1', other);
      await t.sql('update attachments set chunk_count = 1 where id = ?', other);
    });
    session = await signIn();
    await expect(download(session, item.id, id)).rejects.toThrow(/chunk 0 does not open/);
    await expect(download(session, item.id, other)).rejects.toThrow(/chunk 0 does not open/);
  });

  it('never stores a file’s plaintext or name: the database holds neither', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'plain', type: 'note', payload: { value: 'v' } });
    await alice.attachments.upload(item.id, fileOf(sampleFile()));
    const disk = await t.databaseBytes();
    expect(disk.includes(Buffer.from(MARKER))).toBe(false);
    expect(disk.includes(Buffer.from(NAME))).toBe(false);
  });

  it('deleting an item for good removes its files', async () => {
    const { alice } = await people();
    const item = await alice.createSecret({ name: 'purged', type: 'note', payload: { value: 'v' } });
    await alice.attachments.upload(item.id, fileOf(Buffer.from('bye')));
    await alice.client.request('deleteSecret', { id: item.id });
    await alice.client.request('purgeSecret', { id: item.id });
    expect(await t.sql('select id from attachments')).toEqual([]);
    expect(await t.sql('select idx from attachment_chunks')).toEqual([]);
  });

  it.skipIf(ON_POSTGRES)(
    'a backup carries the files: restored into a new server, the file downloads byte for byte',
    async () => {
      const { admin, alice } = await people();
      const item = await alice.createSecret({ name: 'backed up', type: 'note', payload: { value: 'v' } });
      const bytes = sampleFile();
      const id = await alice.attachments.upload(item.id, fileOf(bytes));
      const made = await admin.client.request('createBackup', { passphrase: 'backup passphrase for tests' });
      const target = mkdtempSync(path.join(os.tmpdir(), 'keyhold-attach-restore-'));
      const first = t;
      try {
        await restoreBackup({
          from: path.join(first.dataDir, 'backups', made.name),
          dataDir: path.join(target, 'data'),
          passphrase: 'backup passphrase for tests',
        });
        t = await startTestServer({ dataDir: path.join(target, 'data') });
        await first.stop();
        await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
        const again = await VaultSession.login(t.client(), 'alice', 'alice password 123', 'cli');
        expect(await again.attachments.list(item.id)).toMatchObject([{ attachmentId: id, name: NAME }]);
        expect((await download(again, item.id, id)).equals(bytes)).toBe(true);
      } finally {
        await first.stop().catch(() => undefined);
        rmSync(target, { recursive: true, force: true });
      }
    },
  );
});

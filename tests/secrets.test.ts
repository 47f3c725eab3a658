// Secrets end to end: create, read, check-and-set update, versions, trash, destroy, list and search.
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('secrets', () => {
  it('stores a secret that only its owner’s client can open', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id, version } = await admin.createSecret({
      name: 'Production DB',
      path: '/prod/db',
      tags: ['postgres', 'critical'],
      type: 'login',
      payload: {
        value: 's3cr3t-value',
        notes: 'rotate monthly',
        fields: [{ name: 'user', value: 'app', hidden: false }],
      },
    });
    expect(version).toBe(1);
    const opened = await admin.readSecret(id);
    expect(opened).toMatchObject({
      name: 'Production DB',
      path: '/prod/db',
      tags: ['postgres', 'critical'],
      type: 'login',
    });
    expect(opened.payload).toEqual({
      value: 's3cr3t-value',
      notes: 'rotate monthly',
      fields: [{ name: 'user', value: 'app', hidden: false }],
    });
    const raw = await admin.client.request('readSecret', { id });
    expect(raw.value).not.toContain('s3cr3t');
  });

  it('check-and-set: an update against an old version is refused, and versions are kept', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'api', type: 'api_key', payload: { value: 'v1' } });
    expect(await admin.updateSecret(id, 1, { payload: { value: 'v2' } })).toEqual({ id, version: 2 });
    const stale = await admin
      .updateSecret(id, 1, { payload: { value: 'lost update' } })
      .catch((e: { code: string; field: string }) => e);
    expect(stale).toMatchObject({ code: 'conflict', field: 'expectedVersion' });
    await admin.updateSecret(id, 2, { name: 'api (renamed)' });
    expect((await admin.readSecret(id)).payload.value).toBe('v2');
    expect((await admin.readSecret(id, 1)).payload.value).toBe('v1');
    const versions = await admin.client.request('listSecretVersions', { id });
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('keeps only the configured number of versions', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { secrets: { versionsToKeep: 3 } } });
    const { id } = await admin.createSecret({ name: 'rot', type: 'note', payload: { value: 'v1' } });
    for (let v = 1; v <= 5; v++) await admin.updateSecret(id, v, { payload: { value: `v${v + 1}` } });
    const versions = await admin.client.request('listSecretVersions', { id });
    expect(versions.versions.map((v) => v.version)).toEqual([6, 5, 4]);
    expect(await admin.client.call('readSecret', { id, version: 2 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('soft delete moves a secret to the trash; undelete brings it back; destroy erases one version', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({
      name: 'temp',
      path: '/t',
      type: 'note',
      payload: { value: 'a' },
    });
    await admin.updateSecret(id, 1, { payload: { value: 'b' } });
    await admin.client.request('deleteSecret', { id });
    expect((await admin.client.request('listSecrets', { path: '/t' })).total).toBe(0);
    expect((await admin.client.request('listSecrets', { deleted: true })).items.map((i) => i.id)).toEqual([
      id,
    ]);
    expect(await admin.client.call('updateSecret', { id, expectedVersion: 2, name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await admin.client.request('undeleteSecret', { id });
    expect((await admin.client.request('listSecrets', { path: '/t' })).total).toBe(1);
    await admin.client.request('destroySecretVersion', { id, version: 1 });
    expect(await admin.client.call('readSecret', { id, version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/destroyed/) },
    });
    expect((await admin.readSecret(id)).payload.value).toBe('b');
    expect((await admin.client.request('listSecretVersions', { id })).versions).toEqual([
      expect.objectContaining({ version: 2, destroyed: false }),
      expect.objectContaining({ version: 1, destroyed: true }),
    ]);
  });

  it('a value read before is read afresh after every change to it (the read path keeps a copy)', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'hot', type: 'api_key', payload: { value: 'v1' } });
    expect((await admin.readSecret(id)).payload.value).toBe('v1');
    expect((await admin.readSecret(id)).payload.value).toBe('v1');
    await admin.updateSecret(id, 1, { payload: { value: 'v2' } });
    expect((await admin.readSecret(id)).payload.value).toBe('v2');
    expect((await admin.readSecret(id, 1)).payload.value).toBe('v1');
    await admin.client.request('destroySecretVersion', { id, version: 1 });
    expect(await admin.client.call('readSecret', { id, version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/destroyed/) },
    });
    // A read racing a write keeps no copy: the write's clear comes between the select and the copy.
    const { secrets } = t.server.app;
    secrets.forgetValues();
    const reading = secrets.readValue(id, 2, admin.user.id);
    secrets.forgetValues();
    expect((await reading)?.value).toBeTruthy();
    expect(secrets.cachedValues).toBe(0);
    await secrets.readValue(id, 2, admin.user.id);
    expect(secrets.cachedValues).toBe(1);
    // Sealing drops it with the keys.
    await admin.client.request('seal', {});
    expect(secrets.cachedValues).toBe(0);
  });

  it('lists by folder with paging and searches by name, path and tag', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 12; i++) {
      await admin.createSecret({
        name: `svc-${String(i).padStart(2, '0')}`,
        path: i < 8 ? '/apps' : '/apps/web',
        type: 'api_key',
        tags: i === 3 ? ['billing'] : [],
        payload: { value: `${i}` },
      });
    }
    await admin.createSecret({ name: 'elsewhere', path: '/misc', type: 'note', payload: { value: 'x' } });
    const first = await admin.client.request('listSecrets', { path: '/apps', limit: 5 });
    expect(first.total).toBe(12);
    expect(first.items).toHaveLength(5);
    const second = await admin.client.request('listSecrets', {
      path: '/apps',
      limit: 5,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items[0]?.name).toBe('svc-05');
    // A virtualized list jumps anywhere: a page from an offset, past the end an empty page.
    const jumped = await admin.client.request('listSecrets', { path: '/apps', limit: 3, offset: 10 });
    expect(jumped.items.map((i) => i.name)).toEqual(['svc-10', 'svc-11']);
    expect(jumped.nextCursor).toBeNull();
    expect((await admin.client.request('listSecrets', { path: '/apps', offset: 99 })).items).toEqual([]);
    const searchJump = await admin.client.request('searchSecrets', { query: 'svc', offset: 11 });
    expect(searchJump.items.map((i) => i.name)).toEqual(['svc-11']);
    expect(searchJump.total).toBe(12);
    const flat = await admin.client.request('listSecrets', { path: '/apps', recursive: false, limit: 50 });
    expect(flat.total).toBe(8);
    expect((await admin.client.request('searchSecrets', { query: 'BILL' })).items.map((i) => i.name)).toEqual(
      ['svc-03'],
    );
    expect((await admin.client.request('searchSecrets', { query: '/apps/web' })).total).toBe(4);
    const folders = await admin.client.request('listFolders', {});
    expect(folders.folders).toEqual([
      { path: '/apps', count: 8 },
      { path: '/apps/web', count: 4 },
      { path: '/misc', count: 1 },
    ]);
  });

  it('another user cannot read, change, list or delete someone else’s secret; each refusal is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice } = await addUser(t, admin, 'alice');
    const { session: mallory, userId: malloryId } = await addUser(t, admin, 'mallory');
    const { id } = await alice.createSecret({
      name: 'alice private',
      type: 'note',
      payload: { value: 'for alice only' },
    });
    for (const [op, input] of [
      ['readSecret', { id }],
      ['updateSecret', { id, expectedVersion: 1, name: 'pwned' }],
      ['deleteSecret', { id }],
      ['listSecretVersions', { id }],
      ['destroySecretVersion', { id, version: 1 }],
    ] as const) {
      expect(await mallory.client.call(op, input as never)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    expect((await mallory.client.request('searchSecrets', { query: 'alice' })).total).toBe(0);
    expect((await mallory.client.request('listSecrets', {})).total).toBe(0);
    expect((await alice.readSecret(id)).payload.value).toBe('for alice only');
    const audit = await admin.client.request('listAudit', { userId: malloryId, status: 'denied', limit: 50 });
    expect(audit.entries.filter((e) => e.code === 'not_owner' && e.target === id)).toHaveLength(5);
  });

  it('a client picks the id; creating the same id twice is refused', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'one', type: 'note', payload: { value: 'x' } });
    const raw = await admin.client.request('readSecret', { id });
    const again = await admin.client.call('createSecret', {
      id,
      name: 'dup',
      type: 'note',
      value: raw.value,
      wrappedKey: raw.wrappedKey,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id' } });
  });
});

// Resource-style URLs: what a person with curl does, against the real server, through the same monitor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { operationNames, operations } from '../contract/index.ts';
import { type RawSession, rawRequest } from './support/raw-request.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

let t: TestServer;
let admin: VaultSession;
let user: VaultSession;
let userToken: RawSession;
let adminToken: RawSession;

/**
 * A session of its own for the "curl" calls (their operation numbers would look stale to a client
 * sharing the session), its token read the way a script keeps it after signing in.
 */
async function curlToken(username: string, password: string): Promise<RawSession> {
  const session = await VaultSession.login(t.client(), username, password, 'cli');
  const state = session.client.sessionState;
  if (!state) throw new Error('no token');
  return { ...state };
}

async function curl(method: string, path: string, session: RawSession | null, body?: unknown) {
  return rawRequest(t, path, { method, body, ...(session && { as: session }) });
}

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  const added = await addUser(t, admin, 'curl-user');
  user = added.session;
  userToken = await curlToken('curl-user', added.password);
  adminToken = await curlToken(ADMIN.username, ADMIN.password);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('resource-style URLs', () => {
  it('every operation has its own method and path, and the server answers each of them', async () => {
    const routeOf = (name: (typeof operationNames)[number]) => operations[name].route;
    const seen = new Set(operationNames.map((name) => `${routeOf(name).method} ${routeOf(name).path}`));
    expect(seen.size).toBe(operationNames.length);
    for (const name of operationNames) {
      const { method, path } = routeOf(name);
      const url = path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const { body } = await curl(method, url, null);
      // Not "no such endpoint": the route reached the monitor, which answered for the operation.
      expect((body.error as { code?: string } | undefined)?.code, `${method} ${url}`).not.toBe(
        'unknown_operation',
      );
    }
  });

  it('reads, lists, deletes and restores a secret the way curl would', async () => {
    const { id } = await user.createSecret({
      name: 'deploy key',
      path: '/ops',
      type: 'api_key',
      payload: { value: 'v' },
    });
    await user.createSecret({ name: 'other', path: '/ops', type: 'api_key', payload: { value: 'w' } });

    const one = await curl('GET', `/v1/secrets/${id}`, userToken);
    expect(one.status).toBe(200);
    expect(one.body.value).toMatchObject({ id, name: 'deploy key', path: '/ops' });

    // Query text becomes the number the schema wants.
    const page = await curl('GET', '/v1/secrets?path=/ops&limit=1', userToken);
    expect(page.status).toBe(200);
    expect((page.body.value as { items: unknown[]; total: number }).items).toHaveLength(1);
    expect((page.body.value as { total: number }).total).toBe(2);

    expect((await curl('DELETE', `/v1/secrets/${id}`, userToken)).status).toBe(200);
    const found = await curl('GET', '/v1/search?query=deploy', userToken);
    expect(JSON.stringify(found.body.value)).not.toContain(id);
    expect((await curl('POST', `/v1/secrets/${id}/undelete`, userToken)).status).toBe(200);
    const versions = await curl('GET', `/v1/secrets/${id}/versions`, userToken);
    expect(versions.status).toBe(200);
  });

  it('bad query values are refused with the field named, and nothing else happens', async () => {
    const bad = await curl('GET', '/v1/secrets?limit=many', userToken);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'limit' });
    const unknown = await curl('GET', '/v1/secrets?colour=blue', userToken);
    expect(unknown.status).toBe(400);
  });

  it('applies the same policy as every other transport: a user may not read the audit or change settings', async () => {
    const audit = await curl('GET', '/v1/audit?limit=5', userToken);
    expect(audit.status).toBe(403);
    const settings = await curl('PATCH', '/v1/settings', userToken, {
      patch: { secrets: { versionsToKeep: 3 } },
    });
    expect(settings.status).toBe(403);
    const refusals = await curl(
      'GET',
      '/v1/audit?status=denied&operation=updateSettings&limit=5',
      adminToken,
    );
    expect(refusals.status).toBe(200);
    expect((refusals.body.value as { entries: { code: string }[] }).entries[0]).toMatchObject({
      code: 'forbidden',
    });
    expect((await admin.client.request('getSettings', {})).secrets.versionsToKeep).toBe(10);
  });

  it('the path names the resource even if the body names another', async () => {
    const mine = await user.createSecret({ name: 'mine', type: 'note', payload: { value: 'x' } });
    const theirs = await admin.createSecret({ name: 'theirs', type: 'note', payload: { value: 'y' } });
    const result = await curl('DELETE', `/v1/secrets/${theirs.id}`, userToken, { id: mine.id });
    expect(result.status).toBe(404);
    expect((await user.readSecret(mine.id)).deletedAt).toBeNull();
  });
});

// Many clients at once: reads and writes from many keep-alive connections end with no error and no lost write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../bench/load.ts';
import { prepareLogin, type VaultSession } from '../client/index.ts';
import { OP_NUMBER_HEADER } from '../contract/wire.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
let admin: VaultSession;

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  // Capacity is under test here, not the limiter (tests/rate-limits.test.ts covers that).
  await admin.client.request('updateSettings', {
    patch: { rateLimits: { api: { perAddressPerSecond: 1_000_000, perUserPerSecond: 1_000_000 } } },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('load', () => {
  it('50 connections of 5 clients reading and writing at once: 0 errors, every acknowledged write stored', async () => {
    const client = t.client();
    const { authHash } = await prepareLogin(client, ADMIN.username, ADMIN.password);
    // Five clients with ten connections each: every session stays inside its replay window (64).
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) {
      const login = await client.request('login', { username: ADMIN.username, authHash, clientKind: 'cli' });
      tokens.push(login.token);
    }
    const { id } = await admin.createSecret({
      name: 'hot',
      type: 'api_key',
      payload: { value: 'hot value' },
    });

    const result = await runLoad({
      url: t.server.url,
      ca: t.server.caCertPem,
      connections: 50,
      durationMs: 3000,
      // Six requests of each connection at least, two of them writes: 100 writes on any machine.
      minRequestsPerConnection: 6,
      path: '/v1/op/readSecret',
      body: JSON.stringify({ id }),
      headers: { 'content-type': 'application/json' },
      tokens,
      opNumberHeader: OP_NUMBER_HEADER,
      writeEvery: 3,
      writePath: '/v1/op/createSecret',
    });

    expect(result.errorStatuses).toEqual({});
    expect(result.errors).toBe(0);
    expect(result.written).toBeGreaterThanOrEqual(100);
    const stored = await admin.client.request('listSecrets', { path: '/load', limit: 1 });
    expect(stored.total).toBe(result.written);
    // The audit chain took every one of those writes and still verifies.
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: true, brokenAt: null });
  }, 60_000);
});

// Rate limits: sign-ins per address and per user name, API calls per user, with 429, Retry-After and an audit entry.
import { afterEach, describe, expect, it } from 'vitest';
import type { VaultSession } from '../client/index.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

/** A sign-in attempt over raw HTTPS, so the status line and headers can be read. */
async function tryLogin(username: string) {
  const response = await t.fetch(`${t.server.url}/v1/op/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, authHash: 'A'.repeat(43), clientKind: 'cli' }),
  });
  const body = (await response.json()) as { ok: boolean; error?: { code: string; retryAfter?: number } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

async function refusalCodes(admin: VaultSession, operation: string) {
  const { entries } = await admin.client.request('listAudit', { operation, status: 'denied', limit: 20 });
  return entries.map((entry) => entry.code);
}

describe('rate limits', () => {
  it('refuses sign-ins past the per-address budget with 429 and Retry-After, and audits it', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', {
      patch: { rateLimits: { login: { perAddressPerMinute: 3, perUserPerMinute: 1000 } } },
    });
    // Different names each time: spraying one password over many accounts is what this limit stops.
    const first = await Promise.all(['a1', 'a2', 'a3'].map((name) => tryLogin(name)));
    expect(first.map((r) => r.status)).not.toContain(429);
    const refused = await tryLogin('a4');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('rate_limited');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body.error?.retryAfter).toBe(Number(refused.retryAfter));
    expect(await refusalCodes(admin, 'login')).toContain('rate_limited_login_address');
  });

  it('limits sign-ins per user name, whatever the address, and leaves other names alone', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', {
      patch: { rateLimits: { login: { perAddressPerMinute: 1000, perUserPerMinute: 2 } } },
    });
    expect((await tryLogin('Victim')).status).not.toBe(429);
    // The limit follows the account, not the spelling of its name.
    expect((await tryLogin('victim')).status).not.toBe(429);
    expect((await tryLogin('VICTIM')).status).toBe(429);
    expect((await tryLogin('bystander')).status).not.toBe(429);
    expect(await refusalCodes(admin, 'login')).toContain('rate_limited_login_user');
  });

  it('limits API calls per user; another user keeps being served', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: busy } = await addUser(t, admin, 'busy');
    const { session: calm } = await addUser(t, admin, 'calm');
    await admin.client.request('updateSettings', { patch: { rateLimits: { api: { perUserPerSecond: 3 } } } });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => busy.client.call('listSecrets', { path: '/' })),
    );
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await calm.client.call('listSecrets', { path: '/' })).ok).toBe(true);
    expect(await refusalCodes(admin, 'listSecrets')).toContain('rate_limited_api_user');
  });

  it('validates the limits like every other setting', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const result = await admin.client.call('updateSettings', {
      patch: { rateLimits: { api: { perUserPerSecond: 0 } } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'patch.rateLimits.api.perUserPerSecond' },
    });
    const settings = await admin.client.request('getSettings', {});
    expect(settings.rateLimits.api.perUserPerSecond).toBe(1000);
  });

  it('a patch that names one field leaves the others of its section as they were', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', {
      patch: {
        rateLimits: { api: { perAddressPerSecond: 700, perUserPerSecond: 300 } },
        session: { lifetimeMinutes: 100 },
      },
    });
    await admin.client.request('updateSettings', {
      patch: { rateLimits: { api: { perUserPerSecond: 250 } }, session: { idleMinutes: 5 } },
    });
    const settings = await admin.client.request('getSettings', {});
    expect(settings.rateLimits.api).toEqual({ perAddressPerSecond: 700, perUserPerSecond: 250 });
    expect(settings.session).toEqual({ lifetimeMinutes: 100, idleMinutes: 5 });
  });
});

// Prometheus scraping with a token an administrator makes: no session, no operation number, nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from './support/raw-request.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function scrape(token: string) {
  const response = await t.fetch(`${t.server.url}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('the Prometheus scrape token', () => {
  it('scrapes again and again without a session; a wrong or revoked token is refused and audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    expect(await admin.client.request('getScrapeToken', {})).toEqual({ exists: false, createdAt: null });
    const { token } = await admin.client.request('createScrapeToken', {});
    expect(token).toMatch(/^khm_[A-Za-z0-9_-]{43}$/);
    expect((await admin.client.request('getScrapeToken', {})).exists).toBe(true);

    // The same request twice, as a scraper sends it: no operation number to keep.
    for (let i = 0; i < 2; i++) {
      const ok = await scrape(token);
      expect(ok.status).toBe(200);
      expect(ok.type).toContain('text/plain');
      expect(ok.text).toContain('keyhold_requests_total{');
    }

    const wrong = await scrape(`khm_${'B'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    // It opens /metrics and nothing else: as a session token it is refused.
    const asSession = await rawRequest(t, '/v1/op/listSecrets', { as: { token, opNumber: 0 }, body: {} });
    expect(asSession.status).toBe(401);

    await admin.client.request('revokeScrapeToken', {});
    expect((await scrape(token)).status).toBe(401);
    const { entries } = await admin.client.request('listAudit', { operation: 'scrapeMetrics', limit: 10 });
    expect(entries.map((e) => `${e.status}:${e.code}`)).toEqual([
      'denied:no_scrape_token',
      'denied:wrong_scrape_token',
      'ok:null',
      'ok:null',
    ]);

    // Kept only as a hash: neither the database nor the log holds the token.
    expect((await t.databaseBytes()).includes(Buffer.from(token))).toBe(false);
    expect(t.logText()).not.toContain(token);
  });

  it('only administrators make or revoke one', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: mod } = await addUser(t, admin, 'mod', 'moderator');
    expect(await mod.client.call('createScrapeToken', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await mod.client.call('getScrapeToken', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

// A write that committed is answered as a success even when memory could not be brought up to date at once:
// the copy is reread before the next request, so what the caller wrote is there when they look.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.stop();
});

describe('a committed write whose refresh fails', () => {
  it('still answers success, logs the failure at error level, and the next read sees the new secret', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const secrets = t.server.app.secrets;
    // The read-back after the commit fails once, as a database connection dropping at that moment would.
    vi.spyOn(secrets, 'refresh').mockRejectedValueOnce(new Error('connection lost while reading back'));
    const { id, version } = await admin.createSecret({
      name: 'written anyway',
      type: 'api_key',
      payload: { value: 'v1' },
    });
    expect(version).toBe(1);
    expect(t.logText()).toMatch(/"level":50[^\n]*refreshing memory after a commit failed/);
    const opened = await admin.readSecret(id);
    expect(opened).toMatchObject({ name: 'written anyway', payload: { value: 'v1' } });
    const listed = await admin.client.request('listSecrets', {});
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(id);
  });
});

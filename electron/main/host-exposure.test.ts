// Host mode on the network, with the embedded server in its worker thread (built as the app ships it):
// no listener until the settings expose it, then one inside the worker that moves and stops as they
// change, and that comes back at the next start once the server is unsealed.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcTransport, KeyholdClient, VaultSession } from '../../client/index.ts';
import { ADMIN, kdf, UNSEAL_PASSPHRASE } from '../../tests/support/test-server.ts';
import { type HostClient, startHost } from './host-client.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Built with the test KDF floor, in a folder of its own: the test signs in with cheap Argon2id, which a
// shipped worker refuses (kdf-floor.ts).
const bundles = path.join(root, 'dist/electron-test-floor');
const workerFile = path.join(bundles, 'host-worker.cjs');
let dataDir: string;
let host: HostClient;
let caCertPem: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The window's client: calls cross to the worker exactly as the bridge forwards them. */
function windowClient(): KeyholdClient {
  return new KeyholdClient(
    createIpcTransport({ call: (request) => host.call(request), onEvent: () => () => {} }),
  );
}

/** GET /v1/status on a fresh connection trusting the server's CA: the status code, or 'refused'. */
async function probe(port: number): Promise<number | 'refused'> {
  const agent = new Agent({ connect: { ca: caCertPem } });
  try {
    const response = await undiciFetch(`https://127.0.0.1:${port}/v1/status`, { dispatcher: agent });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return 'refused';
    throw error;
  } finally {
    await agent.close();
  }
}

beforeAll(async () => {
  const { buildElectron } = await import('../../scripts/build-electron.mjs');
  await buildElectron(bundles, { kdfFloor: 'test' });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-exposure-'));
  host = await startHost(workerFile, { dataDir, logLevel: 'warn' });
}, 60_000);

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the desktop host on the network', () => {
  let admin: KeyholdClient;
  let first: number;
  let second: number;

  it('has no network listener while not exposed', async () => {
    caCertPem = (await windowClient().request('getServerCa', {})).caCertPem;
    await VaultSession.initialize(windowClient(), {
      unseal: { method: 'passphrase', passphrase: UNSEAL_PASSPHRASE },
      admin: ADMIN,
      kdf,
    });
    admin = (await VaultSession.login(windowClient(), ADMIN.username, ADMIN.password, 'desktop')).client;
    const status = await admin.request('getNetworkStatus', {});
    expect(status).toMatchObject({
      mode: 'desktop',
      listener: null,
      pinned: { address: false, port: false },
    });
    // The default port is not taken by the desktop app.
    expect((await admin.request('getSettings', {})).network).toMatchObject({ exposed: false, port: 7777 });
  });

  it('listens inside the worker once exposed, moves with the port, and stops when no longer exposed', async () => {
    first = await freePort();
    expect(await probe(first)).toBe('refused');
    await admin.request('updateSettings', {
      patch: { network: { exposed: true, address: '127.0.0.1', port: first } },
    });
    expect((await admin.request('getNetworkStatus', {})).listener).toEqual({
      address: '127.0.0.1',
      port: first,
      url: `https://127.0.0.1:${first}`,
    });
    expect(await probe(first)).toBe(200);

    second = await freePort();
    await admin.request('updateSettings', { patch: { network: { port: second } } });
    expect(await probe(second)).toBe(200);
    expect(await probe(first)).toBe('refused');

    await admin.request('updateSettings', { patch: { network: { exposed: false } } });
    expect(await probe(second)).toBe('refused');
    expect((await admin.request('getNetworkStatus', {})).listener).toBeNull();
  });

  it('an exposed host listens again after the next start, once unsealed (the settings are sealed until then)', async () => {
    await admin.request('updateSettings', { patch: { network: { exposed: true, address: '127.0.0.1' } } });
    expect(await probe(second)).toBe(200);
    await host.close();
    expect(await probe(second)).toBe('refused');

    host = await startHost(workerFile, { dataDir, logLevel: 'warn' });
    expect(await probe(second)).toBe('refused');
    await windowClient().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    admin = (await VaultSession.login(windowClient(), ADMIN.username, ADMIN.password, 'desktop')).client;
    // The status waits for the move that follows the unseal.
    expect((await admin.request('getNetworkStatus', {})).listener?.port).toBe(second);
    expect(await probe(second)).toBe(200);
  });
});

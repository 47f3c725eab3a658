// Client mode against a real Keyhold server: meeting it (trust on first use), pinning its CA, forwarding
// the window's calls through the bridge, and refusing a server whose certificate the pinned CA did not sign;
// and all of it through a real local HTTP CONNECT proxy when the system names one.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIpcTransport, KeyholdClient, VaultSession } from '../../client/index.ts';
import type { BridgeRequest } from '../../contract/index.ts';
import { parseProxyAnswer, type ResolveProxy } from '../../node-https/proxy-route.ts';
import { createCertificateAuthority } from '../../server/certificates/certificate-authority.ts';
import {
  ADMIN,
  kdf,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from '../../tests/support/test-server.ts';
import { APP_MODE_FILE, loadAppMode, ModeController } from './app-mode.ts';
import type { HostClient } from './host-client.ts';
import { type BridgeDeps, handleBridgeCall } from './ipc.ts';
import { caFingerprintOf, createRemoteClient, probeServer } from './remote-client.ts';

let t: TestServer;
/** No proxy: what session.resolveProxy answers on most machines. */
const noProxy: ResolveProxy = async () => 'DIRECT';
let userData: string;
const trusted = {
  sender: { id: 7 },
  senderFrame: { url: 'app://keyhold/index.html', processId: 4, routingId: 1 },
};

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.stop();
});

function freshUserData(): string {
  userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-client-mode-'));
  return userData;
}

afterAll(() => {
  if (userData) rmSync(userData, { recursive: true, force: true });
});

/** A fake embedded host: client mode must never start or call it. */
function fakeHost() {
  const host = {
    call: vi.fn(async (_request: BridgeRequest) => ({ ok: true as const, value: { from: 'host' } })),
    close: vi.fn(async () => {}),
  } satisfies HostClient;
  return { host, startHost: vi.fn(async () => host) };
}

/** The window's client, through the real bridge entry, with main forwarding as the controller says. */
function windowClient(modes: ModeController): KeyholdClient {
  const deps = {
    isTrustedSender: () => true,
    forward: modes.forward,
    desktop: {} as BridgeDeps['desktop'],
  } satisfies BridgeDeps;
  return new KeyholdClient(
    createIpcTransport({
      call: (request) => handleBridgeCall(deps, trusted, request),
      onEvent: () => () => {},
    }),
  );
}

describe('client mode', () => {
  it('meets a server: the CA fingerprint it shows is the one the server was made with', async () => {
    const met = await probeServer(t.server.url, noProxy);
    expect(met.caCertPem).toBe(t.server.caCertPem);
    expect(met.caFingerprint).toBe(caFingerprintOf(t.server.caCertPem).fingerprint);
    expect(met.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('connects with the confirmed fingerprint, pins the CA in the app settings, and the window does its work there', async () => {
    const dir = freshUserData();
    const { host, startHost } = fakeHost();
    const modes = new ModeController({
      file: path.join(dir, APP_MODE_FILE),
      startHost,
      resolveProxy: noProxy,
    });
    await modes.start();
    expect(modes.view().mode).toBeNull();
    const { caFingerprint } = await probeServer(t.server.url, noProxy);

    const view = await modes.connect({ url: t.server.url, caFingerprint });
    expect(view).toEqual({ mode: 'client', url: t.server.url, caFingerprint });
    expect(loadAppMode(path.join(dir, APP_MODE_FILE))).toMatchObject({
      mode: 'client',
      url: t.server.url,
      caCertPem: t.server.caCertPem,
    });
    // The embedded server stops: a client does not host.
    expect(host.close).toHaveBeenCalledOnce();

    // The window initialises the remote server, signs in and stores a secret: all over the bridge.
    const client = windowClient(modes);
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: UNSEAL_PASSPHRASE },
      admin: ADMIN,
      kdf,
    });
    const session = await VaultSession.login(windowClient(modes), ADMIN.username, ADMIN.password, 'desktop');
    const { id } = await session.createSecret({
      name: 'from the desktop client',
      type: 'login',
      payload: { value: 's3cret', notes: '', fields: [] },
    });
    // The keychain's passphrase is for this computer's own server: in client mode it goes nowhere.
    const unseal = {
      operation: 'unseal',
      input: { passphrase: 'kept by the keychain' },
      token: null,
      opNumber: null,
    };
    expect(await modes.forwardToHost(unseal)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const direct = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const audit = await direct.client.request('listAudit', { operation: 'unseal', limit: 10 });
    expect(audit.entries).toEqual([]);
    expect((await direct.readSecret(id)).payload.value).toBe('s3cret');
    expect(host.call).not.toHaveBeenCalled();

    // Started again, the app goes straight to the pinned server without starting its own.
    const again = fakeHost();
    const restarted = new ModeController({
      file: path.join(dir, APP_MODE_FILE),
      startHost: again.startHost,
      resolveProxy: noProxy,
    });
    await restarted.start();
    expect(again.startHost).not.toHaveBeenCalled();
    expect(
      await restarted.forward({ operation: 'status', input: {}, token: null, opNumber: null }),
    ).toMatchObject({
      ok: true,
      value: { initialized: true, sealed: false },
    });
    await restarted.close();

    // Back to host mode: the embedded server starts again and the choice is saved.
    const back = await modes.useHost();
    expect(back).toEqual({ mode: 'host', url: null, caFingerprint: null });
    expect(startHost).toHaveBeenCalledTimes(2);
    expect(loadAppMode(path.join(dir, APP_MODE_FILE))).toEqual({ mode: 'host' });
    expect(await modes.forward({ operation: 'status', input: {}, token: null, opNumber: null })).toEqual({
      ok: true,
      value: { from: 'host' },
    });
    await modes.close();
  });

  it('answers the window through the bridge: the probe gives the fingerprint (not the PEM), a bad URL names its field', async () => {
    const dir = freshUserData();
    const { startHost } = fakeHost();
    const modes = new ModeController({
      file: path.join(dir, APP_MODE_FILE),
      startHost,
      resolveProxy: noProxy,
    });
    await modes.start();
    const deps = {
      isTrustedSender: () => true,
      forward: modes.forward,
      desktop: { modes } as unknown as BridgeDeps['desktop'],
    } satisfies BridgeDeps;
    const call = (operation: string, input: unknown) =>
      handleBridgeCall(deps, trusted, { operation, input, token: null, opNumber: null });
    const probed = await call('desktop.probeServer', { url: `${t.server.url}/` });
    expect(probed).toEqual({
      ok: true,
      value: {
        url: t.server.url,
        caFingerprint: caFingerprintOf(t.server.caCertPem).fingerprint,
        caSubject: expect.stringContaining('Keyhold CA'),
      },
    });
    const refused = await call('desktop.connectServer', {
      url: 'http://plain.example:7777',
      caFingerprint: caFingerprintOf(t.server.caCertPem).fingerprint,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'url' } });
    expect(await call('desktop.getMode', {})).toEqual({
      ok: true,
      value: { mode: null, url: null, caFingerprint: null },
    });
    await modes.close();
  });

  it('refuses a server whose certificate the pinned CA did not issue, saying so', async () => {
    const stranger = await createCertificateAuthority({ commonName: 'Some other CA', validityDays: 30 });
    const remote = createRemoteClient(t.server.url, stranger.certPem, noProxy);
    const result = await remote.call({ operation: 'status', input: {}, token: null, opNumber: null });
    await remote.close();
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(!result.ok && result.error.message).toMatch(
      /presented a certificate that is not from the CA pinned for it/,
    );

    // Connecting with that CA file is refused the same way, and the app's mode is not changed.
    const dir = freshUserData();
    const { startHost } = fakeHost();
    const modes = new ModeController({
      file: path.join(dir, APP_MODE_FILE),
      startHost,
      resolveProxy: noProxy,
    });
    await modes.start();
    await expect(modes.connect({ url: t.server.url, caCertPem: stranger.certPem })).rejects.toThrow(
      /CA pinned for it/,
    );
    expect(existsSync(path.join(dir, APP_MODE_FILE))).toBe(false);
    expect(modes.view().mode).toBeNull();
    await modes.close();
  });

  it('refuses to connect when the fingerprint confirmed is not the one the server serves', async () => {
    const dir = freshUserData();
    const { startHost } = fakeHost();
    const modes = new ModeController({
      file: path.join(dir, APP_MODE_FILE),
      startHost,
      resolveProxy: noProxy,
    });
    await modes.start();
    const wrong = Array.from({ length: 32 }, () => 'AB').join(':');
    await expect(modes.connect({ url: t.server.url, caFingerprint: wrong })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('is not the one you confirmed'),
    });
    expect(existsSync(path.join(dir, APP_MODE_FILE))).toBe(false);
    await modes.close();
  });

  it('says plainly when nothing answers at the address', async () => {
    const url = new URL(t.server.url);
    url.port = '1';
    await expect(probeServer(url.origin, noProxy)).rejects.toThrow(
      /could not reach the Keyhold server at .*nothing answers there/,
    );
  });

  it('reads its settings file through a schema: a damaged one is an error naming the field', () => {
    const dir = freshUserData();
    const file = path.join(dir, APP_MODE_FILE);
    writeFileSync(
      file,
      JSON.stringify({ mode: 'client', url: 'http://plain.example', caCertPem: 'x', caFingerprint: 'AB' }),
    );
    expect(() => loadAppMode(file)).toThrow(/app-mode\.json: url: must be https/);
    writeFileSync(file, '{ nope');
    expect(() => loadAppMode(file)).toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ nope');
  });
});

/** A real HTTP CONNECT proxy on a free local port, recording what it was asked to reach. */
async function startConnectProxy(options: { refuse?: boolean } = {}) {
  const tunnels: string[] = [];
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  const sockets = new Set<net.Socket>();
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    tunnels.push(req.url ?? '');
    if (options.refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;
  return {
    port,
    tunnels,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('client mode behind a proxy (session.resolveProxy)', () => {
  it('reads Chromium proxy answers: PROXY, HTTPS and DIRECT in order; SOCKS and QUIC set aside', () => {
    expect(parseProxyAnswer('PROXY proxy.corp:3128; HTTPS [fd00::1]:443;DIRECT')).toEqual({
      routes: [
        { kind: 'proxy', scheme: 'http', host: 'proxy.corp', port: 3128 },
        { kind: 'proxy', scheme: 'https', host: 'fd00::1', port: 443 },
        { kind: 'direct' },
      ],
      unsupported: [],
    });
    expect(parseProxyAnswer('')).toEqual({ routes: [{ kind: 'direct' }], unsupported: [] });
    expect(parseProxyAnswer('SOCKS5 s:1080; QUIC q:443')).toEqual({
      routes: [],
      unsupported: ['SOCKS5 s:1080', 'QUIC q:443'],
    });
    expect(parseProxyAnswer('PROXY nohost; PROXY h:99999').routes).toEqual([]);
  });

  it('meets, pins and talks to the server through the CONNECT proxy the system names', async () => {
    const proxy = await startConnectProxy();
    try {
      const asked: string[] = [];
      const viaProxy: ResolveProxy = async (url) => {
        asked.push(url);
        return `PROXY 127.0.0.1:${proxy.port}`;
      };
      const server = new URL(t.server.url);
      const met = await probeServer(t.server.url, viaProxy);
      expect(met.caFingerprint).toBe(caFingerprintOf(t.server.caCertPem).fingerprint);
      const remote = createRemoteClient(t.server.url, t.server.caCertPem, viaProxy);
      const answer = await remote.call({ operation: 'status', input: {}, token: null, opNumber: null });
      await remote.close();
      expect(answer).toMatchObject({ ok: true });
      // Both went through the tunnel, to the server's address, after asking for the proxy of its URL.
      expect(proxy.tunnels).toEqual([server.host, server.host]);
      expect(asked).toEqual([`${server.origin}/`, `${server.origin}/`]);

      // The pinned CA is checked inside the tunnel as on a direct connection.
      const stranger = await createCertificateAuthority({ commonName: 'Proxy-side CA', validityDays: 30 });
      const pinnedElsewhere = createRemoteClient(t.server.url, stranger.certPem, viaProxy);
      const refused = await pinnedElsewhere.call({
        operation: 'status',
        input: {},
        token: null,
        opNumber: null,
      });
      await pinnedElsewhere.close();
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(proxy.tunnels).toHaveLength(3);
    } finally {
      await proxy.stop();
    }
  });

  it('falls back to the next entry as Chromium does, and names a proxy that refuses', async () => {
    const dead = await startConnectProxy();
    const deadPort = dead.port;
    await dead.stop();
    const fallback = createRemoteClient(
      t.server.url,
      t.server.caCertPem,
      async () => `PROXY 127.0.0.1:${deadPort}; DIRECT`,
    );
    expect(
      await fallback.call({ operation: 'status', input: {}, token: null, opNumber: null }),
    ).toMatchObject({
      ok: true,
    });
    await fallback.close();

    const refusing = await startConnectProxy({ refuse: true });
    try {
      const remote = createRemoteClient(
        t.server.url,
        t.server.caCertPem,
        async () => `PROXY 127.0.0.1:${refusing.port}`,
      );
      const result = await remote.call({ operation: 'status', input: {}, token: null, opNumber: null });
      await remote.close();
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(!result.ok && result.error.message).toMatch(
        new RegExp(`proxy 127\\.0\\.0\\.1:${refusing.port} refused .*status 403`),
      );
      expect(refusing.tunnels).toHaveLength(1);
    } finally {
      await refusing.stop();
    }
  });

  it('says so when the system names only a proxy it cannot speak (SOCKS)', async () => {
    await expect(probeServer(t.server.url, async () => 'SOCKS5 127.0.0.1:1080')).rejects.toThrow(
      /only proxies Keyhold cannot use .*SOCKS5 127\.0\.0\.1:1080/,
    );
  });
});

// The network settings against a real server: the listener moves live, a taken port refuses the change,
// not exposed means loopback only, bad values name their field, changes are audited, flags win.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient, KeyholdError, VaultSession } from '../client/index.ts';
import { type KeyholdServer, startKeyholdServer } from '../server/app.ts';
import { parseServeConfig } from '../server/config.ts';
import { ADMIN, addUser, kdf, UNSEAL_PASSPHRASE } from './support/test-server.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-network-'));
const webRoot = path.join(dataDir, 'web');
let server: KeyholdServer | null = null;
const agents: Agent[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function start(followSettings: { address: boolean; port: boolean }): Promise<KeyholdServer> {
  return startKeyholdServer({
    dataDir,
    port: 0,
    logLevel: 'silent',
    unsealKdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
    synchronous: 'normal',
    webRoot,
    followSettings,
  });
}

function agentFor(s: KeyholdServer, anyName = false): Agent {
  // The certificate names 127.0.0.1 and localhost; a probe of 127.0.0.2 asks only whether anything listens.
  const agent = new Agent({
    connect: { ca: s.caCertPem, ...(anyName && { checkServerIdentity: () => undefined }) },
  });
  agents.push(agent);
  return agent;
}

function clientAt(s: KeyholdServer, baseUrl: string): KeyholdClient {
  const agent = agentFor(s);
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return new KeyholdClient(createHttpsTransport({ baseUrl, fetch }));
}

/** The same session, carried to the listener's new address. */
function moved(s: KeyholdServer, from: KeyholdClient): KeyholdClient {
  const client = clientAt(s, s.url);
  const state = from.sessionState;
  if (state) client.resumeSession(state.token, state.opNumber);
  return client;
}

/** GET `path` on a fresh connection: the status code, or 'refused' when nothing listens there. */
async function probe(s: KeyholdServer, host: string, port: number, urlPath = '/v1/status') {
  const agent = agentFor(s, true);
  try {
    const response = await undiciFetch(`https://${host}:${port}${urlPath}`, { dispatcher: agent });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return 'refused';
    throw error;
  } finally {
    await agent.close();
  }
}

async function refusal(promise: Promise<unknown>): Promise<KeyholdError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KeyholdError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

let admin: KeyholdClient;
let moderator: KeyholdClient;
let firstPort: number;

beforeAll(async () => {
  mkdirSync(webRoot);
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Keyhold</title>');
  // A server started with fixed --host/--port: initialised, a moderator added, the port saved.
  server = await start({ address: false, port: false });
  const setup = clientAt(server, server.url);
  await VaultSession.initialize(setup, {
    unseal: { method: 'passphrase', passphrase: UNSEAL_PASSPHRASE },
    admin: ADMIN,
    kdf,
  });
  const session = await VaultSession.login(
    clientAt(server, server.url),
    ADMIN.username,
    ADMIN.password,
    'cli',
  );
  const harness = {
    client: () => clientAt(server as KeyholdServer, (server as KeyholdServer).url),
  };
  await addUser(harness as Parameters<typeof addUser>[0], session, 'mod', 'moderator');
  firstPort = await freePort();
  const startPort = server.port;
  await session.client.request('updateSettings', { patch: { network: { port: firstPort } } });
  // The flags pinned both: the setting is saved, the listener stays where the flags put it.
  await server.network.settled();
  expect(server.port).toBe(startPort);
  expect(await session.client.request('getNetworkStatus', {})).toMatchObject({
    pinned: { address: true, port: true },
    listener: { address: '127.0.0.1', port: startPort },
  });
  await server.close();
  server = null;
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close().catch(() => undefined)));
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('network settings, applied live', () => {
  it('sealed, the server listens where it started and gives out its CA; unsealed, it moves where the settings say', async () => {
    server = await start({ address: true, port: true });
    const startPort = server.port;
    expect(startPort).not.toBe(firstPort);
    const anonymous = clientAt(server, server.url);
    const ca = await anonymous.request('getServerCa', {});
    expect(ca.caCertPem).toBe(server.caCertPem);
    expect(ca.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i);

    await anonymous.request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    await server.network.settled();
    expect(server.port).toBe(firstPort);
    expect(await probe(server, '127.0.0.1', firstPort)).toBe(200);
    expect(await probe(server, '127.0.0.1', startPort)).toBe('refused');

    const session = await VaultSession.login(
      clientAt(server, server.url),
      ADMIN.username,
      ADMIN.password,
      'cli',
    );
    admin = session.client;
    const mod = await VaultSession.login(clientAt(server, server.url), 'mod', 'mod password 123', 'cli');
    moderator = mod.client;
  });

  it('a port change moves the listener without a restart: the old port stops answering, the new one answers', async () => {
    const s = server as KeyholdServer;
    const next = await freePort();
    const saved = await admin.request('updateSettings', { patch: { network: { port: next } } });
    expect(saved.network.port).toBe(next);
    await s.network.settled();
    expect(await probe(s, '127.0.0.1', next)).toBe(200);
    expect(await probe(s, '127.0.0.1', firstPort)).toBe('refused');
    admin = moved(s, admin);
    moderator = moved(s, moderator);
    expect((await admin.request('getNetworkStatus', {})).listener).toMatchObject({
      address: '127.0.0.1',
      port: next,
      url: `https://127.0.0.1:${next}`,
    });
  });

  it('a port in use refuses the change, naming the port, and nothing changes', async () => {
    const s = server as KeyholdServer;
    const before = await admin.request('getSettings', {});
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    try {
      const error = await refusal(
        admin.request('updateSettings', {
          patch: { network: { port: taken }, secrets: { versionsToKeep: 3 } },
        }),
      );
      expect(error.code).toBe('conflict');
      expect(error.field).toBe('patch.network.port');
      expect(error.message).toContain(`port ${taken} is already in use`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    expect(await admin.request('getSettings', {})).toEqual(before);
    expect(await probe(s, '127.0.0.1', before.network.port)).toBe(200);
  });

  it('not exposed listens on loopback only; exposed on 0.0.0.0 answers other addresses too', async () => {
    const s = server as KeyholdServer;
    const { port } = (await admin.request('getSettings', {})).network;
    // All of 127.0.0.0/8 is this computer; a listener bound to 127.0.0.1 does not answer 127.0.0.2.
    expect(await probe(s, '127.0.0.2', port)).toBe('refused');
    await admin.request('updateSettings', { patch: { network: { exposed: true, address: '0.0.0.0' } } });
    await s.network.settled();
    expect(await probe(s, '127.0.0.2', port)).toBe(200);
    admin = moved(s, admin);
    moderator = moved(s, moderator);
    expect((await admin.request('getNetworkStatus', {})).listener?.address).toBe('0.0.0.0');
    await admin.request('updateSettings', { patch: { network: { exposed: false } } });
    await s.network.settled();
    expect(await probe(s, '127.0.0.2', port)).toBe('refused');
    expect(await probe(s, '127.0.0.1', port)).toBe(200);
    admin = moved(s, admin);
    moderator = moved(s, moderator);
  });

  it('an invalid port or address is refused with its field named, and nothing changes', async () => {
    const before = await admin.request('getSettings', {});
    for (const [network, field, words] of [
      [{ port: 0 }, 'patch.network.port', 'from 1 to 65535'],
      [{ port: 65536 }, 'patch.network.port', 'from 1 to 65535'],
      [{ port: 80.5 }, 'patch.network.port', 'whole number'],
      [{ address: 'example.com' }, 'patch.network.address', 'IP address'],
      [{ exposed: true, address: '192.0.2.7' }, 'patch.network.address', 'not an address of this computer'],
    ] as const) {
      const error = await refusal(admin.request('updateSettings', { patch: { network } }));
      expect(error.field, JSON.stringify(network)).toBe(field);
      expect(error.message, JSON.stringify(network)).toContain(words);
    }
    expect(await admin.request('getSettings', {})).toEqual(before);
  });

  it('the web UI turns off and on live; the API answers either way', async () => {
    const s = server as KeyholdServer;
    const { port } = (await admin.request('getSettings', {})).network;
    expect(await probe(s, '127.0.0.1', port, '/')).toBe(200);
    await admin.request('updateSettings', { patch: { network: { webUi: false } } });
    expect(await probe(s, '127.0.0.1', port, '/')).toBe(404);
    expect(await probe(s, '127.0.0.1', port, '/v1/status')).toBe(200);
    await admin.request('updateSettings', { patch: { network: { webUi: true } } });
    expect(await probe(s, '127.0.0.1', port, '/')).toBe(200);
  });

  it('a moderator can neither change the network settings nor read them, and each refusal is audited', async () => {
    const before = await admin.request('getSettings', {});
    const port = await freePort();
    const error = await refusal(moderator.request('updateSettings', { patch: { network: { port } } }));
    expect(error.code).toBe('forbidden');
    expect((await refusal(moderator.request('getNetworkStatus', {}))).code).toBe('forbidden');
    expect(await admin.request('getSettings', {})).toEqual(before);
    expect(await probe(server as KeyholdServer, '127.0.0.1', port)).toBe('refused');
  });

  it('every change is audited: the saved ones, the refused port and the moderator', async () => {
    const { entries } = await admin.request('listAudit', { operation: 'updateSettings', limit: 50 });
    const outcomes = entries.map((e) => `${e.userName}:${e.status}:${e.code ?? ''}`);
    expect(outcomes).toContain('mod:denied:forbidden');
    const adminName = ADMIN.displayName;
    expect(outcomes).toContain(`${adminName}:denied:conflict`);
    expect(outcomes.filter((o) => o === `${adminName}:denied:bad_request`)).toHaveLength(5);
    // The port saved while pinned, the move, exposure on and off, the web UI off and on.
    expect(outcomes.filter((o) => o === `${adminName}:ok:`)).toHaveLength(6);
  });
});

describe('precedence at start', () => {
  it('a port or host given by flag or environment is pinned; what is left open follows the settings', () => {
    expect(parseServeConfig([], {}).pinned).toEqual({ address: false, port: false });
    expect(parseServeConfig(['--port', '8443'], {}).pinned).toEqual({ address: false, port: true });
    expect(parseServeConfig([], { KEYHOLD_HOST: '0.0.0.0' }).pinned).toEqual({ address: true, port: false });
  });
});

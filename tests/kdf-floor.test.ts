// Issue 17 §2: a hostile server cannot weaken end-to-end encryption. Clients refuse KDF parameters below
// the floor (Argon2id 64 MiB, 3 passes) before deriving or sending anything; the server refuses to store
// a verifier made with weaker ones; only tests can lower the floor, and a production bundle cannot.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCredentials } from '../client/credentials.ts';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../client/index.ts';
import { KDF_FLOOR } from '../contract/index.ts';
import { kdfTestSwitch } from '../contract/kdf-test-switch.ts';
import { initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

const WEAK = { algorithm: 'argon2id', memoryKiB: 19_456, iterations: 2, parallelism: 1 } as const;

/** Runs `fn` with the production floor in force (the suite's setup file lowers it for every test). */
async function withProductionFloor<T>(fn: () => Promise<T>): Promise<T> {
  kdfTestSwitch.lowered = false;
  try {
    return await fn();
  } finally {
    kdfTestSwitch.lowered = true;
  }
}

/** A tiny real HTTPS server that speaks pre-login as a hostile server would, and records every call. */
interface StandIn {
  url: string;
  calls: { operation: string; body: string }[];
  client(): KeyholdClient;
  close(): Promise<void>;
}

let dir: string;
let cert: { key: string; cert: string };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-standin-'));
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  cert = {
    key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startStandIn(kdf: object): Promise<StandIn> {
  const calls: StandIn['calls'] = [];
  const server: Server = createServer(cert, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const operation = decodeURIComponent(req.url?.replace(/^\/v1\/op\//, '') ?? '');
      calls.push({ operation, body });
      res.setHeader('content-type', 'application/json');
      const answer =
        operation === 'prelogin'
          ? { ok: true, value: { salt: Buffer.alloc(16, 7).toString('base64'), kdf } }
          : { ok: false, error: { code: 'internal', message: 'the stand-in only speaks pre-login' } };
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `https://127.0.0.1:${address.port}`;
  const agent = new Agent({ connect: { ca: cert.cert } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return {
    url,
    calls,
    client: () => new KeyholdClient(createHttpsTransport({ baseUrl: url, fetch })),
    close: async () => {
      await agent.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let standIn: StandIn | undefined;
let t: TestServer | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  await t?.stop();
  t = undefined;
});

describe('KDF floor', () => {
  it('is Argon2id 64 MiB and 3 passes', () => {
    expect(KDF_FLOOR).toEqual({ memoryKiB: 65_536, iterations: 3 });
  });

  it('a client refuses a server offering weak parameters before deriving or sending anything', async () => {
    for (const kdf of [WEAK, { ...WEAK, memoryKiB: 65_536, iterations: 1 }, TEST_KDF_PARAMS]) {
      standIn = await startStandIn(kdf);
      const refused = await withProductionFloor(() =>
        VaultSession.login(standIn?.client() as KeyholdClient, 'alice', 'alice password 123', 'cli'),
      ).catch((e: { code?: string; message?: string }) => e);
      expect(refused).toMatchObject({ code: 'kdf_too_weak' });
      expect((refused as Error).message).toMatch(/below the floor/);
      // Only the pre-login question reached the server: no authentication hash, no login.
      expect(standIn.calls.map((c) => c.operation)).toEqual(['prelogin']);
      expect(standIn.calls.some((c) => c.body.includes('authHash'))).toBe(false);
      await standIn.close();
      standIn = undefined;
    }
  });

  it('the same client signs in when the server offers parameters at the floor', async () => {
    standIn = await startStandIn({ algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 1 });
    const refused = await withProductionFloor(() =>
      VaultSession.login(standIn?.client() as KeyholdClient, 'alice', 'alice password 123', 'cli'),
    ).catch((e: { code?: string }) => e);
    // It derived and sent the login, which the stand-in refuses: the floor let it through.
    expect(refused).toMatchObject({ code: 'internal' });
    expect(standIn.calls.map((c) => c.operation)).toEqual(['prelogin', 'login']);
  });

  it('a client refuses to make credentials with weak parameters (enrollment, password change)', async () => {
    await withProductionFloor(async () => {
      await expect(makeCredentials('a password', WEAK)).rejects.toMatchObject({ code: 'kdf_too_weak' });
    });
  });

  it('the server refuses to store a verifier made with weak parameters, and audits the refusal', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { enrollmentCode } = await admin.client.request('createUser', {
      username: 'mallory',
      displayName: 'M',
      role: 'user',
    });
    // Made while the floor is lowered, as a hostile or broken client would, then sent with the floor up.
    const { credentials } = await makeCredentials('mallory password 1', WEAK);
    const server = t;
    const answer = await withProductionFloor(() =>
      server.client().call('enroll', { username: 'mallory', code: enrollmentCode, credentials }),
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'credentials.kdf.memoryKiB' },
    });
    const setting = await withProductionFloor(() =>
      admin.client.call('updateSettings', { patch: { kdf: { ...WEAK, memoryKiB: 65_536 } } }),
    );
    expect(setting).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'patch.kdf.iterations' },
    });
    const audit = await admin.client.request('listAudit', { status: 'denied', limit: 20 });
    expect(audit.entries.map((e) => [e.operation, e.code])).toEqual(
      expect.arrayContaining([
        ['enroll', 'bad_request'],
        ['updateSettings', 'bad_request'],
      ]),
    );
    // Nothing was stored: the user is still waiting to enroll.
    const users = await admin.client.request('listUsers', { query: 'mallory' });
    expect(users.users[0]).toMatchObject({ username: 'mallory', enrolled: false });
  });

  it('a production bundle keeps the floor even when the test switch is thrown', async () => {
    const out = path.join(dir, 'floor-bundle.mjs');
    await build({
      stdin: {
        contents: `
          import { lowerKdfFloorForTests } from './contract/kdf-test-switch.ts';
          import { kdfBelowFloor } from './contract/kdf-floor.ts';
          lowerKdfFloorForTests();
          export const verdict = kdfBelowFloor({ memoryKiB: 1024, iterations: 1 });`,
        resolveDir: path.resolve(import.meta.dirname, '..'),
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: out,
      // What scripts/build-renderer.mjs and build-electron.mjs define for every shipped bundle.
      define: { KEYHOLD_KDF_FLOOR_BUILD: '"production"' },
      logLevel: 'silent',
    });
    const { verdict } = (await import(pathToFileURL(out).href)) as { verdict: string | null };
    expect(verdict).toMatch(/below the floor of 65536 KiB/);
  });
});

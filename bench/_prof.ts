import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { createHttpsTransport, e2e, KeyholdClient, VaultSession } from '/work/main/client/index.ts';
import { startKeyholdServer } from '/work/main/server/app.ts';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kp-'));
const server = await startKeyholdServer({ dataDir, port: 0, logLevel: 'warn', logDestination: { write: () => undefined }, synchronous: 'full' });
const agent = new Agent({ connect: { ca: server.caCertPem } });
const fetch = ((i: string | URL, init?: RequestInit) => undiciFetch(i, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
const client = new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch }));
const kdf = e2e.TEST_KDF_PARAMS;
await VaultSession.initialize(client, { unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' }, admin: { username: 'aa-admin', displayName: 'A', password: 'pw pw pw pw 123' }, kdf });
const vault = await VaultSession.login(client, 'aa-admin', 'pw pw pw pw 123', 'cli');
const { id } = await vault.createSecret({ name: 'hot', type: 'api_key', payload: { value: 'x' } });
const pre = await client.request('prelogin', { username: 'aa-admin' });
const keys = await e2e.deriveLoginKeys('pw pw pw pw 123', e2e.fromBase64(pre.salt), pre.kdf);
const { token } = await client.request('login', { username: 'aa-admin', authHash: e2e.toBase64(keys.authHash), clientKind: 'cli' });
let op = 0;
const N = 3000;
const t0 = performance.now();
await Promise.all(Array.from({ length: 16 }, async () => {
  while (op < N) {
    const r = await server.monitor.dispatch({ token, opNumber: ++op, address: '127.0.0.1', port: 0, transport: 'internal' }, 'readSecret', { id });
    if (!r.ok) throw new Error(r.error.message);
  }
}));
console.log('in-process reads/s', (N / ((performance.now() - t0) / 1000)).toFixed(0));
await server.close(); await agent.close();

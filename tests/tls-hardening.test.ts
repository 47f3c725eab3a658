// TLS against a real server, checked with the real OpenSSL: only forward-secret AEAD suites on TLS 1.2,
// a CRL that `openssl crl` and `openssl verify -crl_check` read, client certificates refused on every
// route (the web UI and the OpenAPI document too) with the CRL and CA kept public, and the
// "require a client certificate" setting applied live.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../client/index.ts';
import { createCertificateAuthority } from '../server/certificates/certificate-authority.ts';
import { issueClientCertificate } from '../server/certificates/issuing.ts';
import { importSigningKeyPem } from '../server/certificates/pem.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

const run = promisify(execFile);
const DAY = 86_400_000;
const work = mkdtempSync(path.join(os.tmpdir(), 'keyhold-tls-hardening-'));
const webRoot = path.join(work, 'web');
let t: TestServer;
let admin: VaultSession;
/** The server's clock runs this far from the real one (to issue a certificate that has expired since). */
let clockOffset = 0;
const agents: Agent[] = [];

interface Identity {
  cert: string;
  key: string;
}
let good: Identity & { serial: string };
let revoked: Identity & { serial: string };
let expired: Identity & { serial: string };
let foreign: Identity;

beforeAll(async () => {
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Keyhold</title>');
  t = await startTestServer({ now: () => new Date(Date.now() + clockOffset), webRoot });
  admin = await initAndLoginAdmin(t);
  const issue = async (commonName: string) => {
    const issued = await admin.client.request('issueClientCertificate', { commonName, validityDays: 30 });
    return { cert: issued.certPem, key: issued.keyPem, serial: issued.certificate.serial };
  };
  good = await issue('good-machine');
  revoked = await issue('revoked-machine');
  await admin.client.request('revokeCertificate', { serial: revoked.serial, reason: 'keyCompromise' });
  clockOffset = -400 * DAY;
  expired = await issue('expired-machine');
  clockOffset = 0;
  admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
  const other = await createCertificateAuthority({ commonName: 'Someone Else CA', validityDays: 30 });
  const intruder = await issueClientCertificate(
    { serial: 'x', certPem: other.certPem, key: await importSigningKeyPem(other.keyPem) },
    { commonName: 'intruder', validityDays: 30, now: new Date() },
  );
  foreign = { cert: intruder.certPem, key: intruder.keyPem };
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A fetch over connections that present `identity` (or no certificate at all). */
function fetchAs(identity?: Identity): typeof fetch {
  const agent = new Agent({ connect: { ca: t.server.caCertPem, ...identity } });
  agents.push(agent);
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
}

function clientAs(identity?: Identity): KeyholdClient {
  return new KeyholdClient(createHttpsTransport({ baseUrl: t.server.url, fetch: fetchAs(identity) }));
}

/** Status and error code of a GET. */
async function get(fetcher: typeof fetch, route: string): Promise<{ status: number; code: string | null }> {
  const response = await fetcher(`${t.server.url}${route}`);
  const text = await response.text();
  const code = response.headers.get('content-type')?.includes('json')
    ? ((JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null)
    : null;
  return { status: response.status, code };
}

/** The newest audit rows, read straight from the database. */
function newestAudit(limit: number) {
  return t.sql<{ operation: string; status: string; code: string | null; target: string | null }>(
    'select operation, status, code, target from audit order by seq desc limit ?',
    limit,
  );
}

/** `openssl s_client` negotiating TLS 1.2 with one cipher suite: the suite agreed, or null when refused. */
function negotiate(cipher: string): Promise<string | null> {
  const args = ['s_client', '-connect', `127.0.0.1:${t.server.port}`, '-tls1_2', '-cipher', cipher, '-brief'];
  return new Promise((resolve, reject) => {
    // stdin is /dev/null, so s_client closes the connection as soon as the handshake is over.
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(/Ciphersuite: (\S+)/.exec(output)?.[1] ?? null));
  });
}

describe('TLS cipher suites (openssl s_client)', () => {
  it('refuse CBC with SHA-1, static RSA and CCM8 on TLS 1.2, and agree ECDHE with AES-GCM or ChaCha20', async () => {
    for (const weak of ['AES128-SHA', 'AES256-SHA', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES128-CCM8']) {
      expect(await negotiate(weak), weak).toBeNull();
    }
    for (const strong of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305']) {
      expect(await negotiate(strong), strong).toBe(strong);
    }
  });

  it('keep the policy after the server certificate is renewed live', async () => {
    await admin.client.request('renewServerCertificate', { validityDays: 90 });
    expect(await negotiate('AES128-SHA')).toBeNull();
    expect(await negotiate('ECDHE-ECDSA-AES256-GCM-SHA384')).toBe('ECDHE-ECDSA-AES256-GCM-SHA384');
  });
});

describe('the CRL, read by OpenSSL', () => {
  it('is an X509 CRL that `openssl crl` prints and `openssl verify -crl_check` uses to refuse the revoked one', async () => {
    const response = await fetchAs()(`${t.server.url}/v1/crl.pem`);
    expect(response.status).toBe(200);
    const crl = await response.text();
    expect(crl.startsWith('-----BEGIN X509 CRL-----\n')).toBe(true);
    const files = {
      crl: path.join(work, 'crl.pem'),
      ca: path.join(work, 'ca.pem'),
      revoked: path.join(work, 'revoked.pem'),
      good: path.join(work, 'good.pem'),
    };
    writeFileSync(files.crl, crl);
    writeFileSync(files.ca, t.server.caCertPem);
    writeFileSync(files.revoked, revoked.cert);
    writeFileSync(files.good, good.cert);
    // The README's own command.
    const printed = await run('openssl', ['crl', '-in', files.crl, '-noout', '-text']);
    expect(printed.stdout).toContain('Certificate Revocation List');
    expect(printed.stdout).toContain(`Serial Number: ${revoked.serial.toUpperCase()}`);
    expect(printed.stdout).toContain('Key Compromise');
    const verify = (file: string) =>
      run('openssl', ['verify', '-crl_check', '-CAfile', files.ca, '-CRLfile', files.crl, file]).then(
        ({ stdout }) => stdout,
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
    expect(await verify(files.good)).toMatch(/: OK/);
    expect(await verify(files.revoked)).toMatch(/certificate revoked/);
  });
});

describe('a refused client certificate', () => {
  it('is refused on every route, the web UI and the OpenAPI document included, and audited', async () => {
    const cases = [
      { name: 'revoked', identity: revoked, serial: revoked.serial, code: 'certificate_revoked' },
      { name: 'expired', identity: expired, serial: expired.serial, code: 'certificate_refused' },
      { name: 'foreign', identity: foreign, serial: null, code: 'certificate_refused' },
    ];
    for (const { name, identity, serial, code } of cases) {
      const fetcher = fetchAs(identity);
      for (const route of ['/', '/index.html', '/v1/openapi.json', '/v1/status', '/metrics', '/nowhere']) {
        expect(await get(fetcher, route), `${name} ${route}`).toEqual({
          status: 403,
          code: 'certificate_refused',
        });
      }
      // The first refusal of its kind this minute is audited with whose certificate it was.
      const entries = await t.sql<{ operation: string; target: string | null }>(
        "select operation, target from audit where status = 'denied' and code = ? order by seq",
        code,
      );
      expect(entries.map((e) => e.operation)).toEqual(expect.arrayContaining(['web-ui', 'openapi']));
      if (serial) expect(entries.map((e) => e.target)).toContain(`certificate ${serial}`);
      // The CRL stays public: a holder can see why.
      expect(await get(fetcher, '/v1/crl.pem'), `${name} crl`).toEqual({ status: 200, code: null });
    }
  });

  it('a good certificate, or none, is served everywhere', async () => {
    for (const fetcher of [fetchAs(good), fetchAs()]) {
      for (const route of ['/', '/v1/openapi.json', '/v1/status', '/v1/crl.pem', '/v1/tls/ca']) {
        expect((await get(fetcher, route)).status, route).toBe(200);
      }
    }
  });
});

describe('the "require a client certificate" network setting', () => {
  it('refuses bad values by field and changes nothing', async () => {
    for (const [patch, field] of [
      [{ requireClientCertificate: 'yes' }, 'patch.network.requireClientCertificate'],
      [{ maxConnections: 3 }, 'patch.network.maxConnections'],
      [{ maxConnectionsPerAddress: 1.5 }, 'patch.network.maxConnectionsPerAddress'],
    ] as const) {
      const result = await admin.client.call('updateSettings', { patch: { network: patch as never } });
      expect(result, JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field },
      });
    }
    const settings = await admin.client.request('getSettings', {});
    expect(settings.network).toMatchObject({
      requireClientCertificate: false,
      maxConnections: 1024,
      maxConnectionsPerAddress: 128,
    });
  });

  it('turned on, refuses clients without a certificate on every route but the CRL and the CA, live; off again, serves them', async () => {
    // The administrator signs in over a connection presenting a good certificate, to turn it off again.
    const machineAdmin = await VaultSession.login(clientAs(good), ADMIN.username, ADMIN.password, 'cli');
    await admin.client.request('updateSettings', { patch: { network: { requireClientCertificate: true } } });
    const [saved] = await newestAudit(1);
    expect(saved).toMatchObject({ operation: 'updateSettings', status: 'ok' });

    const bare = fetchAs();
    for (const route of ['/', '/v1/openapi.json', '/nowhere', '/v1/status']) {
      expect(await get(bare, route), route).toEqual({ status: 403, code: 'certificate_refused' });
    }
    const [entry] = await newestAudit(1);
    expect(entry).toMatchObject({ operation: 'status', status: 'denied', code: 'certificate_required' });
    // The uniform form the Keyhold clients use is refused the same way.
    expect(await clientAs().call('status', {})).toMatchObject({
      ok: false,
      error: { code: 'certificate_refused' },
    });
    for (const route of ['/v1/crl.pem', '/v1/tls/ca', '/v1/ca']) {
      expect((await get(bare, route)).status, route).toBe(200);
    }
    expect((await clientAs().call('getServerCa', {})).ok).toBe(true);
    // The session opened without a certificate is refused too: the requirement is on the connection.
    expect(await admin.client.call('getSettings', {})).toMatchObject({
      ok: false,
      error: { code: 'certificate_refused' },
    });
    // A machine with a good certificate carries on; a revoked one is still refused.
    expect((await get(fetchAs(good), '/v1/status')).status).toBe(200);
    expect((await get(fetchAs(good), '/')).status).toBe(200);
    expect(await get(fetchAs(revoked), '/v1/status')).toEqual({ status: 403, code: 'certificate_refused' });

    await machineAdmin.client.request('updateSettings', {
      patch: { network: { requireClientCertificate: false } },
    });
    expect((await get(bare, '/v1/status')).status).toBe(200);
    expect((await get(bare, '/')).status).toBe(200);
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from './certificate-authority.ts';
import { loadOrCreateTlsMaterial, type TlsMaterial } from './tls-material.ts';

let dir: string;
let material: TlsMaterial;
let server: https.Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-tls-'));
  ({ material } = await loadOrCreateTlsMaterial(dir));
  server = https.createServer(
    { key: material.serverKeyPem, cert: material.serverCertPem, minVersion: 'TLSv1.2' },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(host: string, options: https.RequestOptions): Promise<string> {
  return new Promise((resolve) => {
    const req = https.request(
      { host: '127.0.0.1', servername: host === '127.0.0.1' ? undefined : host, port, path: '/', ...options },
      (res) => {
        res.resume();
        res.on('end', () => resolve(`status ${res.statusCode}`));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe('the server certificate made at first start', () => {
  it('is trusted through the CA for localhost and 127.0.0.1', async () => {
    expect(await get('127.0.0.1', { ca: material.caCertPem })).toBe('status 200');
    expect(await get('localhost', { ca: material.caCertPem, headers: { host: 'localhost' } })).toBe(
      'status 200',
    );
  });

  it('is refused by a client that does not trust the CA', async () => {
    expect(await get('127.0.0.1', {})).toMatch(/CERT|SELF_SIGNED|UNABLE/);
  });

  it('cannot be used with TLS below 1.2', async () => {
    expect(
      await get('127.0.0.1', { ca: material.caCertPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }),
    ).not.toBe('status 200');
  });

  it('names localhost and the loopback addresses, for 825 days', () => {
    const info = describeCertificate(material.serverCertPem);
    expect(info.dnsNames).toContain('localhost');
    expect(info.ipAddresses).toEqual(expect.arrayContaining(['127.0.0.1']));
    const days = (info.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(823);
    expect(days).toBeLessThan(826);
    expect(info.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('is loaded, not remade, the next time; the key file is private and the CA key is not on disk', async () => {
    const again = await loadOrCreateTlsMaterial(dir);
    expect(again.created).toBe(false);
    expect(again.material.serverCertPem).toBe(material.serverCertPem);
    expect(again.material.caKeyPem).toBeNull();
    expect(statSync(path.join(dir, 'tls', 'server-key.pem')).mode & 0o777).toBe(0o600);
    expect(material.caKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  });
});

// The certificate pieces on their own: a brought server certificate's checks, the CRL, serials, PKCS#12 refusals.
import { describe, expect, it } from 'vitest';
import { OpError } from '../errors.ts';
import { createCertificateAuthority } from './certificate-authority.ts';
import type { CertificateAuthority } from './certificates-repo.ts';
import { buildCrl } from './crl.ts';
import { checkReplacement, issueClientCertificate, issueServerCertificate } from './issuing.ts';
import { importSigningKeyPem, leafPem, normalizeSerial, randomSerial } from './pem.ts';
import { buildPkcs12, openPkcs12 } from './pkcs12.ts';
import { x509 } from './x509.ts';

const DAY = 86_400_000;

async function authority(): Promise<CertificateAuthority> {
  const pair = await createCertificateAuthority({ commonName: 'Unit CA', validityDays: 3650 });
  return { serial: 'ca', certPem: pair.certPem, key: await importSigningKeyPem(pair.keyPem) };
}

function refusal(fn: () => unknown): OpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a server certificate an administrator brings', () => {
  const names = { dnsNames: ['vault.test'], ipAddresses: ['127.0.0.1'], validityDays: 30 };

  it('is taken when it parses, its key matches, it is valid now and names a host; the chain is re-encoded', async () => {
    const ca = await authority();
    const mine = await issueServerCertificate(ca, { ...names, now: new Date() });
    const checked = checkReplacement(
      `junk before\n${mine.certPem}\nbetween\n${ca.certPem}`,
      mine.keyPem,
      new Date(),
    );
    expect(checked.chainPem).not.toContain('junk');
    expect(checked.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(leafPem(checked.chainPem)).toBe(checked.leafPem);
  });

  it('is refused, naming the field, when expired, not yet valid, naming no host, or with another key', async () => {
    const ca = await authority();
    const now = new Date();
    const old = await issueServerCertificate(ca, { ...names, now: new Date(now.getTime() - 60 * DAY) });
    expect(refusal(() => checkReplacement(old.certPem, old.keyPem, now))).toMatchObject({
      code: 'bad_request',
      field: 'certPem',
      message: expect.stringMatching(/expired/),
    });
    const future = await issueServerCertificate(ca, { ...names, now: new Date(now.getTime() + 2 * DAY) });
    expect(refusal(() => checkReplacement(future.certPem, future.keyPem, now)).message).toMatch(
      /not valid yet/,
    );
    const client = await issueClientCertificate(ca, { commonName: 'no-host', validityDays: 5, now });
    expect(refusal(() => checkReplacement(client.certPem, client.keyPem, now)).message).toMatch(
      /names no host/,
    );
    const other = await issueServerCertificate(ca, { ...names, now });
    expect(refusal(() => checkReplacement(other.certPem, client.keyPem, now))).toMatchObject({
      field: 'keyPem',
    });
    expect(refusal(() => checkReplacement(other.certPem, 'not a key', now))).toMatchObject({
      field: 'keyPem',
    });
  });
});

describe('the revocation list', () => {
  it('lists each serial with its reason and date, and verifies under the CA', async () => {
    const ca = await authority();
    const at = '2026-01-02T03:04:05.000Z';
    const pem = await buildCrl(
      ca,
      [
        { serial: '1a2b3c', revokedAt: at, reason: 'keyCompromise' },
        { serial: '4d5e6f', revokedAt: at, reason: 'cessationOfOperation' },
      ],
      new Date(),
    );
    const crl = new x509.X509Crl(pem);
    expect(await crl.verify({ publicKey: new x509.X509Certificate(ca.certPem).publicKey })).toBe(true);
    expect(crl.entries.map((e) => [e.serialNumber, e.reason, e.revocationDate.toISOString()])).toEqual([
      ['1a2b3c', x509.X509CrlReason.keyCompromise, at],
      ['4d5e6f', x509.X509CrlReason.cessationOfOperation, at],
    ]);
    expect((crl.nextUpdate?.getTime() ?? 0) - crl.thisUpdate.getTime()).toBe(7 * DAY);
  });
});

describe('serial numbers', () => {
  it('are 128-bit, positive and compare the way OpenSSL prints them', () => {
    const serials = new Set(Array.from({ length: 200 }, randomSerial));
    expect(serials.size).toBe(200);
    for (const s of serials) expect(s).toMatch(/^[1-7][0-9a-f]{31}$/);
    expect(normalizeSerial('00AB12')).toBe('ab12');
  });
});

describe('PKCS#12', () => {
  it('refuses a wrong password and a tampered bundle', async () => {
    const ca = await authority();
    const client = await issueClientCertificate(ca, { commonName: 'p12', validityDays: 5, now: new Date() });
    const bundle = await buildPkcs12(client.certPem, client.keyPem, 'right password');
    await expect(openPkcs12(bundle, 'wrong password')).rejects.toThrow();
    const tampered = bundle.slice();
    tampered[tampered.length - 40] = (tampered[tampered.length - 40] ?? 0) ^ 1;
    await expect(openPkcs12(tampered, 'right password')).rejects.toThrow();
    const opened = await openPkcs12(bundle, 'right password');
    expect(Buffer.from(opened.certDer)).toEqual(
      Buffer.from(new x509.X509Certificate(client.certPem).rawData),
    );
  });
});

// Certificates against a real server over real TLS: client certificates accepted, revoked, expired or foreign
// ones refused (and audited), the CRL, the server certificate renewed and replaced live, PKCS#12, who may do what.
import { X509Certificate as NodeX509 } from 'node:crypto';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpsTransport,
  KeyholdClient,
  VaultSession as Session,
  type VaultSession,
} from '../client/index.ts';
import {
  createCertificateAuthority,
  issueServerCertificate,
} from '../server/certificates/certificate-authority.ts';
import { certificateStatus } from '../server/certificates/certificate-view.ts';
import { issueClientCertificate } from '../server/certificates/issuing.ts';
import { importSigningKeyPem } from '../server/certificates/pem.ts';
import { openPkcs12 } from '../server/certificates/pkcs12.ts';
import { x509 } from '../server/certificates/x509.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

const DAY = 86_400_000;
let t: TestServer;
let admin: VaultSession;
let mod: VaultSession;
let plain: VaultSession;
/** The server's clock runs this far from the real one (the expired-certificate test moves it back). */
let clockOffset = 0;
const agents: Agent[] = [];

beforeAll(async () => {
  t = await startTestServer({ now: () => new Date(Date.now() + clockOffset) });
  admin = await initAndLoginAdmin(t);
  mod = (await addUser(t, admin, 'molly', 'moderator')).session;
  plain = (await addUser(t, admin, 'pete')).session;
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  console.log(
    t
      .logText()
      .split('\n')
      .filter((l) => l.includes('failed'))
      .join('\n'),
  );
  await t?.stop();
});

/** A client of the server presenting a client certificate (or PKCS#12 bundle) on its TLS connections. */
function clientPresenting(identity: { cert: string; key: string } | { pfx: Buffer; passphrase: string }) {
  const agent = new Agent({ connect: { ca: t.server.caCertPem, ...identity } });
  agents.push(agent);
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return new KeyholdClient(createHttpsTransport({ baseUrl: t.server.url, fetch }));
}

/** The newest audit entry for an operation, as an administrator reads it. */
async function lastAudit(operation: string) {
  const { entries } = await admin.client.request('listAudit', { operation, limit: 1 });
  return entries[0];
}

/** The serial of the certificate the server presents on a new TLS connection. */
function servedCertificate(options: { ca: string; servername?: string }): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: t.server.port, ...options }, () => {
      const peer = socket.getPeerCertificate();
      socket.end();
      resolve(peer);
    });
    socket.on('error', reject);
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

describe('client certificates (mutual TLS)', () => {
  it('are issued once with their key, accepted on the next connection, and listed with their status', async () => {
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'ci-runner, O=Evil',
      validityDays: 90,
    });
    expect(issued.keyPem).toMatch(/BEGIN PRIVATE KEY/);
    expect(issued.pkcs12Base64).toBeNull();
    const cert = new NodeX509(issued.certPem);
    // The comma stayed inside the common name: no second O= was smuggled into the subject.
    expect(cert.subject).toContain('CN=ci-runner\\, O=Evil');
    expect(cert.subject.match(/^O=/gm)).toEqual(['O=']);
    expect(cert.checkIssued(new NodeX509(t.server.caCertPem))).toBe(true);
    expect(issued.certificate).toMatchObject({
      kind: 'client',
      status: 'valid',
      commonName: 'ci-runner, O=Evil',
    });

    const machine = clientPresenting({ cert: issued.certPem, key: issued.keyPem });
    expect((await machine.call('status', {})).ok).toBe(true);

    const { certificates } = await admin.client.request('listCertificates', {});
    const listed = certificates.find((c) => c.serial === issued.certificate.serial);
    expect(listed).toMatchObject({ status: 'valid', revokedAt: null });
    // The key is returned once and not kept: nothing in the row holds it.
    const bytes = (await t.databaseBytes()).toString('latin1');
    expect(bytes).not.toContain(issued.keyPem.split('\n')[1]);
    expect(certificates.map((c) => c.kind)).toEqual(expect.arrayContaining(['ca', 'server', 'client']));
    expect((await lastAudit('issueClientCertificate'))?.target).toBe(issued.certificate.serial);
  });

  it('still serves a client that presents no certificate at all', async () => {
    expect((await t.client().call('status', {})).ok).toBe(true);
  });

  it('with mutual TLS on, still refuses TLS below 1.2 and a client that does not trust the CA', async () => {
    const handshake = (options: tls.ConnectionOptions) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: t.server.port, ...options }, () => {
          resolve(`connected ${socket.getProtocol()}`);
          socket.end();
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    expect(await handshake({ ca: t.server.caCertPem })).toMatch(/^connected TLSv1\.[23]$/);
    expect(
      await handshake({ ca: t.server.caCertPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }),
    ).not.toMatch(/^connected/);
    expect(await handshake({})).toMatch(/CERT|SELF_SIGNED|UNABLE/);
  });

  it('refuses a revoked certificate from the next request on the same connection, and audits it', async () => {
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'deploy-bot',
      validityDays: 30,
    });
    const machine = clientPresenting({ cert: issued.certPem, key: issued.keyPem });
    expect((await machine.call('status', {})).ok).toBe(true);

    const revoked = await admin.client.request('revokeCertificate', {
      serial: issued.certificate.serial.toUpperCase(),
      reason: 'keyCompromise',
    });
    expect(revoked.certificate).toMatchObject({ status: 'revoked', revokeReason: 'keyCompromise' });

    const refused = await machine.call('status', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'certificate_refused' } });
    expect(!refused.ok && refused.error.message).toMatch(/revoked/);
    const entry = await lastAudit('status');
    expect(entry).toMatchObject({
      status: 'denied',
      code: 'certificate_revoked',
      target: `certificate ${issued.certificate.serial}`,
    });
    // Revoking twice is refused; the audit names the serial.
    expect(
      await codeOf(
        admin.client.request('revokeCertificate', {
          serial: issued.certificate.serial,
          reason: 'superseded',
        }),
      ),
    ).toBe('conflict');
    expect((await lastAudit('revokeCertificate'))?.target).toBe(issued.certificate.serial);

    // The CRL served to anyone lists it with its reason, signed by the CA.
    const response = await t.fetch(`${t.server.url}/v1/crl.pem`);
    expect(response.status).toBe(200);
    const crl = new x509.X509Crl(await response.text());
    const ca = new x509.X509Certificate(t.server.caCertPem);
    expect(await crl.verify({ publicKey: ca.publicKey })).toBe(true);
    const entryInCrl = crl.findRevoked(new x509.X509Certificate(issued.certPem));
    expect(entryInCrl?.reason).toBe(x509.X509CrlReason.keyCompromise);
    expect(crl.issuer).toBe(ca.subject);
  });

  it('refuses an expired certificate with a reason a person can read', async () => {
    clockOffset = -400 * DAY;
    const old = await admin.client.request('issueClientCertificate', {
      commonName: 'old-job',
      validityDays: 30,
    });
    clockOffset = 0;
    // The admin's session saw the clock go back a year: sign in again at the real time.
    admin = await Session.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const machine = clientPresenting({ cert: old.certPem, key: old.keyPem });
    const refused = await machine.call('status', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'certificate_refused' } });
    expect(!refused.ok && refused.error.message).toMatch(/expired/);
    expect(await lastAudit('status')).toMatchObject({ status: 'denied', code: 'certificate_refused' });
    const { certificates } = await admin.client.request('listCertificates', { status: 'expired' });
    expect(certificates.map((c) => c.serial)).toContain(old.certificate.serial);
  });

  it('refuses a certificate from another certificate authority', async () => {
    const otherPem = await createCertificateAuthority({ commonName: 'Someone Else CA', validityDays: 30 });
    const other = { serial: 'x', certPem: otherPem.certPem, key: await importSigningKeyPem(otherPem.keyPem) };
    const foreign = await issueClientCertificate(other, {
      commonName: 'intruder',
      validityDays: 30,
      now: new Date(),
    });
    const intruder = clientPresenting({ cert: foreign.certPem, key: foreign.keyPem });
    const refused = await intruder.call('status', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'certificate_refused' } });
    expect(!refused.ok && refused.error.message).toMatch(/not issued by this server/);
    expect(await lastAudit('status')).toMatchObject({ status: 'denied', code: 'certificate_refused' });
  });

  it('renews for the same key: the holder presents the new certificate with the key they already have', async () => {
    const first = await admin.client.request('issueClientCertificate', {
      commonName: 'renew-me',
      validityDays: 5,
    });
    const renewed = await admin.client.request('renewCertificate', {
      serial: first.certificate.serial,
      validityDays: 400,
    });
    expect(renewed.certificate.serial).not.toBe(first.certificate.serial);
    expect(renewed.certificate.commonName).toBe('renew-me');
    const oldKey = new NodeX509(first.certPem).publicKey.export({ type: 'spki', format: 'der' });
    const newKey = new NodeX509(renewed.certPem).publicKey.export({ type: 'spki', format: 'der' });
    expect(newKey.equals(oldKey)).toBe(true);
    expect(new Date(renewed.certificate.expiresAt).getTime() - Date.now()).toBeGreaterThan(399 * DAY);
    const machine = clientPresenting({ cert: renewed.certPem, key: first.keyPem });
    expect((await machine.call('status', {})).ok).toBe(true);
    const { certificates } = await admin.client.request('listCertificates', { kind: 'client' });
    expect(certificates.find((c) => c.serial === first.certificate.serial)?.renewedTo).toBe(
      renewed.certificate.serial,
    );
    expect(
      await codeOf(admin.client.request('renewCertificate', { serial: 'abcdef12', validityDays: 5 })),
    ).toBe('not_found');
  });

  it('comes as PKCS#12 sealed with the password: it opens with it, not without, and OpenSSL accepts it', async () => {
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'laptop-cli',
      validityDays: 30,
      pkcs12Password: 'bundle password 1',
    });
    const pfx = Buffer.from(issued.pkcs12Base64 ?? '', 'base64');
    const opened = await openPkcs12(pfx, 'bundle password 1');
    expect(Buffer.from(opened.certDer).equals(new NodeX509(issued.certPem).raw)).toBe(true);
    const keyDer = Buffer.from(issued.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(Buffer.from(opened.keyDer).equals(keyDer)).toBe(true);
    await expect(openPkcs12(pfx, 'wrong password')).rejects.toThrow();
    expect(() => tls.createSecureContext({ pfx, passphrase: 'wrong password' })).toThrow();
    // The bundle, as OpenSSL reads it, is a working client identity.
    const machine = clientPresenting({ pfx, passphrase: 'bundle password 1' });
    expect((await machine.call('status', {})).ok).toBe(true);
    // Neither the password nor the key reaches the log or the database.
    expect(t.logText()).not.toContain('bundle password 1');
    expect(t.logText()).not.toContain(issued.keyPem.split('\n')[1]);
    expect((await t.databaseBytes()).includes(Buffer.from('bundle password 1'))).toBe(false);
  });

  it('refuses bad input by field and changes nothing', async () => {
    const before = (await admin.client.request('listCertificates', {})).certificates.length;
    const bad = await admin.client.call('issueClientCertificate', {
      commonName: 'tab\there',
      validityDays: 5,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'commonName' } });
    const short = await admin.client.call('issueClientCertificate', {
      commonName: 'x',
      pkcs12Password: 'short',
    });
    expect(short).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'pkcs12Password' } });
    const reason = await admin.client.call('revokeCertificate', {
      serial: 'abc',
      reason: 'removeFromCRL' as never,
    });
    expect(reason).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'reason' } });
    expect((await admin.client.request('listCertificates', {})).certificates.length).toBe(before);
  });
});

describe('after a restart', () => {
  it('still refuses a revoked certificate and serves the CRL while sealed, before anyone unseals', async () => {
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'restart-bot',
      validityDays: 30,
    });
    await admin.client.request('revokeCertificate', {
      serial: issued.certificate.serial,
      reason: 'privilegeWithdrawn',
    });
    await t.restart();
    expect((await t.client().request('status', {})).sealed).toBe(true);
    const machine = clientPresenting({ cert: issued.certPem, key: issued.keyPem });
    expect(await machine.call('status', {})).toMatchObject({
      ok: false,
      error: { code: 'certificate_refused' },
    });
    const crl = new x509.X509Crl(await (await t.fetch(`${t.server.url}/v1/crl.pem`)).text());
    expect(crl.findRevoked(new x509.X509Certificate(issued.certPem))?.reason).toBe(
      x509.X509CrlReason.privilegeWithdrawn,
    );
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    // The listener came back on another free port: everyone signs in again there.
    admin = await Session.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    mod = await Session.login(t.client(), 'molly', 'molly password 123', 'cli');
    plain = await Session.login(t.client(), 'pete', 'pete password 123', 'cli');
    expect(await lastAudit('status')).toMatchObject({ status: 'denied', code: 'certificate_revoked' });
    expect(t.logText()).not.toMatch(/certificate bookkeeping at unseal failed|CRL rebuild failed/);
  });
});

describe('who may manage certificates', () => {
  it('refuses moderators and users (audited), shows the overview to staff, the CA certificate to anyone', async () => {
    for (const session of [mod, plain]) {
      expect(await codeOf(session.client.request('issueClientCertificate', { commonName: 'nope' }))).toBe(
        'forbidden',
      );
      expect(await lastAudit('issueClientCertificate')).toMatchObject({
        status: 'denied',
        code: 'forbidden',
      });
      expect(await codeOf(session.client.request('listCertificates', {}))).toBe('forbidden');
      expect(await codeOf(session.client.request('renewServerCertificate', {}))).toBe('forbidden');
    }
    expect(await codeOf(plain.client.request('getAdminOverview', {}))).toBe('forbidden');
    const overview = await mod.client.request('getAdminOverview', {});
    expect(overview.users).toEqual({ active: 3, disabled: 0, locked: 0 });
    expect(overview.sessionsOpen).toBeGreaterThanOrEqual(3);
    expect(overview.keyringTerm).toBe(1);
    const ca = await t.client().request('downloadCaCertificate', {});
    expect(ca.certPem).toBe(t.server.caCertPem);
  });

  it('flags on the overview a certificate in the last third of its life, not one freshly issued', async () => {
    const before = await admin.client.request('getAdminOverview', {});
    // Issued 8 days ago for 10 days: 2 days left, under a third of its life.
    clockOffset = -8 * DAY;
    const soon = await admin.client.request('issueClientCertificate', {
      commonName: 'ten-days',
      validityDays: 10,
    });
    clockOffset = 0;
    // The admin's session saw the clock go back: sign in again at the real time.
    admin = await Session.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    await admin.client.request('issueClientCertificate', { commonName: 'fresh-ten-days', validityDays: 10 });
    await admin.client.request('issueClientCertificate', { commonName: 'a-year', validityDays: 365 });
    const overview = await admin.client.request('getAdminOverview', {});
    const flagged = overview.attention.find((a) => a.serial === soon.certificate.serial);
    expect(flagged).toMatchObject({ status: 'expiring', commonName: 'ten-days', kind: 'client' });
    expect(overview.attention.map((a) => a.commonName)).not.toContain('fresh-ten-days');
    expect(overview.attention.map((a) => a.commonName)).not.toContain('a-year');
    // The counts follow the same rule: one more expiring, two more valid.
    expect(overview.certificates.expiring).toBe(before.certificates.expiring + 1);
    expect(overview.certificates.valid).toBe(before.certificates.valid + 2);
    const { certificates } = await admin.client.request('listCertificates', { status: 'expiring' });
    expect(certificates.map((c) => c.commonName)).toEqual(['ten-days']);
    // The renewed-away and revoked ones are not flagged: nobody needs to act on them.
    expect(overview.attention.map((a) => a.commonName)).not.toContain('renew-me');
    expect(overview.certificates.expiring).toBeGreaterThanOrEqual(1);
  });
});

describe('the server certificate', () => {
  it('is renewed for the names in settings and served at once, without a restart', async () => {
    const before = await servedCertificate({ ca: t.server.caCertPem });
    const bad = await admin.client.call('updateSettings', { patch: { tls: { dnsNames: ['bad name!'] } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await admin.client.request('updateSettings', {
      patch: { tls: { dnsNames: ['localhost', 'vault.example.test'], ipAddresses: ['127.0.0.1'] } },
    });
    const { certificate } = await admin.client.request('renewServerCertificate', { validityDays: 90 });
    expect(certificate).toMatchObject({ kind: 'server', current: true, commonName: 'localhost' });
    expect(certificate.dnsNames).toEqual(['localhost', 'vault.example.test']);

    const after = await servedCertificate({ ca: t.server.caCertPem, servername: 'vault.example.test' });
    expect(after.serialNumber.toLowerCase()).toBe(certificate.serial);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    // The old one stays listed, no longer current.
    const { certificates } = await admin.client.request('listCertificates', { kind: 'server' });
    expect(certificates.find((c) => c.serial === before.serialNumber.toLowerCase())?.current).toBe(false);
    expect(certificates.filter((c) => c.current)).toHaveLength(1);
    expect((await lastAudit('renewServerCertificate'))?.target).toBe(certificate.serial);
    // Clients that trust the CA carry on.
    expect((await t.client().call('status', {})).ok).toBe(true);
  });

  it('is replaced by an administrator’s own certificate only when its key matches', async () => {
    const theirCa = await createCertificateAuthority({ commonName: 'Corporate CA', validityDays: 365 });
    const mine = await issueServerCertificate(theirCa, {
      commonName: 'vault.corp.test',
      dnsNames: ['vault.corp.test', 'localhost'],
      ipAddresses: ['127.0.0.1'],
      validityDays: 90,
    });
    const other = await issueServerCertificate(theirCa, {
      commonName: 'other',
      dnsNames: ['other.test'],
      ipAddresses: [],
      validityDays: 90,
    });
    const mismatch = await admin.client.call('replaceServerCertificate', {
      certPem: mine.certPem,
      keyPem: other.keyPem,
    });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'keyPem' } });
    expect(await lastAudit('replaceServerCertificate')).toMatchObject({
      status: 'denied',
      code: 'bad_request',
    });
    const garbage = await admin.client.call('replaceServerCertificate', {
      certPem: '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----',
      keyPem: mine.keyPem,
    });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'certPem' } });
    const stillOurs = await servedCertificate({ ca: t.server.caCertPem });
    expect(stillOurs.issuer.CN).toMatch(/^Keyhold CA/);

    const { certificate } = await admin.client.request('replaceServerCertificate', {
      certPem: mine.certPem + theirCa.certPem,
      keyPem: mine.keyPem,
    });
    expect(certificate).toMatchObject({
      kind: 'server',
      current: true,
      serial: mine.serialNumber.toLowerCase(),
    });
    const served = await servedCertificate({ ca: theirCa.certPem, servername: 'vault.corp.test' });
    expect(served.serialNumber.toLowerCase()).toBe(mine.serialNumber.toLowerCase());
  });
});

describe('when a certificate counts as expiring', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const valid = (days: number) => ({
    revoked_at: null,
    not_before: start.toISOString(),
    not_after: new Date(start.getTime() + days * DAY).toISOString(),
  });
  const on = (day: number) => new Date(start.getTime() + day * DAY);

  it('a 30-day certificate is valid when issued and for 20 days, then expiring', () => {
    expect(certificateStatus(valid(30), on(0))).toBe('valid');
    expect(certificateStatus(valid(30), on(19.9))).toBe('valid');
    expect(certificateStatus(valid(30), on(20.1))).toBe('expiring');
    expect(certificateStatus(valid(30), on(29.9))).toBe('expiring');
    expect(certificateStatus(valid(30), on(30))).toBe('expired');
  });

  it('a year-long certificate turns expiring 30 days before its end', () => {
    expect(certificateStatus(valid(365), on(334.9))).toBe('valid');
    expect(certificateStatus(valid(365), on(335.1))).toBe('expiring');
  });

  it('a one-day certificate is expiring only in its last 8 hours', () => {
    expect(certificateStatus(valid(1), on(0))).toBe('valid');
    expect(certificateStatus(valid(1), on(0.6))).toBe('valid');
    expect(certificateStatus(valid(1), on(0.7))).toBe('expiring');
  });

  it('a revoked certificate stays revoked whatever its dates', () => {
    expect(certificateStatus({ ...valid(30), revoked_at: start.toISOString() }, on(25))).toBe('revoked');
  });
});

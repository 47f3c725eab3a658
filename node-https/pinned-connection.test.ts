// The shared Node HTTPS connection against real TLS servers whose certificates the server's own CA code made:
// only the pinned CA is trusted, the host name is checked when asked, a client certificate is presented when
// given, a silent server is given up on, and every refusal is worded for a person.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  issueServerCertificate,
  type PemPair,
} from '../server/certificates/certificate-authority.ts';
import { issueClientCertificate } from '../server/certificates/issuing.ts';
import { importSigningKeyPem } from '../server/certificates/pem.ts';
import { caIdentity, normalizeFingerprint, presentedChainTop } from './ca-fingerprint.ts';
import { certificateRefusal, unreachableReason } from './connection-failure.ts';
import { createPinnedConnection, type PinnedConnection } from './pinned-connection.ts';

let serverCa: PemPair;
let otherCa: PemPair;
/** A certificate for 127.0.0.1 and localhost from the server's CA, sent with that CA (as Keyhold sends it). */
let serverCert: PemPair;

beforeAll(async () => {
  serverCa = await createCertificateAuthority({ commonName: 'Keyhold CA of the server', validityDays: 30 });
  otherCa = await createCertificateAuthority({ commonName: 'Some other CA', validityDays: 30 });
  serverCert = await issueServerCertificate(serverCa, {
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    validityDays: 30,
  });
});

interface Seen {
  path: string;
  body: string;
  clientCn: string | null;
}

const running: https.Server[] = [];
const connections: PinnedConnection[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
  for (const server of running.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A real HTTPS server on a free port that records what reached it and answers {"ok":true}. */
async function startServer(
  tls: https.ServerOptions,
  options: { silent?: boolean } = {},
): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seen.push({
        path: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        clientCn: peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : null,
      });
      if (options.silent) return;
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test' });
      res.end('{"ok":true}');
    });
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const keyholdLike = () => ({ cert: `${serverCert.certPem}\n${serverCa.certPem}`, key: serverCert.keyPem });

function connect(...args: Parameters<typeof createPinnedConnection>): PinnedConnection {
  const connection = createPinnedConnection(...args);
  connections.push(connection);
  return connection;
}

describe('the pinned CA', () => {
  it('accepts a server whose certificate the pinned CA issued', async () => {
    const server = await startServer(keyholdLike());
    const connection = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: true },
    });
    const answer = await connection.postJson('/v1/op/status', '{"a":1}');
    expect(answer.status).toBe(200);
    expect(answer.body.toString('utf8')).toBe('{"ok":true}');
    expect(
      answer.peer?.checkIssued(new (await import('node:crypto')).X509Certificate(serverCa.certPem)),
    ).toBe(true);
    expect(server.seen).toEqual([{ path: '/v1/op/status', body: '{"a":1}', clientCn: null }]);
  });

  it('refuses a server whose certificate another CA issued: nothing is sent, and the refusal says why', async () => {
    const server = await startServer(keyholdLike());
    const connection = connect({
      origin: server.origin,
      trust: { caPem: otherCa.certPem, checkHostName: false },
    });
    const failure = await connection.postJson('/v1/op/status', '{"secret":"never sent"}').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(certificateRefusal(server.origin, failure)).toEqual({
      reason: 'not-pinned-ca',
      sentence: expect.stringMatching(
        /^the server at https:\/\/127\.0\.0\.1:\d+ presented a certificate that is not from the CA pinned for it \([A-Z_]+\); nothing was sent\.$/,
      ),
    });
    expect(server.seen).toEqual([]);
  });

  it('refuses another CA serving with its own certificate, as a certificate that did not verify', async () => {
    const server = await startServer({ cert: otherCa.certPem, key: otherCa.keyPem });
    const connection = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: false },
    });
    const failure = await connection.postJson('/', '{}').catch((error: unknown) => error);
    expect(certificateRefusal(server.origin, failure)).toEqual({
      reason: 'did-not-verify',
      sentence: expect.stringMatching(/did not verify \([A-Z_]+\); nothing was sent\.$/),
    });
    expect(server.seen).toEqual([]);
  });

  it('checks the host name only when asked: the certificate must name the address when checkHostName is set', async () => {
    const elsewhere = await issueServerCertificate(serverCa, {
      commonName: 'vault.example',
      dnsNames: ['vault.example'],
      ipAddresses: [],
      validityDays: 30,
    });
    const server = await startServer({ cert: elsewhere.certPem, key: elsewhere.keyPem });
    const strict = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: true },
    });
    const failure = await strict.postJson('/', '{}').catch((error: unknown) => error);
    expect(certificateRefusal(server.origin, failure)).toEqual({
      reason: 'wrong-name',
      sentence: expect.stringContaining("the server's certificate is not valid for the name 127.0.0.1"),
    });
    expect(server.seen).toEqual([]);

    const byCa = connect({ origin: server.origin, trust: { caPem: serverCa.certPem, checkHostName: false } });
    expect((await byCa.postJson('/', '{}')).status).toBe(200);
    expect(server.seen).toHaveLength(1);
  });
});

describe('mutual TLS', () => {
  it('presents the client certificate when given one, and a server that requires one refuses a call without', async () => {
    const ca = { serial: '01', certPem: serverCa.certPem, key: await importSigningKeyPem(serverCa.keyPem) };
    const client = await issueClientCertificate(ca, {
      commonName: 'ci-runner',
      validityDays: 7,
      now: new Date(),
    });
    const server = await startServer({
      ...keyholdLike(),
      requestCert: true,
      rejectUnauthorized: true,
      ca: serverCa.certPem,
    });

    const withCert = connect({
      origin: server.origin,
      trust: {
        caPem: serverCa.certPem,
        checkHostName: true,
        clientCertPem: client.certPem,
        clientKeyPem: client.keyPem,
      },
    });
    expect((await withCert.postJson('/v1/op/whoami', '{}')).status).toBe(200);
    expect(server.seen).toEqual([{ path: '/v1/op/whoami', body: '{}', clientCn: 'ci-runner' }]);

    const without = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: true },
    });
    const failure = await without.postJson('/v1/op/whoami', '{}').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    // The server refused this client: not worded as a fault of the server's certificate.
    expect(certificateRefusal(server.origin, failure)).toBeNull();
    expect(server.seen).toHaveLength(1);
  });
});

describe('as a fetch (the CLI hands it to the client library)', () => {
  it('answers as fetch does, refuses another origin, and fails as fetch does with the TLS error as cause', async () => {
    const server = await startServer(keyholdLike());
    const connection = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: true },
    });
    const response = await connection.fetch(new URL('/v1/op/status', server.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{"x":2}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('test');
    expect(await response.json()).toEqual({ ok: true });
    expect(server.seen).toEqual([{ path: '/v1/op/status', body: '{"x":2}', clientCn: null }]);

    await expect(
      connection.fetch('https://elsewhere.example/v1/op/status', { method: 'POST' }),
    ).rejects.toThrow(/this connection is for https:\/\/127\.0\.0\.1:\d+ only/);

    const pinnedElsewhere = connect({
      origin: server.origin,
      trust: { caPem: otherCa.certPem, checkHostName: true },
    });
    const failure = await pinnedElsewhere
      .fetch(`${server.origin}/`, { method: 'POST', body: '{}' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe('fetch failed');
    expect(certificateRefusal(server.origin, failure)?.reason).toBe('not-pinned-ca');
    expect(server.seen).toHaveLength(1);
  });
});

describe('a server that does not answer', () => {
  it('is given up on after the timeout, worded as not answering in time', async () => {
    const server = await startServer(keyholdLike(), { silent: true });
    const connection = connect({
      origin: server.origin,
      trust: { caPem: serverCa.certPem, checkHostName: true },
      timeoutMs: 300,
    });
    const failure = await connection.postJson('/v1/op/status', '{}').catch((error: unknown) => error);
    expect(unreachableReason(failure)).toBe('it did not answer in time');
    expect(server.seen).toHaveLength(1);
  });

  it('says nothing answers at a closed port', async () => {
    const server = await startServer(keyholdLike());
    const { origin } = server;
    const closed = running.pop();
    closed?.closeAllConnections();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const connection = connect({ origin, trust: { caPem: serverCa.certPem, checkHostName: true } });
    const failure = await connection.postJson('/', '{}').catch((error: unknown) => error);
    expect(unreachableReason(failure)).toBe('nothing answers there');
  });

  it('refuses a plain-HTTP server URL before connecting', () => {
    expect(() =>
      createPinnedConnection({
        origin: 'http://127.0.0.1:1',
        trust: { caPem: serverCa.certPem, checkHostName: true },
      }),
    ).toThrow(/HTTPS only/);
  });
});

describe('the CA fingerprint pin (first meeting)', () => {
  it('reads the CA a server sends, trusting nothing, so its fingerprint can be compared', async () => {
    const server = await startServer(keyholdLike());
    const top = await presentedChainTop(server.origin);
    expect(top.ca).toBe(true);
    expect(top.fingerprint256).toBe(caIdentity(serverCa.certPem).fingerprint);
    expect(server.seen).toEqual([]);
  });

  it('normalises a fingerprint however a person pastes it, and refuses what is not one', () => {
    const { fingerprint } = caIdentity(serverCa.certPem);
    const bare = fingerprint.replaceAll(':', '').toLowerCase();
    expect(normalizeFingerprint(bare)).toBe(fingerprint);
    expect(normalizeFingerprint(`sha256=${bare.slice(0, 10)} ${bare.slice(10)}`)).toBe(fingerprint);
    expect(normalizeFingerprint('abc')).toBeNull();
  });

  it('gives the first meeting the certificate presented, even one no pinned CA would accept', async () => {
    const server = await startServer({ cert: otherCa.certPem, key: otherCa.keyPem });
    const meeting = connect({ origin: server.origin, trust: 'first-meeting' });
    const answer = await meeting.postJson('/v1/op/getServerCa', '{}');
    expect(answer.status).toBe(200);
    expect(answer.peer?.fingerprint256).toBe(caIdentity(otherCa.certPem).fingerprint);
  });
});

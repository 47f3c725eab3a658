// First contact without --ca: the CA is read over an unverified connection only to compare fingerprints.
// The real server sends only its own certificate, so a TLS relay that also sends the CA (as a server with
// a full chain would) stands in front of it for the cases where the CA can be read.
import { readFileSync, statSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caFingerprint, fetchServerCa } from '../../cli/server-ca.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliUser } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

let t: TestServer;
let relay: tls.Server | null = null;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  relay = null;
  await t?.stop();
});

/** Terminates TLS with the server's own key and certificate plus its CA, and relays to the server. */
async function chainSendingRelay(): Promise<string> {
  const tlsDir = path.join(t.dataDir, 'tls');
  const upstream = new URL(t.server.url);
  relay = tls.createServer(
    {
      key: readFileSync(path.join(tlsDir, 'server-key.pem')),
      cert: [
        readFileSync(path.join(tlsDir, 'server.pem'), 'utf8').trim(),
        t.server.caCertPem.trim(),
        '',
      ].join('\n'),
    },
    (socket) => {
      const onward = tls.connect({ host: '127.0.0.1', port: Number(upstream.port), ca: t.server.caCertPem });
      socket.pipe(onward).pipe(socket);
      onward.on('error', () => socket.destroy());
      socket.on('error', () => onward.destroy());
    },
  );
  await new Promise<void>((resolve) => relay!.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
}

describe('trusting a server on first login', () => {
  it('reads the CA a server sends and reports its fingerprint; a server sending only its certificate is told to use --ca', async () => {
    t = await startTestServer();
    const relayUrl = await chainSendingRelay();
    const offered = await fetchServerCa(relayUrl);
    expect(offered.fingerprint).toBe(caFingerprint(t.server.caCertPem));
    await expect(fetchServerCa(t.server.url)).rejects.toThrow(/does not send its CA certificate.*--ca FILE/);
  });

  it('--ca-fingerprint signs in when it matches and pins nothing when it does not', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const relayUrl = await chainSendingRelay();
    const cli = cliUser(t);
    users.push(cli);
    const wrong = '00'.repeat(32);
    const refused = await cli.run(
      ['login', '--server', relayUrl, '--ca-fingerprint', wrong, '--user', ADMIN.username],
      {
        input: `${ADMIN.password}\n`,
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not the one given with --ca-fingerprint');
    expect(() => statSync(path.join(cli.configDir, 'config.json'))).toThrow();

    const fingerprint = caFingerprint(t.server.caCertPem).replaceAll(':', '').toLowerCase();
    const accepted = await cli.run(
      ['login', '--server', relayUrl, '--ca-fingerprint', fingerprint, '--user', ADMIN.username],
      {
        input: `${ADMIN.password}\n`,
      },
    );
    expect(accepted.code).toBe(0);
    const config = JSON.parse(readFileSync(path.join(cli.configDir, 'config.json'), 'utf8')) as {
      caPem: string;
    };
    expect(caFingerprint(config.caPem)).toBe(caFingerprint(t.server.caCertPem));
    // Pinned: later commands need neither flag, and trust that CA only.
    expect((await cli.run(['ls', '--json'])).code).toBe(0);
  });

  it('refuses a malformed fingerprint as bad usage', async () => {
    t = await startTestServer();
    const cli = cliUser(t);
    users.push(cli);
    const out = await cli.run([
      'login',
      '--server',
      t.server.url,
      '--ca-fingerprint',
      'abc',
      '--user',
      'x-user',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^keyhold: --ca-fingerprint: must be a SHA-256 fingerprint/);
  });
});

// First contact without --ca: the CA the server sends in its chain is read over an unverified connection
// only to compare fingerprints; nothing is trusted or pinned before a person (or --ca-fingerprint) agrees.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caFingerprint, fetchServerCa } from '../../cli/server-ca.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliUser } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

describe('trusting a server on first login', () => {
  it('reads the CA the server sends in its chain and reports its fingerprint', async () => {
    t = await startTestServer();
    const offered = await fetchServerCa(t.server.url);
    expect(offered.fingerprint).toBe(caFingerprint(t.server.caCertPem));
  });

  it('--ca-fingerprint signs in when it matches and pins nothing when it does not', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    const wrong = '00'.repeat(32);
    const refused = await cli.run(
      ['login', '--server', t.server.url, '--ca-fingerprint', wrong, '--user', ADMIN.username],
      {
        input: `${ADMIN.password}\n`,
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not the one given by --ca-fingerprint');
    expect(() => statSync(path.join(cli.configDir, 'config.json'))).toThrow();

    const fingerprint = caFingerprint(t.server.caCertPem).replaceAll(':', '').toLowerCase();
    const accepted = await cli.run(
      ['login', '--server', t.server.url, '--ca-fingerprint', fingerprint, '--user', ADMIN.username],
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

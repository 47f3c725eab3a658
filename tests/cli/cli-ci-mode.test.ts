// keyhold in CI: configuration and sign-in from the environment alone (nothing written to disk), a token
// on stdin, whoami/status/--version, the message for a server whose certificate is not from the pinned
// CA, and a session whose operation numbers curl used meanwhile.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caFingerprint } from '../../cli/server-ca.ts';
import { TEST_KDF_PARAMS } from '../../client/crypto/kdf.ts';
import { createMachineIdentity } from '../../client/index.ts';
import type { MachineToken } from '../../client/machine-identity.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { rawRequest } from '../support/raw-request.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser, runKeyhold } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

const VALUE = 'ci-mode-marker-0e41c7';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

/** A server where the admin owns /ci/db and shares it with a machine identity whose token is returned. */
async function machineWithGrant(): Promise<{ token: MachineToken; cli: CliUser; admin: VaultSession }> {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const secret = await admin.createSecret({
    name: 'db',
    path: '/ci',
    type: 'custom',
    payload: { value: VALUE },
  });
  const { token, principal } = await createMachineIdentity(admin.client, {
    username: 'ci-env',
    displayName: 'CI from env',
    server: t.server.url,
    kdf: TEST_KDF_PARAMS,
  });
  await admin.sharing.share(secret.id, await admin.sharing.addContact(principal), 'read');
  const cli = cliUser(t);
  users.push(cli);
  return { token, cli, admin };
}

describe('configuration from the environment (KEYHOLD_TOKEN)', () => {
  it('signs in per command with the token, trusting the CA fingerprint the token records, and writes nothing', async () => {
    const { token, cli, admin } = await machineWithGrant();
    expect(token.caFingerprint).toBe(caFingerprint(t.server.caCertPem));
    const env = { KEYHOLD_TOKEN: JSON.stringify(token) };
    expect(await cli.run(['get', '/ci/db'], { env })).toMatchObject({ code: 0, stdout: VALUE, stderr: '' });
    const me = await cli.run(['whoami', '--json'], { env });
    expect(JSON.parse(me.stdout)).toMatchObject({
      username: 'ci-env',
      kind: 'machine',
      server: t.server.url,
      source: 'KEYHOLD_TOKEN',
    });
    // Nothing on disk: no configuration folder, so no session file and no private key.
    expect(existsSync(cli.configDir)).toBe(false);
    // Each command signed out at its end: no session of the machine is left open.
    const { clients } = await admin.client.request('listClients', {});
    expect(clients.filter((c) => c.username === 'ci-env')).toEqual([]);
  });

  it('KEYHOLD_CA (a PEM) and KEYHOLD_SERVER win; a wrong KEYHOLD_CA_FINGERPRINT is refused', async () => {
    const { token, cli } = await machineWithGrant();
    const { caFingerprint: _dropped, ...withoutCa } = token;
    const bare = JSON.stringify({ ...withoutCa, server: 'https://elsewhere.invalid:1' });
    const noCa = await cli.run(['get', '/ci/db'], {
      env: { KEYHOLD_TOKEN: bare, KEYHOLD_SERVER: t.server.url },
    });
    expect(noCa.code).toBe(2);
    expect(noCa.stderr).toMatch(/^keyhold: KEYHOLD_CA: this token does not name its server's CA/);
    const pem = await cli.run(['get', '/ci/db'], {
      env: { KEYHOLD_TOKEN: bare, KEYHOLD_SERVER: t.server.url, KEYHOLD_CA: t.server.caCertPem },
    });
    expect(pem).toMatchObject({ code: 0, stdout: VALUE });
    const wrong = await cli.run(['get', '/ci/db'], {
      env: { KEYHOLD_TOKEN: bare, KEYHOLD_SERVER: t.server.url, KEYHOLD_CA_FINGERPRINT: 'ab'.repeat(32) },
    });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/not the one given by KEYHOLD_CA_FINGERPRINT; not trusting it/);
    const garbled = await cli.run(['get', '/ci/db'], { env: { KEYHOLD_TOKEN: '{"kind":' } });
    expect(garbled).toMatchObject({
      code: 2,
      stderr: 'keyhold: KEYHOLD_TOKEN: the token file is not JSON\n',
    });
  });

  it('login --token - reads the token from standard input', async () => {
    const { token, cli } = await machineWithGrant();
    const login = await cli.run(['login', '--token', '-', '--ca', cli.caFile], {
      input: JSON.stringify(token),
    });
    expect(login).toMatchObject({ code: 0, stdout: '' });
    expect(login.stderr).toContain('as ci-env (machine identity)');
    expect(await cli.run(['get', '/ci/db'])).toMatchObject({ code: 0, stdout: VALUE });
  });
});

describe('whoami, status and --version', () => {
  it('name the signed-in person, the server state and the version, as text and JSON', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    const before = await cli.run(['status', '--json']);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({
      server: null,
      problem: expect.stringMatching(/^not set up/),
    });
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const status = await cli.run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      server: t.server.url,
      caFingerprint: caFingerprint(t.server.caCertPem),
      reachable: true,
      sealed: false,
      signedIn: { username: ADMIN.username, kind: 'person', source: 'session.json' },
      problem: null,
    });
    const text = await cli.run(['whoami']);
    expect(text.stdout).toMatch(new RegExp(`^USER +NAME +ROLE +KIND +SERVER +FROM\\n${ADMIN.username} `));
    const { version } = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    );
    expect(await runKeyhold(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    for (const verb of ['whoami', 'status']) {
      const help = await cli.run([verb, '--help']);
      expect(help.stdout).toMatch(/Exit codes: 0 /);
      expect(help.stdout).toMatch(/Examples?:\n {2}keyhold /);
    }
  });
});

describe('talking to the pinned server', () => {
  it('a certificate that is not from the pinned CA is explained, and nothing is sent', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    const otherCa = path.join(path.dirname(cli.caFile), 'other-ca.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=Some other CA',
        '-keyout',
        path.join(path.dirname(cli.caFile), 'other-ca.key'),
        '-out',
        otherCa,
      ],
      { stdio: 'ignore' },
    );
    const out = await cli.run(
      ['login', '--server', t.server.url, '--ca', otherCa, '--user', ADMIN.username],
      {
        input: `${ADMIN.password}\n`,
      },
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^keyhold: the server at https:\/\/[^ ]+ presented a certificate that is not from the CA pinned for it \([A-Z_]+\); nothing was sent\. .*keyhold login --server .* --ca NEW-CA\.pem/,
    );
    expect(out.stderr).not.toContain('[internal]');
  });

  it("recovers once when curl used the session's next operation numbers meanwhile", async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.createSecret({ name: 'db', path: '/ci', type: 'custom', payload: { value: VALUE } });
    const cli = cliUser(t);
    users.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const saved = JSON.parse(readFileSync(path.join(cli.configDir, 'session.json'), 'utf8')) as {
      token: string;
      opNumber: number;
    };
    // The README's recipe: the same token, with the operation number counted by hand from where the CLI is.
    const curl = { token: saved.token, opNumber: saved.opNumber };
    for (let n = 1; n <= 3; n++) {
      const response = await rawRequest(t, '/v1/op/whoami', { as: curl, body: {} });
      expect(response.status).toBe(200);
    }
    expect(curl.opNumber).toBe(saved.opNumber + 3);
    const first = await cli.run(['get', '/ci/db']);
    expect(first).toMatchObject({ code: 0, stdout: VALUE });
    expect(first.stderr).toMatch(/operation numbers were used by another program .* tried once more/);
    // The count saved after the resync is past curl's: the next command needs no recovery.
    expect(await cli.run(['get', '/ci/db'])).toMatchObject({ code: 0, stdout: VALUE, stderr: '' });
  });
});

// keyhold enroll: a person redeems the enrollment code an administrator made, from the terminal alone. Real
// keyhold processes against a real server; the new user then lists their vault with the CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caFingerprint } from '../../cli/server-ca.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

const STRONG = 'Velvet-Orchard-Compass-58';

let t: TestServer;
let admin: VaultSession;
const users: CliUser[] = [];

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
});
afterAll(async () => {
  for (const user of users) user.cleanup();
  await t?.stop();
});

async function newUser(username: string): Promise<{ code: string; cli: CliUser }> {
  const { enrollmentCode } = await admin.client.request('createUser', {
    username,
    displayName: username,
    role: 'user',
  });
  const cli = cliUser(t);
  users.push(cli);
  return { code: enrollmentCode, cli };
}

describe('keyhold enroll', () => {
  it('redeems the code with the password from stdin, pins the CA by fingerprint, and signs in: ls works', async () => {
    const { code, cli } = await newUser('dana');
    const fingerprint = caFingerprint(t.server.caCertPem);
    const enrolled = await cli.run(
      ['enroll', '--server', t.server.url, '--ca-fingerprint', fingerprint, '--user', 'dana', '--json', code],
      { input: `${STRONG}\n` },
    );
    expect(enrolled.stderr).toContain(`Enrolled as dana on ${t.server.url}; signed in.`);
    expect(enrolled.code).toBe(0);
    expect(JSON.parse(enrolled.stdout)).toMatchObject({
      server: t.server.url,
      username: 'dana',
      signedIn: true,
    });
    expect(enrolled.stderr + enrolled.stdout).not.toContain(STRONG);
    const config = JSON.parse(readFileSync(path.join(cli.configDir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ server: t.server.url, username: 'dana' });
    expect(caFingerprint(config.caPem)).toBe(fingerprint);

    expect(JSON.parse((await cli.run(['whoami', '--json'])).stdout)).toMatchObject({ username: 'dana' });
    const put = await cli.run(['put', '/notes/first'], { input: 'written after enrolling' });
    expect(put.code).toBe(0);
    const listed = await cli.run(['ls', '/notes', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('first');
    expect((await cli.run(['get', '/notes/first'])).stdout).toBe('written after enrolling');

    // The password chosen in the terminal is the account's: a fresh configuration signs in with it.
    const elsewhere = cliUser(t);
    users.push(elsewhere);
    const login = await elsewhere.run(
      ['login', '--server', t.server.url, '--ca', elsewhere.caFile, '--user', 'dana'],
      { input: `${STRONG}\n` },
    );
    expect(login.code).toBe(0);
  });

  it("refuses a weak password with the policy's words, and the code still works afterwards", async () => {
    const { code, cli } = await newUser('erin');
    const args = ['enroll', '--server', t.server.url, '--ca', cli.caFile, '--user', 'erin', code];
    const short = await cli.run(args, { input: 'erin123\n' });
    expect(short).toMatchObject({
      code: 1,
      stderr: 'keyhold: the password must be at least 10 characters; nothing was done\n',
    });
    const guessable = await cli.run(args, { input: 'password1234\n' });
    expect(guessable).toMatchObject({
      code: 1,
      stderr:
        'keyhold: the password is too easy to guess; add a few uncommon words or make it longer; nothing was done\n',
    });
    // Refused here, before the server saw anything: the code was not used up.
    const good = await cli.run(args, { input: `${STRONG}\n` });
    expect(good.code).toBe(0);
    expect(JSON.parse((await cli.run(['whoami', '--json'])).stdout)).toMatchObject({ username: 'erin' });
  });

  it('refuses a wrong code with the clear error and signs nobody in', async () => {
    const { cli } = await newUser('frank');
    const wrong = await cli.run(
      ['enroll', '--server', t.server.url, '--ca', cli.caFile, '--user', 'frank', 'AAAA-BBBB-CCCC-DDDD-EEEE'],
      { input: `${STRONG}\n` },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^keyhold: the enrollment code is wrong or has expired/);
    expect(wrong.stderr).not.toContain(STRONG);
    const whoami = await cli.run(['whoami']);
    expect(whoami.code).toBe(1);
  });

  it('names the argument when the code cannot be one, before asking for a password', async () => {
    const { cli } = await newUser('gina');
    const bad = await cli.run([
      'enroll',
      '--server',
      t.server.url,
      '--ca',
      cli.caFile,
      '--user',
      'gina',
      'abc',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CODE "abc": an enrollment code is 16 to 64 characters');
  });
});
